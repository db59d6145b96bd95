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
    with op.batch_alter_table('users', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('token_version', sa.Integer(), server_default='0', nullable=False))
    # recreate="never": SQLite (3.35+) adds and drops these plain columns in place. Recreating staff_users would drop
    # the table under the foreign keys of every row that names a staff member (staff sessions, decisions, uploads),
    # which SQLite refuses once such rows exist.
    with op.batch_alter_table('staff_users', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('login_lock_epoch', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')


def downgrade():
    with op.batch_alter_table('staff_users', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')
                                      .with_variant(mysql.DATETIME(fsp=6), 'mariadb'), nullable=True))
        batch_op.drop_column('login_lock_epoch')
    with op.batch_alter_table('users', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('token_version')
