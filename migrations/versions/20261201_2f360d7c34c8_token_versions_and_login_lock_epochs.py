"""resident token versions; staff login lock epochs instead of the per-account lock columns

Revision ID: 2f360d7c34c8
Revises: b7c3e9f1a2d4
Create Date: 2026-12-01 15:00:00.000000

Resident tokens carry users.token_version (logout and an admin's revoke-all raise it). The staff lock moved from
the account row (failed_logins, locked_until: one lock for everybody, which an outsider could trigger) to counters
per account and address in the throttle storage; login_lock_epoch lets an unlock start them again.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql


# revision identifiers, used by Alembic.
revision = '2f360d7c34c8'
down_revision = 'b7c3e9f1a2d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_version', sa.Integer(), server_default='0', nullable=False))
    sqlite_foreign_keys(False)
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('login_lock_epoch', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')
    sqlite_foreign_keys(True)


def downgrade():
    sqlite_foreign_keys(False)
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')
                                      .with_variant(mysql.DATETIME(fsp=6), 'mariadb'), nullable=True))
        batch_op.drop_column('login_lock_epoch')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('token_version')
    sqlite_foreign_keys(True)


def sqlite_foreign_keys(on: bool) -> None:
    """SQLite drops a column by rebuilding the table (copy, drop, rename); with foreign keys enforced, as the app's
    connections are, dropping staff_users fails while uploads, sessions or access records refer to it. The pragma
    has no effect inside a transaction, hence the autocommit block."""
    if op.get_bind().dialect.name != 'sqlite':
        return
    with op.get_context().autocommit_block():
        op.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")
