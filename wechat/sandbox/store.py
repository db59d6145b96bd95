"""State of the simulated WeChat API, in a SQLite file of its own.

A file rather than memory because `make run`, gunicorn workers and the test server are separate threads or
processes that must see the same tokens, sent messages and injected faults. It is a simulator, not production.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (token TEXT PRIMARY KEY, appid TEXT, issued_at REAL, expires_at REAL);
CREATE TABLE IF NOT EXISTS sent (
    id INTEGER PRIMARY KEY AUTOINCREMENT, api TEXT, appid TEXT, touser TEXT, template_id TEXT, data TEXT,
    text TEXT, sent_at REAL, body TEXT);
CREATE TABLE IF NOT EXISTS faults (
    id INTEGER PRIMARY KEY AUTOINCREMENT, api TEXT, errcode INTEGER, remaining INTEGER, delay_ms INTEGER);
CREATE TABLE IF NOT EXISTS followers (openid TEXT PRIMARY KEY, unionid TEXT, subscribed INTEGER, nickname TEXT);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT);
"""


class SandboxStore:
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        conn = sqlite3.connect(self.path, timeout=30)
        conn.executescript(SCHEMA)  # executescript commits on its own, so it runs outside _connect()
        conn.close()

    @contextmanager
    def _connect(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # tokens -------------------------------------------------------------------------------------------------
    def add_token(self, token: str, appid: str, ttl: int) -> None:
        now = time.time()
        with self._connect() as conn:
            conn.execute("INSERT INTO tokens VALUES (?, ?, ?, ?)", (token, appid, now, now + ttl))

    def token_status(self, token: str) -> str:
        """valid | expired | invalid"""
        with self._connect() as conn:
            row = conn.execute("SELECT expires_at FROM tokens WHERE token = ?", (token,)).fetchone()
        if row is None:
            return "invalid"
        return "valid" if row["expires_at"] > time.time() else "expired"

    def expire_tokens(self) -> int:
        """Make every issued token expire now (a test of the 42001 refresh path)."""
        with self._connect() as conn:
            return conn.execute("UPDATE tokens SET expires_at = ?", (time.time() - 1,)).rowcount

    # sent messages -----------------------------------------------------------------------------------------
    def record_sent(self, api: str, appid: str, touser: str, template_id: str | None, data: dict | None,
                    text: str | None, body: dict) -> int:
        with self._connect() as conn:
            cursor = conn.execute(
                "INSERT INTO sent (api, appid, touser, template_id, data, text, sent_at, body) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (api, appid, touser, template_id, json.dumps(data, ensure_ascii=False) if data else None, text,
                 time.time(), json.dumps(body, ensure_ascii=False)))
            return cursor.lastrowid

    def sent(self, touser: str | None = None, api: str | None = None, since_id: int = 0) -> list[dict]:
        query = "SELECT * FROM sent WHERE id > ?"
        args: list = [since_id]
        if touser:
            query += " AND touser = ?"
            args.append(touser)
        if api:
            query += " AND api = ?"
            args.append(api)
        with self._connect() as conn:
            rows = conn.execute(query + " ORDER BY id", args).fetchall()
        return [{
            "id": row["id"], "api": row["api"], "touser": row["touser"], "template_id": row["template_id"],
            "data": json.loads(row["data"]) if row["data"] else None, "text": row["text"],
            "sent_at": row["sent_at"],
        } for row in rows]

    # faults ------------------------------------------------------------------------------------------------
    def add_fault(self, api: str, errcode: int | None, times: int, delay_ms: int = 0) -> None:
        with self._connect() as conn:
            conn.execute("INSERT INTO faults (api, errcode, remaining, delay_ms) VALUES (?, ?, ?, ?)",
                         (api, errcode, times, delay_ms))

    def take_fault(self, api: str) -> tuple[int | None, int] | None:
        """Consume one injected fault for `api` (or `*`): (errcode or None for delay only, delay_ms)."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT * FROM faults WHERE (api = ? OR api = '*') AND remaining > 0 ORDER BY id LIMIT 1",
                (api,)).fetchone()
            if row is None:
                return None
            conn.execute("UPDATE faults SET remaining = remaining - 1 WHERE id = ?", (row["id"],))
            return row["errcode"], row["delay_ms"]

    # followers ---------------------------------------------------------------------------------------------
    def set_follower(self, openid: str, unionid: str, subscribed: bool, nickname: str = "") -> None:
        with self._connect() as conn:
            conn.execute("INSERT OR REPLACE INTO followers VALUES (?, ?, ?, ?)",
                         (openid, unionid, int(subscribed), nickname))

    def follower(self, openid: str) -> dict | None:
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM followers WHERE openid = ?", (openid,)).fetchone()
        return dict(row) if row else None

    def reset(self) -> None:
        with self._connect() as conn:
            for table in ("tokens", "sent", "faults", "followers", "settings"):
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
