"""workbench waiting indexes (issue 16: the 工作台's counts and oldest waiting from the index alone; the masked ID)

Revision ID: c16e0b4a1d55
Revises: 2f360d7c34c8
Create Date: 2026-12-10 10:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c16e0b4a1d55'
down_revision = '2f360d7c34c8'
branch_labels = None
depends_on = None

INDEXES = (
    ('licence_applications', 'ix_licence_applications_waiting', ['status', 'submitted_at']),
    ('inspections', 'ix_inspections_waiting', ['status', 'created_at']),
    ('conversations', 'ix_conversations_window', ['unanswered', 'last_inbound_at', 'replies_since_inbound']),
    ('payment_orders', 'ix_payment_orders_status_created', ['status', 'created_at']),
    ('payment_refunds', 'ix_payment_refunds_status_created', ['status', 'created_at']),
    ('adoption_applications', 'ix_adoption_applications_waiting', ['status', 'submitted_at']),
    # Not the 工作台's: the staff licence search by the ID number's last digits scans this instead of the rows.
    ('licences', 'ix_licences_owner_id_masked', ['owner_id_masked']),
)


def upgrade():
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    for table, name, _ in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
