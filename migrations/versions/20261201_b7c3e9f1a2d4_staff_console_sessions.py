"""staff console sessions

Revision ID: b7c3e9f1a2d4
Revises: d368f7b27ef8
Create Date: 2026-12-01 15:00:00

"""
from alembic import op
import sqlalchemy as sa

from sqlalchemy.dialects import mysql

INSTANT = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql")


# revision identifiers, used by Alembic.
revision = 'b7c3e9f1a2d4'
down_revision = 'd368f7b27ef8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'staff_sessions',
        sa.Column('id', sa.String(length=26), nullable=False),
        sa.Column('staff_id', sa.String(length=26), nullable=False),
        sa.Column('created_at', INSTANT, nullable=False),
        sa.Column('last_seen_at', INSTANT, nullable=False),
        sa.Column('ended_at', INSTANT, nullable=True),
        sa.Column('ended_reason', sa.String(length=24), nullable=True),
        sa.Column('user_agent', sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], name=op.f('fk_staff_sessions_staff_id_staff_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_sessions')),
        mysql_charset='utf8mb4',
        mysql_collate='utf8mb4_unicode_ci',
    )
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_sessions_staff_id'), ['staff_id'], unique=False)


def downgrade():
    # The table goes with its indexes; MariaDB refuses to drop ix_staff_sessions_staff_id alone (its foreign key
    # needs it).
    op.drop_table('staff_sessions')
