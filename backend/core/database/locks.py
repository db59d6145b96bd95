"""Row locks on named keys and gap-free sequences, the same way on MariaDB and SQLite.

An upsert of a key row takes that row's exclusive lock on MariaDB and holds it until commit; sorted keys keep the
lock order fixed so two transactions cannot deadlock on each other. SQLite serialises writers anyway.
"""
from __future__ import annotations

from sqlalchemy.dialects import mysql, sqlite

from backend.core.database.extensions import db
from backend.core.database.sequences import NamedLock, Sequence


def _upsert_increment(model, key_column: str, keys: list[str], counter_column: str) -> None:
    """One statement for all keys; rows are written (and so locked) in the order given."""
    session = db.session()
    counter = getattr(model, counter_column)
    values = [{key_column: key, counter_column: 1} for key in keys]
    if session.get_bind().dialect.name == "mysql":
        stmt = mysql.insert(model).values(values).on_duplicate_key_update({counter_column: counter + 1})
    else:
        stmt = sqlite.insert(model).values(values).on_conflict_do_update(
            index_elements=[key_column], set_={counter_column: counter + 1})
    session.execute(stmt)


def lock_keys(namespace: str, keys: list[str]) -> None:
    """Hold an exclusive lock on each key until the transaction ends."""
    _upsert_increment(NamedLock, "key", sorted({f"{namespace}:{key}"[:96] for key in keys}), "version")


def next_in_sequence(name: str) -> int:
    """The next number of sequence `name`, starting at 1; the row stays locked until commit."""
    _upsert_increment(Sequence, "name", [name], "value")
    return db.session.scalar(db.select(Sequence.value).where(Sequence.name == name))


def insert_ignoring_duplicates(model, rows: list[dict]) -> None:
    """INSERT rows, skipping any that would break a unique key (INSERT IGNORE / ON CONFLICT DO NOTHING): for rows
    that several requests may make at once and that are the same whoever makes them."""
    session = db.session
    if session.get_bind().dialect.name == "mysql":
        stmt = mysql.insert(model).values(rows).prefix_with("IGNORE")
    else:
        stmt = sqlite.insert(model).values(rows).on_conflict_do_nothing()
    session.execute(stmt)


def locked_row(model, row_id: str):
    """The row with this id, locked until the transaction ends and read afresh (not from the identity map, which
    may hold what it was before another transaction's commit)."""
    return db.session.scalar(db.select(model).where(model.id == row_id).with_for_update()
                             .execution_options(populate_existing=True))
