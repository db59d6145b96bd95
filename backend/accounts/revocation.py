"""Revoking resident tokens: a version per resident that every token carries and the `users` row holds.

Resident tokens stay self-contained (the hot reads verify them without a token table); what a request checks
besides the signature is one small number, the resident's `token_version`. Logging out, or an admin's revoke-all,
adds one to it, so every token issued before is refused on every process and node at its next request: there is
no in-process memo, the revocation delay is zero.

Where the number is read: Redis when configured (one GET on this thread's own connection, as the read cache does),
filled from the database on a miss; the database otherwise, or when Redis fails. A revoke writes the database
first, then Redis after commit with a compare-and-raise (never lowers a version), so a reader that read the
database just before the commit cannot put the old version back. Should that Redis write fail while Redis still
answers reads, the key is deleted instead; if that fails too, the old version could be served until the key's
TTL (`TTL_SECONDS`) ends — logged as an error.
"""
from __future__ import annotations

import logging

from flask import current_app

from backend.accounts.models.people import User
from backend.core import cache
from backend.core.database.extensions import db

log = logging.getLogger(__name__)

TTL_SECONDS = 600
_RAISE_TO = """
local current = redis.call('GET', KEYS[1])
if (not current) or tonumber(current) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return 1
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 0
"""


def _key(user_id: str) -> str:
    return f"dogpass:resident-token-version:{user_id}"


def current_version(user_id: str) -> int | None:
    """The resident's token version now; None when there is no such resident."""
    if not cache.enabled():
        return _from_database(user_id)
    try:
        stored = cache.hot_command("GET", _key(user_id))
    except Exception:
        log.warning("redis unavailable for token versions; reading the database", exc_info=True)
        return _from_database(user_id)
    if stored is not None:
        return int(stored)
    version = _from_database(user_id)
    if version is not None:
        _raise_to(user_id, version)
    return version


def _from_database(user_id: str) -> int | None:
    session = db.session()
    began = not session.in_transaction()
    version = session.scalar(db.select(User.token_version).where(User.id == user_id))
    if began and session.get_bind().dialect.name == "sqlite":
        # Every SQLite transaction holds the write lock (backend.core.database.sqlite): this bare read must not keep
        # it over what the request does next (a content check with WeChat, say). Elsewhere the read joins the service's
        # transaction, and READ COMMITTED holds nothing for a plain SELECT.
        session.commit()
    return version


def published(user_id: str, version: int) -> None:
    """After the commit that raised the version: make Redis say so too."""
    if not cache.enabled():
        return
    if _raise_to(user_id, version):
        return
    try:
        cache.redis_client().delete(_key(user_id))
    except Exception:
        log.error("token version of %s not published to redis; old tokens may pass for up to %ss",
                  user_id, TTL_SECONDS, exc_info=True)


def _raise_to(user_id: str, version: int) -> bool:
    client = cache.redis_client()
    try:
        script = current_app.extensions.setdefault("dogpass.token_version_raise", client.register_script(_RAISE_TO))
        script(keys=[_key(user_id)], args=[version, TTL_SECONDS])
        return True
    except Exception:
        log.warning("could not store the token version of %s in redis", user_id, exc_info=True)
        return False
