"""SQLite as the embedded default (`make run`, tests), made to behave like the production database where it
matters: foreign keys enforced, and every transaction started with BEGIN IMMEDIATE.

SQLite ignores SELECT ... FOR UPDATE. With its default deferred transactions, two requests could both read a row
as pending and then collide when writing ("database is locked"), or worse, both act on it. BEGIN IMMEDIATE takes
the write lock at the start, so transactions run one after another (WAL keeps that cheap; busy_timeout makes the
next one wait instead of failing). This is SQLAlchemy's documented recipe for pysqlite.
"""
from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


def _on_connect(dbapi_connection, connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None  # pysqlite stops issuing its own BEGIN; we issue ours below
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.close()


def _on_begin(connection) -> None:
    # Autocommit connections (plain reads, e.g. a cached WeChat token) take no lock and wait for none.
    autocommit = connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
    if connection.dialect.name == "sqlite" and not autocommit:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def install() -> None:
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)
        event.listen(Engine, "begin", _on_begin)
