"""Each WeChat callback is handled once, however often WeChat retries it.

The key (MsgId, or sender + CreateTime for events) is inserted in the same transaction as everything the handler
writes: if the handler fails, the key goes too and WeChat's retry is handled; if a retry arrives while the first
delivery is still being handled, its insert waits for that transaction and then finds the key.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy.dialects import mysql, sqlite

from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.uow import transaction
from backend.public_account.models import InboundKey


def first_time(key: str) -> bool:
    """In the caller's transaction: True if this key was never handled (and is now taken). One statement: an
    insert that skips an existing key, so a duplicate costs no error, no savepoint, no rollback."""
    session = db.session()
    values = {"key": key[:128], "received_at": clock.now()}
    if session.get_bind().dialect.name == "mysql":
        statement = mysql.insert(InboundKey).values(**values).prefix_with("IGNORE")
    else:
        statement = sqlite.insert(InboundKey).values(**values).on_conflict_do_nothing()
    return session.execute(statement).rowcount == 1


def forget_old_keys(days: int = 3) -> int:
    """WeChat stops retrying after 15 seconds; keys older than a few days only take space."""
    with transaction():
        return db.session.execute(db.delete(InboundKey).where(
            InboundKey.received_at < clock.now() - timedelta(days=days))).rowcount
