"""Test databases built the only way the schema is ever built: Alembic upgrade from empty."""
from __future__ import annotations

import shutil
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from backend.core.config import PROJECT_ROOT

MIGRATIONS = PROJECT_ROOT / "migrations"


def alembic_upgrade(url: str, revision: str = "head") -> None:
    """Run `alembic upgrade <revision>` against `url` inside a throwaway app context (env.py reads the app's URL)."""
    from backend import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "DOGPASS_ENV": "development"})  # migrating needs no secrets
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    with app.app_context():
        command.upgrade(config, revision)


def drop_everything(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        if engine.dialect.name == "mysql":
            # A stale connection holding a metadata lock should fail the run quickly, not hang it.
            conn.execute(sa.text("SET SESSION lock_wait_timeout = 20"))
            conn.execute(sa.text("SET FOREIGN_KEY_CHECKS = 0"))
        for table in sa.inspect(conn).get_table_names():
            conn.execute(sa.text(f"DROP TABLE IF EXISTS `{table}`" if engine.dialect.name == "mysql"
                                 else f'DROP TABLE IF EXISTS "{table}"'))
        if engine.dialect.name == "mysql":
            conn.execute(sa.text("SET FOREIGN_KEY_CHECKS = 1"))
    engine.dispose()


REFERENCE_TABLES = {"zones", "breeds", "reject_reasons", "alembic_version"}


def clear_rows(url: str) -> None:
    """Empty every table except the reference data, between tests on MariaDB."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("SET SESSION lock_wait_timeout = 20"))
        conn.execute(sa.text("SET FOREIGN_KEY_CHECKS = 0"))
        for table in sa.inspect(conn).get_table_names():
            if table not in REFERENCE_TABLES:
                conn.execute(sa.text(f"DELETE FROM `{table}`"))
        conn.execute(sa.text("SET FOREIGN_KEY_CHECKS = 1"))
    engine.dispose()


def copy_sqlite(template: Path, target: Path) -> str:
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"
