"""staff administration (a password the member must change), the audit log's and the finance page's indexes

Revision ID: 16ad7a5c0e01
Revises: c16e0b4a1d55
Create Date: 2026-12-10 10:00:00.000000

Issue 16, 系统 pages: an account an admin made, or whose password an admin reset, carries a one-time password and
must_change_password until its member picks their own. The admin's audit log reads status_changes newest first,
by actor, and by kind of change. 财务: orders newest first by the day made or paid, trades by the gateway's
transaction number, and the daily sums of paid trades and completed refunds read from covering indexes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '16ad7a5c0e01'
down_revision = "c16e0b4a1d55"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default='0', nullable=False))
    with op.batch_alter_table('status_changes', schema=None) as batch_op:
        batch_op.create_index('ix_status_changes_at', ['at'], unique=False)
        batch_op.create_index('ix_status_changes_actor', ['actor_id', 'at'], unique=False)
        batch_op.create_index('ix_status_changes_action', ['entity_type', 'action', 'at'], unique=False)
    with op.batch_alter_table('payment_orders', schema=None) as batch_op:
        batch_op.create_index('ix_payment_orders_created', ['created_at'], unique=False)
        batch_op.create_index('ix_payment_orders_paid', ['paid_at'], unique=False)
    with op.batch_alter_table('payment_trades', schema=None) as batch_op:
        batch_op.create_index('ix_payment_trades_paid_sums', ['status', 'paid_at', 'channel', 'amount_fen'],
                              unique=False)
        batch_op.create_index('ix_payment_trades_transaction', ['transaction_id'], unique=False)
    with op.batch_alter_table('payment_refunds', schema=None) as batch_op:
        batch_op.create_index('ix_payment_refunds_completed_sums', ['status', 'completed_at', 'channel', 'amount_fen'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('payment_refunds', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_refunds_completed_sums')
    with op.batch_alter_table('payment_trades', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_trades_transaction')
        batch_op.drop_index('ix_payment_trades_paid_sums')
    with op.batch_alter_table('payment_orders', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_orders_paid')
        batch_op.drop_index('ix_payment_orders_created')
    with op.batch_alter_table('status_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_status_changes_action')
        batch_op.drop_index('ix_status_changes_actor')
        batch_op.drop_index('ix_status_changes_at')
    sqlite_foreign_keys(False)  # SQLite drops a column by rebuilding the table, which sessions refer to
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
    sqlite_foreign_keys(True)


def sqlite_foreign_keys(on: bool) -> None:
    """As in 2f360d7c34c8: the pragma has no effect inside a transaction, hence the autocommit block."""
    if op.get_bind().dialect.name != 'sqlite':
        return
    with op.get_context().autocommit_block():
        op.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")
