"""match bound: colour bits on lost and found reports, covering indexes for matching and hotspots

Revision ID: aca0fdcfd5db
Revises: 5b9499716d79
Create Date: 2026-11-22 12:51:45.509434

"""
from collections import defaultdict

from alembic import op
import sqlalchemy as sa

from backend.reports.matching_rules import colour_bits


# revision identifiers, used by Alembic.
revision = 'aca0fdcfd5db'
down_revision = '5b9499716d79'
branch_labels = None
depends_on = None

MATCH_INDEX_FACTS = ['lat_e6', 'lng_e6', 'sex', 'size', 'breed_canonical', 'colour_bits']
CHUNK = 1000


def backfill_colour_bits(table: str) -> None:
    """Every existing row gets the bits its colour text folds to, as the application writes them. By id, not by
    colour: MariaDB's collation calls texts equal that the rules fold differently."""
    conn = op.get_bind()
    by_bits = defaultdict(list)
    for row_id, colour in conn.execute(sa.text(f'SELECT id, colour FROM {table}')):
        by_bits[colour_bits(colour or '')].append(row_id)
    update = sa.text(f'UPDATE {table} SET colour_bits = :bits WHERE id IN :ids').bindparams(
        sa.bindparam('ids', expanding=True))
    for bits, ids in by_bits.items():
        for start in range(0, len(ids), CHUNK):
            conn.execute(update, {'bits': bits, 'ids': ids[start:start + CHUNK]})


def upgrade():
    for table, at in (('lost_reports', 'lost_at'), ('found_reports', 'found_at')):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('colour_bits', sa.Integer(), nullable=True))
        backfill_colour_bits(table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            # The new index starts with (status, time): the old one is its prefix.
            batch_op.drop_index(f'ix_{table}_open_time')
            batch_op.create_index(f'ix_{table}_open_match', ['status', at] + MATCH_INDEX_FACTS, unique=False)

    with op.batch_alter_table('stray_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_stray_reports_reported')
        batch_op.create_index('ix_stray_reports_reported', ['reported_at', 'lat_e6', 'lng_e6', 'status', 'district'],
                              unique=False)
        batch_op.create_index('ix_stray_reports_captures',
                              ['status', 'resolved_at', 'lat_e6', 'lng_e6', 'district', 'captured_count'], unique=False)


def downgrade():
    with op.batch_alter_table('stray_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_stray_reports_captures')
        batch_op.drop_index('ix_stray_reports_reported')
        batch_op.create_index('ix_stray_reports_reported', ['reported_at', 'lat_e6', 'lng_e6', 'status'], unique=False)

    for table, at in (('lost_reports', 'lost_at'), ('found_reports', 'found_at')):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_open_match')
            batch_op.create_index(f'ix_{table}_open_time', ['status', at], unique=False)
            batch_op.drop_column('colour_bits')
