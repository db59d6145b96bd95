"""WeChat access tokens in the database, for deployments without Redis: the `TokenStore` that wechat.tokens
expects (it has no import of this module; wsgi passes the store in).

It uses connections of its own, never the request's session: a token refresh must not commit or roll back the
service transaction that happened to need a token. The refresh lock is a row lock on the app's token row, held
while one process fetches the new token; the others wait and then read it.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.dialects import mysql, sqlite

from backend.core.database.extensions import db
from backend.notices.models import AccessToken

_held = threading.local()  # the connection holding the refresh lock, so `put` writes through it


class DatabaseTokenStore:
    def get(self, appid: str) -> tuple[str, float] | None:
        connection = getattr(_held, "connection", None)
        if connection is not None:
            return self._read(connection, appid)
        # A read needs no transaction: autocommit neither waits for nor blocks the app's own writes.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            return self._read(conn, appid)

    @staticmethod
    def _read(conn, appid: str) -> tuple[str, float] | None:
        row = conn.execute(select(AccessToken.token, AccessToken.expires_at)
                           .where(AccessToken.appid == appid)).first()
        if row is None or not row.token or row.expires_at is None:
            return None
        return row.token, row.expires_at.timestamp()

    def put(self, appid: str, token: str, expires_at: float) -> None:
        values = {"token": token, "expires_at": datetime.fromtimestamp(expires_at, UTC)}
        connection = getattr(_held, "connection", None)
        if connection is not None:
            connection.execute(update(AccessToken).where(AccessToken.appid == appid).values(**values))
            return
        with db.engine.begin() as conn:
            self._ensure_row(conn, appid)
            conn.execute(update(AccessToken).where(AccessToken.appid == appid).values(**values))

    def forget(self, appid: str, token: str) -> None:
        with db.engine.begin() as conn:
            conn.execute(update(AccessToken).where(AccessToken.appid == appid, AccessToken.token == token)
                         .values(token=None, expires_at=None))

    @contextmanager
    def refresh_lock(self, appid: str) -> Iterator[None]:
        # The row is made in a transaction of its own: on MariaDB an INSERT IGNORE that meets the existing row
        # takes a shared lock on it, and two threads each holding that shared lock and then asking FOR UPDATE
        # deadlock (seen in the notice-delivery test with many sender threads).
        with db.engine.begin() as conn:
            self._ensure_row(conn, appid)
        with db.engine.connect() as conn, conn.begin():
            conn.execute(select(AccessToken.appid).where(AccessToken.appid == appid).with_for_update())
            _held.connection = conn
            try:
                yield
            finally:
                _held.connection = None

    @staticmethod
    def _ensure_row(conn, appid: str) -> None:
        if conn.dialect.name == "mysql":
            conn.execute(mysql.insert(AccessToken).values(appid=appid).prefix_with("IGNORE"))
        else:
            conn.execute(sqlite.insert(AccessToken).values(appid=appid).on_conflict_do_nothing())
