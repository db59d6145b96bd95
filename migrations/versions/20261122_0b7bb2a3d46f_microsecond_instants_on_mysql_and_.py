"""microsecond instants on MySQL and MariaDB

Revision ID: 0b7bb2a3d46f
Revises: 415c0bea8724
Create Date: 2026-11-22 10:06:23.029351

"""
from alembic import op
from sqlalchemy.dialects import mysql


# revision identifiers, used by Alembic.
revision = '0b7bb2a3d46f'
down_revision = '415c0bea8724'
branch_labels = None
depends_on = None


# Every column of an instant (backend.core.database.base.UTCDateTime): (table, column, nullable).
INSTANT_COLUMNS = [
    ('access_tokens', 'expires_at', True),
    ('application_rounds', 'submitted_at', False),
    ('application_rounds', 'decided_at', True),
    ('conversation_messages', 'created_at', False),
    ('conversations', 'last_inbound_at', True),
    ('conversations', 'last_outbound_at', True),
    ('conversations', 'waiting_since', True),
    ('conversations', 'created_at', False),
    ('dogs', 'created_at', False),
    ('dogs', 'updated_at', False),
    ('inbound_keys', 'received_at', False),
    ('inspections', 'decided_at', True),
    ('inspections', 'created_at', False),
    ('inspections', 'updated_at', False),
    ('licence_applications', 'submitted_at', False),
    ('licence_applications', 'decided_at', True),
    ('licence_applications', 'created_at', False),
    ('licence_applications', 'updated_at', False),
    ('licences', 'cancelled_at', True),
    ('licences', 'created_at', False),
    ('licences', 'updated_at', False),
    ('notices', 'created_at', False),
    ('notices', 'read_at', True),
    ('notices', 'next_attempt_at', True),
    ('notices', 'delivered_at', True),
    ('notices', 'claimed_until', True),
    ('reminders_sent', 'sent_at', False),
    ('staff_users', 'locked_until', True),
    ('staff_users', 'last_login_at', True),
    ('staff_users', 'created_at', False),
    ('staff_users', 'updated_at', False),
    ('status_changes', 'at', False),
    ('subscribe_grants', 'granted_at', False),
    ('subscribe_grants', 'used_at', True),
    ('transfers', 'expires_at', False),
    ('transfers', 'accepted_at', True),
    ('transfers', 'cancelled_at', True),
    ('transfers', 'created_at', False),
    ('transfers', 'updated_at', False),
    ('uploads', 'created_at', False),
    ('uploads', 'updated_at', False),
    ('users', 'mp_followed_at', True),
    ('users', 'last_login_at', True),
    ('users', 'created_at', False),
    ('users', 'updated_at', False),
    ('vaccinations', 'created_at', False),
    ('vaccinations', 'updated_at', False),
    ('zones', 'created_at', False),
    ('zones', 'updated_at', False),
]


def _alter(precision) -> None:
    """MySQL and MariaDB only: their DATETIME rounds to whole seconds unless given a precision."""
    if op.get_bind().dialect.name != "mysql":
        return
    for table, column, nullable in INSTANT_COLUMNS:
        op.alter_column(table, column, existing_type=mysql.DATETIME(), type_=precision, existing_nullable=nullable)


def upgrade():
    _alter(mysql.DATETIME(fsp=6))


def downgrade():
    _alter(mysql.DATETIME())
