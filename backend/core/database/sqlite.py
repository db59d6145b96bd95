"""SQLite as the embedded default (`make run`, tests), made to behave like the production database where it
matters: foreign keys enforced, and every transaction started with BEGIN IMMEDIATE.

SQLite ignores SELECT ... FOR UPDATE. With its default deferred transactions, two requests could both read a row
as pending and then collide when writing ("database is locked"), or worse, both act on it. BEGIN IMMEDIATE takes
the write lock at the start, so transactions run one after another (WAL keeps that cheap; busy_timeout makes the
next one wait instead of failing). This is SQLAlchemy's documented recipe for pysqlite.

The functions the matching bound uses (backend.reports.match_bound) are registered from Python's math: SQLite
has them only when built with its math functions, and BIT_COUNT not at all.
"""
from __future__ import annotations

import math
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

# name: (number of arguments, function); NULL in, NULL out, as in MariaDB.
FUNCTIONS = {"sin": (1, math.sin), "cos": (1, math.cos), "asin": (1, math.asin), "sqrt": (1, math.sqrt),
             "exp": (1, math.exp), "power": (2, math.pow), "bit_count": (1, int.bit_count)}


def _null_safe(function):
    return lambda *args: None if None in args else function(*args)


def _on_connect(dbapi_connection, connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None  # pysqlite stops issuing its own BEGIN; we issue ours below
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.close()
    for name, (arity, function) in FUNCTIONS.items():
        dbapi_connection.create_function(name, arity, _null_safe(function), deterministic=True)


def _on_begin(connection) -> None:
    # Autocommit connections (plain reads, e.g. a cached WeChat token) take no lock and wait for none.
    autocommit = connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
    if connection.dialect.name == "sqlite" and not autocommit:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def install() -> None:
    if not event.contains(Engine, "connect", _on_connect):
        event.listen(Engine, "connect", _on_connect)
        event.listen(Engine, "begin", _on_begin)
