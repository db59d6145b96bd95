"""Assembles DogPass: the core, the adapters and the blueprints. Exposes `app` (WSGI) and `celery`.

    flask --app wsgi run            celery -A wsgi.celery worker            celery -A wsgi.celery beat
"""
from __future__ import annotations

from flask import Flask

import console_web
import handlers
import miniprogram_api
import notifications
import wechat
from backend import create_app, indicators, ports
from backend.services import orders


def assemble(overrides: dict | None = None) -> Flask:
    application = create_app(overrides)
    indicators.init_app(application)  # the dashboard's licence tallies, kept in every flush
    ports.install(application, **wechat.init_app(application, token_store=_token_store(application),
                                                 sandbox_trade_finder=orders.open_trade_on))
    notifications.init_app(application)
    miniprogram_api.init_app(application)
    handlers.init_app(application)
    console_web.init_app(application)
    return application


def _token_store(application: Flask):
    """Access tokens shared by all processes: in Redis when configured, else in the database."""
    redis_client = application.extensions.get("dogpass.redis")
    if redis_client is not None:
        from wechat.tokens import FallbackTokenStore, RedisTokenStore

        return FallbackTokenStore(RedisTokenStore(redis_client))
    from backend.wechat_tokens import DatabaseTokenStore

    return DatabaseTokenStore()


_assembled: Flask | None = None


def __getattr__(name: str):
    """`app` and `celery` are built on first use (gunicorn, `flask --app wsgi`, `celery -A wsgi.celery`), so that
    importing `assemble` (tests, benchmarks) does not also build an app from the environment."""
    global _assembled
    if name in ("app", "celery"):
        if _assembled is None:
            _assembled = assemble()
        return _assembled if name == "app" else _assembled.extensions["celery"]
    raise AttributeError(name)
