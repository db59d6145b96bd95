"""Alembic environment. It takes only the models' metadata (backend.schema) and the database URL of the
running Flask app (`flask --app wsgi db upgrade`) or of DATABASE_URL when run without one."""
from __future__ import annotations

import logging
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

from backend.core.database.base import UTCDateTime
from backend.schema import Base

config = context.config
if config.config_file_name is not None and not logging.getLogger().handlers:
    fileConfig(config.config_file_name)

target_metadata = Base.metadata


def _database_url() -> str:
    try:
        from flask import current_app

        return current_app.config["SQLALCHEMY_DATABASE_URI"]
    except RuntimeError:  # no app context: plain `alembic` invocation
        from backend.core.config import load_config

        return load_config()["SQLALCHEMY_DATABASE_URI"]


def _render_item(type_, obj, autogen_context):
    """Migrations stay free of app imports: our UTC wrapper is a DATETIME, with microseconds on MySQL/MariaDB."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        autogen_context.imports.add("from sqlalchemy.dialects import mysql")
        return 'sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql")'
    return False


def _options() -> dict:
    return {"target_metadata": target_metadata, "compare_type": True, "render_as_batch": True,
            "render_item": _render_item}


def run_migrations_offline() -> None:
    context.configure(url=_database_url(), literal_binds=True, **_options())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = engine_from_config({"sqlalchemy.url": _database_url()}, prefix="sqlalchemy.",
                                     poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, **_options())
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
