"""Assembles DogPass: the core, the adapters and the blueprints. Exposes `app` (WSGI) and `celery`.

    flask --app wsgi run            celery -A wsgi.celery worker            celery -A wsgi.celery beat
"""
from __future__ import annotations

from flask import Flask

import miniprogram_api
import notifications
import wechat
from backend import create_app, ports
from backend.celery_app import create_celery


def assemble(overrides: dict | None = None) -> Flask:
    application = create_app(overrides)
    ports.install(application, **wechat.init_app(application))
    notifications.init_app(application)
    miniprogram_api.init_app(application)
    create_celery(application)
    return application


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
