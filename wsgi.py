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


app = assemble()
celery = app.extensions["celery"]
