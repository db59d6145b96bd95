"""signed callback queries: each (timestamp, nonce) remembered with its body's hash for the freshness window

Revision ID: d368f7b27ef8
Revises: a169cc04758a
Create Date: 2026-12-01 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

# revision identifiers, used by Alembic.
revision = 'd368f7b27ef8'
down_revision = 'a169cc04758a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('signed_queries',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('body_sha256', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql"), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_signed_queries')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci'
    )
    with op.batch_alter_table('signed_queries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signed_queries_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('signed_queries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signed_queries_expires_at'))

    op.drop_table('signed_queries')
