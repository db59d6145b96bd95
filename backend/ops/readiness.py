"""Readiness: can this node do its work now? The database, Redis (rate limits, the read cache, token versions) and
the Celery broker, each checked with a short timeout. `GET /readyz` answers 503 naming what is down; `/healthz`
stays the cheap liveness check (the process answers) so that a database outage never gets app nodes restarted.

A dependency that is not configured (no REDIS_URL, no broker: tasks run in-process) is not a failure.
"""
from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import text

from backend.core.errors import DomainError

log = logging.getLogger(__name__)
OK, DOWN, NOT_CONFIGURED = "ok", "down", "not_configured"
NAMES = {"database": "数据库", "redis": "Redis", "broker": "消息队列"}


class NotReady(DomainError):
    status = 503
    code = "not_ready"
    message = "服务暂不可用"


def check_all() -> dict[str, str]:
    return {"database": _database(), "redis": _redis(), "broker": _broker()}


def require_ready() -> dict:
    checks = check_all()
    down = [name for name, state in checks.items() if state == DOWN]
    if down:
        raise NotReady("服务暂不可用：" + "、".join(NAMES[name] for name in down) + "无法连接",
                       details={"checks": checks, "down": down})
    return {"status": "ready", "checks": checks}


def _database() -> str:
    from backend.core.database.extensions import db

    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return OK
    except Exception as exc:  # a probe every few seconds during an outage: one line each, no traceback
        log.warning("readiness: database down (%s: %s)", exc.__class__.__name__, exc)
        return DOWN


def _redis() -> str:
    from backend.core import cache

    client = cache.redis_client()
    if client is None:
        return NOT_CONFIGURED
    try:
        client.ping()
        return OK
    except Exception as exc:  # a probe every few seconds during an outage: one line each, no traceback
        log.warning("readiness: redis down (%s: %s)", exc.__class__.__name__, exc)
        return DOWN


def broker_redis():
    """A Redis client for the broker when it is Redis (queue lengths, the readiness ping); None otherwise."""
    url = current_app.config["CELERY_BROKER_URL"]
    if not url.startswith(("redis://", "rediss://")):
        return None
    client = current_app.extensions.get("dogpass.broker_redis")
    if client is None:
        import redis

        client = current_app.extensions["dogpass.broker_redis"] = redis.Redis.from_url(
            url, socket_timeout=1, socket_connect_timeout=1)
    return client


def _broker() -> str:
    if not current_app.config["CELERY_BROKER_URL"]:
        return NOT_CONFIGURED
    try:
        client = broker_redis()
        if client is not None:
            client.ping()
        else:  # another broker (RabbitMQ): one connection attempt through kombu
            with current_app.extensions["celery"].connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=1)
        return OK
    except Exception as exc:  # a probe every few seconds during an outage: one line each, no traceback
        log.warning("readiness: broker down (%s: %s)", exc.__class__.__name__, exc)
        return DOWN
