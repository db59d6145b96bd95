"""A signed callback query carries one body.

WeChat's plain-mode signature covers the token, the timestamp and the nonce, not the body, and the signed query
string ends up in access logs, proxies and monitoring. For as long as its timestamp passes the freshness check
(`WECHAT_CALLBACK_MAX_AGE_SECONDS` either side of now) a captured query would carry any body. So each (timestamp,
nonce) is remembered with a hash of the body it first came with, until that timestamp is too old to pass anyway:
the same body again is WeChat's retry (handled as before: the delivery's own dedupe key stops a second record),
another body is refused.

Shared by every process and node: in Redis when configured (one `SET NX EX` on the request path; a `GET` only for
a query seen before), else, or when Redis fails, in the database (an insert that skips an existing key, and a read
of the stored hash only when it did). Redis forgets by expiry; the database's rows are swept once per window per
process, and by the daily inbound-key job.

WeChat's timestamps are wall-clock seconds, so they are compared with the wall clock (`time.time()`), never with
`backend.core.clock`, which tests move.
"""
from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy.dialects import mysql, sqlite

from backend.core import cache
from backend.core.database.extensions import db
from backend.core.database.uow import transaction
from backend.public_account.models import SignedQuery

log = logging.getLogger(__name__)
_next_sweep = 0.0
_sweep_lock = threading.Lock()


def first_body(method: str, timestamp: str, nonce: str, body: bytes) -> bool:
    """True when this signed query comes with this body for the first time, or again (a retry); False when it
    came before with another body. `timestamp` has passed the freshness check already."""
    key = hashlib.sha256(f"{timestamp}\n{nonce}".encode()).hexdigest()
    digest = hashlib.sha256(method.encode() + b"\n" + body).hexdigest()
    valid_until = int(timestamp) + current_app.config["WECHAT_CALLBACK_MAX_AGE_SECONDS"]
    remembered = _in_redis(key, digest, valid_until)
    if remembered is not None:
        return remembered
    return _in_database(key, digest, valid_until)


def _in_redis(key: str, digest: str, valid_until: int) -> bool | None:
    """None when Redis is not configured or fails: the database decides."""
    client = cache.redis_client()
    if client is None:
        return None
    name = f"dogpass:signed-query:{key}"
    ttl = max(1, math.ceil(valid_until - time.time()) + 1)
    try:
        if client.set(name, digest, nx=True, ex=ttl):
            return True
        stored = client.get(name)
    except Exception:
        log.warning("redis unavailable for the signed-query memory; the database decides", exc_info=True)
        return None
    if stored is None:  # expired between the two calls: the query is at the end of its window
        return False
    return (stored.decode() if isinstance(stored, bytes) else stored) == digest


def _in_database(key: str, digest: str, valid_until: int) -> bool:
    _sweep_when_due()
    values = {"key": key, "body_sha256": digest, "expires_at": datetime.fromtimestamp(valid_until, UTC)}
    with transaction() as session:
        if session.get_bind().dialect.name == "mysql":
            statement = mysql.insert(SignedQuery).values(**values).prefix_with("IGNORE")
        else:
            statement = sqlite.insert(SignedQuery).values(**values).on_conflict_do_nothing()
        if session.execute(statement).rowcount == 1:
            return True
        return session.scalar(db.select(SignedQuery.body_sha256).where(SignedQuery.key == key)) == digest


def _sweep_when_due() -> None:
    """Once per window per process, forget the queries whose timestamps no longer pass: the table holds about
    one window of callbacks, beat or no beat."""
    global _next_sweep
    now = time.time()
    with _sweep_lock:
        if now < _next_sweep:
            return
        _next_sweep = now + current_app.config["WECHAT_CALLBACK_MAX_AGE_SECONDS"]
    forget_expired()


def forget_expired() -> int:
    with transaction():
        return db.session.execute(db.delete(SignedQuery).where(
            SignedQuery.expires_at < datetime.fromtimestamp(time.time(), UTC))).rowcount
