"""public account, inbox and notice delivery

Revision ID: 415c0bea8724
Revises: e8a17bb28f85
Create Date: 2026-11-22 09:34:56.803024

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '415c0bea8724'
down_revision = 'e8a17bb28f85'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('access_tokens',
    sa.Column('appid', sa.String(length=64), nullable=False),
    sa.Column('token', sa.String(length=512), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('appid', name=op.f('pk_access_tokens')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci'
    )
    op.create_table('inbound_keys',
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_inbound_keys')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci'
    )
    with op.batch_alter_table('inbound_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbound_keys_received_at'), ['received_at'], unique=False)

    op.create_table('conversations',
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.Column('user_id', sa.String(length=26), nullable=False),
    sa.Column('last_inbound_at', sa.DateTime(), nullable=True),
    sa.Column('last_outbound_at', sa.DateTime(), nullable=True),
    sa.Column('replies_since_inbound', sa.Integer(), nullable=False),
    sa.Column('unanswered', sa.Boolean(), nullable=False),
    sa.Column('waiting_since', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_conversations_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversations')),
    sa.UniqueConstraint('user_id', name=op.f('uq_conversations_user_id')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci'
    )
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.create_index('ix_conversations_queue', ['unanswered', 'waiting_since'], unique=False)

    op.create_table('subscribe_grants',
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.Column('user_id', sa.String(length=26), nullable=False),
    sa.Column('template_id', sa.String(length=64), nullable=False),
    sa.Column('granted_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('notice_id', sa.String(length=26), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_subscribe_grants_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscribe_grants')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci'
    )
    with op.batch_alter_table('subscribe_grants', schema=None) as batch_op:
        batch_op.create_index('ix_subscribe_grants_open', ['user_id', 'template_id', 'used_at'], unique=False)

    op.create_table('conversation_messages',
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.Column('conversation_id', sa.String(length=26), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('wechat_msg_id', sa.String(length=64), nullable=True),
    sa.Column('staff_id', sa.String(length=26), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('error', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_conversation_messages_conversation_id_conversations')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_conversation_messages_staff_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_messages')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci'
    )
    with op.batch_alter_table('conversation_messages', schema=None) as batch_op:
        batch_op.create_index('ix_conversation_messages_conversation', ['conversation_id', 'created_at'], unique=False)

    op.create_table('reminders_sent',
    sa.Column('licence_id', sa.String(length=26), nullable=False),
    sa.Column('expires_on', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['licence_id'], ['licences.id'], name=op.f('fk_reminders_sent_licence_id_licences')),
    sa.PrimaryKeyConstraint('licence_id', 'expires_on', 'kind', name=op.f('pk_reminders_sent')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci'
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('claim_token', sa.String(length=26), nullable=True))
        batch_op.add_column(sa.Column('wechat_msgid', sa.String(length=64), nullable=True))



def downgrade():
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_column('wechat_msgid')
        batch_op.drop_column('claim_token')
        batch_op.drop_column('claimed_until')

    op.drop_table('reminders_sent')
    with op.batch_alter_table('conversation_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_conversation_messages_conversation')

    op.drop_table('conversation_messages')
    with op.batch_alter_table('subscribe_grants', schema=None) as batch_op:
        batch_op.drop_index('ix_subscribe_grants_open')

    op.drop_table('subscribe_grants')
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_index('ix_conversations_queue')

    op.drop_table('conversations')
    with op.batch_alter_table('inbound_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbound_keys_received_at'))

    op.drop_table('inbound_keys')
    op.drop_table('access_tokens')
