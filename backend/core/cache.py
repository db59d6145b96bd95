"""A read-through cache for the hottest reads, in Redis when REDIS_URL is set; off otherwise.

Each cached read is a Redis hash under one key per subject (a resident's licence list, a tag page). Its fields are
variants of the same answer (the day it was rendered for, the media type), so anything that depends on today's
date is never served on another day. Backend drops the whole key after every commit that changes the subject
(backend.licensing.cards), and keys also expire on their own, so a missed drop cannot keep stale data for long.

The race every read-through cache has — a slow reader storing what it read before a write, just after the
writer's drop — is closed with a generation counter: `drop` bumps it, and `put` stores only if the generation the
reader saw before reading the database is still current (one atomic script).
"""
from __future__ import annotations

import logging
import threading

from flask import current_app

log = logging.getLogger(__name__)
TTL_SECONDS = 300


def init_app(app) -> None:
    url = app.config.get("REDIS_URL")
    if url:
        import redis

        app.extensions["dogpass.redis"] = redis.Redis.from_url(url, socket_timeout=0.5,
                                                                 socket_connect_timeout=0.5)


def _client():
    return current_app.extensions.get("dogpass.redis")


def redis_client():
    """The Redis client when REDIS_URL is set, for other short-lived markers (callback dedupe); else None."""
    return _client()


def enabled() -> bool:
    return _client() is not None


def tag_key(tag_token: str) -> str:
    return f"dogpass:tag:{tag_token}"


def licences_key(user_id: str) -> str:
    return f"dogpass:licences:{user_id}"


_PUT_IF_CURRENT = """
if (redis.call('GET', KEYS[2]) or '0') == ARGV[1] then
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
  redis.call('EXPIRE', KEYS[1], ARGV[4])
  return 1
end
return 0
"""
GENERATION_TTL_SECONDS = 86400  # far longer than any request, so a reader's generation cannot come round again


def generation(key: str) -> str | None:
    """Read before the database on a miss; None when the cache is off or unavailable (then nothing is stored)."""
    client = _client()
    if client is None:
        return None
    try:
        value = client.get(f"{key}:gen")
    except Exception:
        log.warning("cache unavailable for generation", exc_info=True)
        return None
    return value.decode() if value else "0"


_reader = threading.local()


def get(key: str, field: str) -> bytes | None:
    """The hot path: one HGET on a connection this thread keeps for itself. Any error falls back to the
    database."""
    if _client() is None:
        return None
    try:
        return hot_command("HGET", key, field)
    except Exception:  # a cache outage must never fail a read: fall through to the database
        log.warning("cache unavailable for get", exc_info=True)
        return None


def hot_command(*args):
    """One command on a connection this thread keeps for itself (Redis must be configured). Going through
    redis-py's client (pool checkout and release under a lock, retry wrapper, reply callbacks) cost as much again as
    the roundtrip. An error drops that connection and is raised."""
    client = _client()
    connection = getattr(_reader, "connection", None)
    try:
        if connection is None or connection.pool is not client.connection_pool:
            connection = _reader.connection = client.connection_pool.make_connection()
            connection.pool = client.connection_pool
        connection.send_command(*args)
        return connection.read_response()
    except Exception:
        if connection is not None:
            connection.disconnect()
        _reader.connection = None
        raise


def put(key: str, field: str, value: bytes, seen_generation: str | None) -> bool:
    """Store `value` unless the subject changed since `seen_generation` was read. True when stored."""
    client = _client()
    if client is None or seen_generation is None:
        return False
    try:
        script = current_app.extensions.setdefault("dogpass.cache_put", client.register_script(_PUT_IF_CURRENT))
        return bool(script(keys=[key, f"{key}:gen"], args=[seen_generation, field, value, TTL_SECONDS]))
    except Exception:
        log.warning("cache unavailable for put", exc_info=True)
        return False


def drop(*keys: str) -> None:
    client = _client()
    if client is None or not keys:
        return
    try:
        with client.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.incr(f"{key}:gen")
                pipe.expire(f"{key}:gen", GENERATION_TTL_SECONDS)
                pipe.delete(key)
            pipe.execute()
    except Exception:
        # Entries expire by themselves within TTL_SECONDS; log loudly, the read path is correct after that.
        log.error("cache delete failed; entries expire within %ss: %s", TTL_SECONDS, keys, exc_info=True)
