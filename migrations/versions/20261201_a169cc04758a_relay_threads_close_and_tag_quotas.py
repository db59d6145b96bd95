"""relay threads close when the dog changes hands or its licence ends; tag messages counted for the quotas

Revision ID: a169cc04758a
Revises: fff1621cc048
Create Date: 2026-12-01 10:00:00

Threads get `live` (1 while open, NULL once closed), `closed_at` and `closed_reason`; one open thread per finder and
licence replaces one thread per finder and licence. Messages get `via_tag` (written by scanning the tag).

Data: threads still open today whose dog has since changed hands (the licence, or the match's lost report's
licence, is held by someone other than the thread's owner) or whose licence is cancelled are closed, their shared
phone withdrawn, with an audit entry each (actor system), as the services now do at the moment of the change.
"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

from backend.core.ids import new_id


# revision identifiers, used by Alembic.
revision = 'a169cc04758a'
down_revision = 'fff1621cc048'
branch_labels = None
depends_on = None

CHUNK = 500
REASON_TEXT = {'transferred': '犬证已过户，原犬主不再参与此会话', 'licence_cancelled': '犬证已注销'}
# Open threads with the licence they are about: tag threads directly, match threads through the lost report.
OPEN_THREADS_WITH_LICENCE = """
SELECT t.id, t.owner_user_id, t.finder_user_id, t.dog_name, t.owner_shared_phone, l.id, l.user_id, l.status
FROM relay_threads t JOIN licences l ON l.id = t.licence_id
WHERE t.live = 1
UNION ALL
SELECT t.id, t.owner_user_id, t.finder_user_id, t.dog_name, t.owner_shared_phone, l.id, l.user_id, l.status
FROM relay_threads t JOIN report_matches m ON m.id = t.match_id JOIN lost_reports r ON r.id = m.lost_report_id
JOIN licences l ON l.id = r.licence_id
WHERE t.live = 1
"""


def upgrade():
    with op.batch_alter_table('relay_threads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('live', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql"),
                                      nullable=True))
        batch_op.add_column(sa.Column('closed_reason', sa.String(length=24), nullable=True))
    op.execute('UPDATE relay_threads SET live = 1')
    sqlite_foreign_keys(False)
    with op.batch_alter_table('relay_threads', schema=None) as batch_op:
        batch_op.drop_constraint('uq_relay_threads_finder_user_id', type_='unique')
        batch_op.create_unique_constraint('uq_relay_threads_one_open', ['finder_user_id', 'licence_id', 'live'])
    sqlite_foreign_keys(True)

    with op.batch_alter_table('relay_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('via_tag', sa.Boolean(), nullable=False, server_default=sa.false()))
    # Until now every finder message of a tag thread counted against the tag: keep counting them for today.
    op.execute("UPDATE relay_messages SET via_tag = 1 WHERE sender = 'finder' AND thread_id IN "
               "(SELECT id FROM relay_threads WHERE origin = 'tag')")

    close_threads_whose_dog_changed_hands()


def sqlite_foreign_keys(on: bool) -> None:
    """SQLite rebuilds a table to change its constraints (copy, drop, rename); with foreign keys enforced (as the
    app's connections are, backend/core/database/sqlite.py) dropping relay_threads fails while relay_messages refer to it. The
    pragma has no effect inside a transaction, hence the autocommit block."""
    if op.get_bind().dialect.name != 'sqlite':
        return
    with op.get_context().autocommit_block():
        op.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")


def close_threads_whose_dog_changed_hands() -> None:
    conn = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    to_close: dict[str, list] = {'transferred': [], 'licence_cancelled': []}
    for thread_id, owner, finder, dog_name, phone, licence_id, holder, status in conn.execute(
            sa.text(OPEN_THREADS_WITH_LICENCE)):
        reason = 'licence_cancelled' if status == 'cancelled' else 'transferred' if holder != owner else None
        if reason:
            to_close[reason].append((thread_id, finder, dog_name, phone is not None, licence_id))
    update = sa.text('UPDATE relay_threads SET live = NULL, closed_at = :now, closed_reason = :reason, '
                     'owner_shared_phone = NULL WHERE id IN :ids').bindparams(sa.bindparam('ids', expanding=True))
    audit = sa.table('status_changes', *(sa.column(c) for c in (
        'id', 'entity_type', 'entity_id', 'user_id', 'action', 'from_status', 'to_status', 'actor_type',
        'actor_id', 'reason')), sa.column('data', sa.JSON()), sa.column('at', sa.DateTime()))
    for reason, threads in to_close.items():
        for start in range(0, len(threads), CHUNK):
            chunk = threads[start:start + CHUNK]
            conn.execute(update, {'now': now, 'reason': reason, 'ids': [t[0] for t in chunk]})
            conn.execute(audit.insert(), [{
                'id': new_id(), 'entity_type': 'relay_thread', 'entity_id': thread_id, 'user_id': finder,
                'action': 'closed', 'from_status': 'open', 'to_status': 'closed', 'actor_type': 'system',
                'actor_id': None, 'reason': REASON_TEXT[reason] + '（上线时补关）',
                'data': {'close_reason': reason, 'licence_id': licence_id, 'dog_name': dog_name,
                         'shared_phone_withdrawn': had_phone, 'migration': revision},
                'at': now} for thread_id, finder, dog_name, had_phone, licence_id in chunk])


def downgrade():
    # One thread per finder and licence again: of a finder's threads with one licence, the newest stays and the
    # older (closed) ones go with their messages.
    conn = op.get_bind()
    older = [row[0] for row in conn.execute(sa.text(
        'SELECT t.id FROM relay_threads t WHERE t.licence_id IS NOT NULL AND EXISTS ('
        'SELECT 1 FROM relay_threads n WHERE n.finder_user_id = t.finder_user_id AND n.licence_id = t.licence_id '
        'AND n.id > t.id)'))]
    for start in range(0, len(older), CHUNK):
        ids = {'ids': older[start:start + CHUNK]}
        for table, column in (('relay_messages', 'thread_id'), ('relay_threads', 'id')):
            conn.execute(sa.text(f'DELETE FROM {table} WHERE {column} IN :ids').bindparams(
                sa.bindparam('ids', expanding=True)), ids)
    sqlite_foreign_keys(False)
    with op.batch_alter_table('relay_messages', schema=None) as batch_op:
        batch_op.drop_column('via_tag')
    with op.batch_alter_table('relay_threads', schema=None) as batch_op:
        batch_op.drop_constraint('uq_relay_threads_one_open', type_='unique')
        batch_op.create_unique_constraint('uq_relay_threads_finder_user_id', ['finder_user_id', 'licence_id'])
        batch_op.drop_column('closed_reason')
        batch_op.drop_column('closed_at')
        batch_op.drop_column('live')
    sqlite_foreign_keys(True)
