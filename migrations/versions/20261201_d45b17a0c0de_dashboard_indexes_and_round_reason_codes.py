"""dashboard (issue 17): summary tables (licence tallies, monthly roll-ups), covering indexes for the months
counted live, and the reject reason code on each round

Revision ID: d45b17a0c0de
Revises: 16ad7a5c0e01
Create Date: 2026-12-01 18:30:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

INSTANT = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql")


# revision identifiers, used by Alembic.
revision = 'd45b17a0c0de'
down_revision = '16ad7a5c0e01'
branch_labels = None
depends_on = None

INDEXES = [
    ('licences', 'ix_licences_issued_zone', ['issued_on', 'zone_code']),
    ('licences', 'ix_licences_status_expiry_zone', ['status', 'expires_on', 'zone_code']),
    ('application_rounds', 'ix_application_rounds_submitted', ['submitted_at', 'round_no', 'application_id']),
    ('application_rounds', 'ix_application_rounds_decided',
     ['decided_at', 'outcome', 'reject_reason_code', 'submitted_at', 'application_id']),
    ('shelter_dogs', 'ix_shelter_dogs_intake', ['intake_at', 'source']),
    ('shelter_dogs', 'ix_shelter_dogs_outcome', ['status', 'outcome_at']),
    ('notices', 'ix_notices_created_channel', ['created_at', 'channel', 'delivery_status']),
    ('payment_orders', 'ix_payment_orders_paid', ['paid_at', 'paid_channel', 'amount_fen']),
]
# The finance page's index on paid_at alone (16ad7a5c0e01) gives way to the covering one of the same name; the
# refunds' covering index made there (ix_payment_refunds_completed_sums) serves the dashboard as it is.
REPLACED = [('payment_orders', 'ix_payment_orders_paid', ['paid_at'])]


def backfill_reason_codes() -> None:
    """Rounds rejected before the code was kept on the round: the application's code when it is still that round's,
    else the listed reason whose text the stored reason starts with (reasons are stored as `<text>：<note>`)."""
    conn = op.get_bind()
    reasons = sorted(conn.execute(sa.text('SELECT code, text FROM reject_reasons')).all(),
                     key=lambda reason: -len(reason[1]))
    rounds = conn.execute(sa.text(
        'SELECT r.id, r.reject_reason, a.reject_reason_code, a.round_no = r.round_no FROM application_rounds r '
        'JOIN licence_applications a ON a.id = r.application_id '
        "WHERE r.outcome = 'rejected' AND r.reject_reason_code IS NULL")).all()
    update = sa.text('UPDATE application_rounds SET reject_reason_code = :code WHERE id = :id')
    for round_id, reason, application_code, latest in rounds:
        code = application_code if latest else None
        if code is None:
            code = next((c for c, text in reasons if reason and reason.startswith(text)), None)
        if code is not None:
            conn.execute(update, {'code': code, 'id': round_id})


def create_summary_tables() -> None:
    op.create_table(
        'licence_tallies',
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('zone_code', sa.String(length=32), nullable=False),
        sa.Column('licences', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'day', 'status', 'zone_code', name=op.f('pk_licence_tallies')),
    )
    op.create_table(
        'indicator_rollups',
        sa.Column('metric', sa.String(length=16), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('zone', sa.String(length=32), nullable=False),
        sa.Column('k1', sa.String(length=48), nullable=False),
        sa.Column('k2', sa.String(length=48), nullable=False),
        sa.Column('n', sa.BigInteger(), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('metric', 'month', 'zone', 'k1', 'k2', name=op.f('pk_indicator_rollups')),
    )
    op.create_table(
        'indicator_watermarks',
        sa.Column('metric', sa.String(length=16), nullable=False),
        sa.Column('closed_through', sa.Integer(), nullable=False),
        sa.Column('updated_at', INSTANT, nullable=False),
        sa.PrimaryKeyConstraint('metric', name=op.f('pk_indicator_watermarks')),
    )
    # Every licence already issued, counted once; from now on each flush moves its rows (backend.indicators.tallies).
    # The roll-ups need no backfill: the first request or the nightly job writes the closed months.
    for kind, column in (('issued', 'issued_on'), ('expires', 'expires_on')):
        op.execute(f"INSERT INTO licence_tallies (kind, day, status, zone_code, licences) "
                   f"SELECT '{kind}', {column}, status, zone_code, COUNT(*) FROM licences "
                   f"GROUP BY {column}, status, zone_code")


def upgrade():
    create_summary_tables()
    with op.batch_alter_table('application_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reject_reason_code', sa.String(length=48), nullable=True))
    backfill_reason_codes()
    for table, name, _ in REPLACED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    for table, name, _ in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
    for table, name, columns in REPLACED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)
    with op.batch_alter_table('application_rounds', schema=None) as batch_op:
        batch_op.drop_column('reject_reason_code')
    op.drop_table('indicator_watermarks')
    op.drop_table('indicator_rollups')
    op.drop_table('licence_tallies')
