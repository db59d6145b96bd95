"""Each WeChat callback is handled once, however often WeChat retries it.

The key (MsgId, or sender + CreateTime for events) is inserted in the same transaction as everything the handler
writes: if the handler fails, the key goes too and WeChat's retry is handled; if a retry arrives while the first
delivery is still being handled, its insert waits for that transaction and then finds the key.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from backend import clock
from backend.extensions import db
from backend.models import InboundKey
from backend.uow import transaction


def first_time(key: str) -> bool:
    """In the caller's transaction: True if this key was never handled (and is now taken)."""
    try:
        with db.session.begin_nested():
            db.session.add(InboundKey(key=key[:128], received_at=clock.now()))
    except IntegrityError:
        return False
    return True


def forget_old_keys(days: int = 3) -> int:
    """WeChat stops retrying after 15 seconds; keys older than a few days only take space."""
    with transaction():
        return db.session.execute(db.delete(InboundKey).where(
            InboundKey.received_at < clock.now() - timedelta(days=days))).rowcount
