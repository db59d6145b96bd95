"""upload attachments, re-encoded flag and quota index on uploads; personal data access log

Revision ID: fff1621cc048
Revises: aca0fdcfd5db
Create Date: 2026-12-01 10:00:00.000000

Existing uploads are marked `reencoded = false` (they were stored byte for byte; `flask uploads reencode`, or the
hourly upkeep job a batch at a time, cleans them). Attachments are backfilled from every record that holds upload
ids, so no photo in use is taken for an orphan.
"""
import json
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

from backend.core.ids import new_id


# revision identifiers, used by Alembic.
revision = 'fff1621cc048'
down_revision = 'aca0fdcfd5db'
branch_labels = None
depends_on = None

INSTANT = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql")
CHUNK = 1000
# (table, column, kind, the record id column): every place upload ids are held
PHOTO_COLUMNS = [
    ('licence_applications', 'dog', 'licence_application', 'id'),
    ('application_rounds', 'snapshot', 'licence_application', 'application_id'),
    ('dogs', 'photo_upload_ids', 'dog', 'id'),
    ('lost_reports', 'photo_upload_ids', 'lost_report', 'id'),
    ('found_reports', 'photo_upload_ids', 'found_report', 'id'),
    ('stray_reports', 'photo_upload_ids', 'stray_report', 'id'),
    ('shelter_dogs', 'photo_upload_ids', 'shelter_dog', 'id'),
]


def _photo_ids(value) -> list:
    if value is None:
        return []
    data = json.loads(value) if isinstance(value, (str, bytes)) else value
    if isinstance(data, dict):  # an application's dog, or a round's snapshot holding the dog
        data = (data.get('dog') or {}).get('photo_upload_ids') if 'dog' in data else data.get('photo_upload_ids')
    return [p for p in (data or []) if isinstance(p, str)]


def backfill_attachments() -> None:
    conn = op.get_bind()
    uploads = set(conn.execute(sa.text('SELECT id FROM uploads')).scalars())
    now = datetime.now(UTC).replace(tzinfo=None)
    pairs = set()
    for table, column, kind, record in PHOTO_COLUMNS:
        for record_id, value in conn.execute(sa.text(f'SELECT {record}, {column} FROM {table}')):
            pairs.update((upload_id, kind, record_id) for upload_id in _photo_ids(value) if upload_id in uploads)
    rows = [{'id': new_id(), 'upload_id': u, 'kind': k, 'record_id': r, 'attached_at': now}
            for u, k, r in sorted(pairs)]
    attachments = sa.table('upload_attachments', *(sa.column(c) for c in rows[0])) if rows else None
    for start in range(0, len(rows), CHUNK):
        conn.execute(attachments.insert(), rows[start:start + CHUNK])
    attached = sorted({u for u, _, _ in pairs})
    update = sa.text('UPDATE uploads SET attached_at = :now WHERE id IN :ids').bindparams(
        sa.bindparam('ids', expanding=True))
    for start in range(0, len(attached), CHUNK):
        conn.execute(update, {'now': now, 'ids': attached[start:start + CHUNK]})


def upgrade():
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reencoded', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('attached_at', INSTANT, nullable=True))
        # The quota's index covers user_id (its foreign key's index), so the old one goes after it exists.
        batch_op.create_index('ix_uploads_user_created', ['user_id', 'created_at'], unique=False)
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.drop_index('ix_uploads_user_id')
        batch_op.create_index('ix_uploads_unattached', ['attached_at', 'created_at'], unique=False)
        batch_op.create_index('ix_uploads_reencoded', ['reencoded'], unique=False)

    op.create_table('upload_attachments',
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.Column('upload_id', sa.String(length=26), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('record_id', sa.String(length=26), nullable=False),
    sa.Column('attached_at', INSTANT, nullable=False),
    sa.ForeignKeyConstraint(['upload_id'], ['uploads.id'], name=op.f('fk_upload_attachments_upload_id_uploads')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_upload_attachments')),
    sa.UniqueConstraint('upload_id', 'kind', 'record_id', name='uq_upload_attachments_record'),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci'
    )
    with op.batch_alter_table('upload_attachments', schema=None) as batch_op:
        batch_op.create_index('ix_upload_attachments_record', ['kind', 'record_id'], unique=False)

    op.create_table('personal_data_access',
    sa.Column('id', sa.String(length=26), nullable=False),
    sa.Column('staff_id', sa.String(length=26), nullable=False),
    sa.Column('staff_role', sa.String(length=20), nullable=False),
    sa.Column('accessed_at', INSTANT, nullable=False),
    sa.Column('record_type', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.String(length=26), nullable=False),
    sa.Column('subject_user_id', sa.String(length=26), nullable=True),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('client_ip', sa.String(length=45), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'],
                            name=op.f('fk_personal_data_access_staff_id_staff_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_personal_data_access')),
    mysql_charset='utf8mb4',
    mysql_collate='utf8mb4_unicode_ci'
    )
    with op.batch_alter_table('personal_data_access', schema=None) as batch_op:
        batch_op.create_index('ix_personal_data_access_at', ['accessed_at'], unique=False)
        batch_op.create_index('ix_personal_data_access_record', ['record_type', 'record_id', 'accessed_at'],
                              unique=False)
        batch_op.create_index('ix_personal_data_access_staff', ['staff_id', 'accessed_at'], unique=False)
        batch_op.create_index('ix_personal_data_access_subject', ['subject_user_id', 'accessed_at'], unique=False)

    backfill_attachments()


def downgrade():
    # Dropping a table drops its indexes (on MariaDB one of them backs the foreign key and cannot go first).
    op.drop_table('personal_data_access')
    op.drop_table('upload_attachments')

    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uploads_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.drop_index('ix_uploads_reencoded')
        batch_op.drop_index('ix_uploads_unattached')
        batch_op.drop_index('ix_uploads_user_created')
        batch_op.drop_column('attached_at')
        batch_op.drop_column('reencoded')
