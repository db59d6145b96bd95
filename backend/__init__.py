"""DogPass core: the app factory, models, services and rules. Imports none of the adapter packages."""
from __future__ import annotations

from flask import Flask

from backend.core.config import INSTANCE_DIR, PROJECT_ROOT, load_config
from backend.production import check_environment


def create_app(overrides: dict | None = None) -> Flask:
    from backend import cli, indicators, licensing, media, notices, ops, payments, public_account, reports, shelter
    from backend.celery_app import create_celery
    from backend.core import cache, events, throttle
    from backend.core.database import sqlite
    from backend.core.database.extensions import db, migrate
    from backend.ops import logging_setup

    app = Flask("backend", instance_path=str(INSTANCE_DIR), static_folder=None)
    app.config.update(load_config(overrides))
    check_environment(app.config)  # production refuses the sandbox and development secrets, before anything
    app.json.ensure_ascii = False  # Chinese stays readable in responses (Flask 3 ignores JSON_AS_ASCII)
    app.json.sort_keys = False  # fields keep their documented order, and encoding is cheaper
    throttle.install_proxy_fix(app)  # client addresses behind nginx (TRUSTED_PROXY_HOPS)
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    logging_setup.init_app(app)
    sqlite.install()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    events.init_app(app)
    cache.init_app(app)
    cli.init_app(app)
    ops.init_app(app)  # request ids, metrics, `flask ops verify`
    create_celery(app)
    # Each feature wires itself in (its listeners, tasks and beat entries, what it registers with the features below
    # it), as pypi/warehouse's features do in their includeme. Accounts, audit and reference have nothing to wire.
    for feature in (media, notices, payments, licensing, shelter, reports, public_account, indicators):
        feature.init_app(app)
    return app


# Every feature's models, loaded whenever any part of backend is: relationships name other features' models by
# string, and SQLAlchemy resolves them against one registry.
from backend import schema as _schema  # noqa: E402,F401
