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
    text TEXT, sent_at REAL, body TEXT, client_msg_id TEXT, page TEXT);
CREATE TABLE IF NOT EXISTS faults (
    id INTEGER PRIMARY KEY AUTOINCREMENT, api TEXT, errcode INTEGER, remaining INTEGER, delay_ms INTEGER,
    touser TEXT);
CREATE TABLE IF NOT EXISTS followers (
    openid TEXT PRIMARY KEY, unionid TEXT, subscribed INTEGER, nickname TEXT, last_interaction REAL,
    replies_since INTEGER DEFAULT 0);
CREATE UNIQUE INDEX IF NOT EXISTS sent_dedupe ON sent (touser, client_msg_id);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS pay_orders (
    channel TEXT, order_id TEXT, amount_fen INTEGER, description TEXT, notify_url TEXT, state TEXT,
    transaction_id TEXT, refunded_fen INTEGER DEFAULT 0, created_at REAL, paid_at REAL, extra TEXT,
    PRIMARY KEY (channel, order_id));
CREATE TABLE IF NOT EXISTS pay_refunds (
    channel TEXT, refund_id TEXT, order_id TEXT, amount_fen INTEGER, created_at REAL,
    PRIMARY KEY (channel, refund_id));
"""


class SandboxStore:
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        # Writers of one process queue here rather than in SQLite's busy handler, which sleeps 1 ms, then 2, 5,
        # 10... between tries: under load (the notice benchmark) those sleeps, not the work, set the pace.
        self._write_lock = threading.Lock()
        conn = sqlite3.connect(self.path, timeout=30)
        self._drop_if_outdated(conn)
        conn.executescript(SCHEMA)  # executescript commits on its own, so it runs outside _connect()
        conn.close()

    @staticmethod
    def _drop_if_outdated(conn: sqlite3.Connection) -> None:
        """Simulator state is disposable: a file from an older DogPass is rebuilt rather than migrated."""
        expected = {"sent": {"client_msg_id", "page"}, "followers": {"last_interaction", "replies_since"},
                    "faults": {"touser"}}
        for table, columns in expected.items():
            present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            if present and not columns <= present:
                conn.execute(f"DROP TABLE {table}")
        conn.commit()

    def _read(self, query: str, args: tuple = ()) -> list[sqlite3.Row]:
        """A plain read: no write lock (WAL lets it run beside a writer)."""
        conn = self._connection()
        return conn.execute(query, args).fetchall()

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")  # simulator state is disposable: no waiting on the disk
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        return conn

    @contextmanager
    def _connect(self):
        conn = self._connection()
        with self._write_lock:
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
        rows = self._read("SELECT expires_at FROM tokens WHERE token = ?", (token,))
        row = rows[0] if rows else None
        if row is None:
            return "invalid"
        return "valid" if row["expires_at"] > time.time() else "expired"

    def expire_tokens(self) -> int:
        """Make every issued token expire now (a test of the 42001 refresh path)."""
        with self._connect() as conn:
            return conn.execute("UPDATE tokens SET expires_at = ?", (time.time() - 1,)).rowcount

    # sent messages -----------------------------------------------------------------------------------------
    def record_sent(self, api: str, appid: str, touser: str, template_id: str | None, data: dict | None,
                    text: str | None, body: dict, client_msg_id: str | None = None,
                    page: str | None = None) -> tuple[int, bool]:
        """Record a message; (id, True) when new, (id of the earlier one, False) for a repeated client_msg_id."""
        conn = self._connection()
        row = (api, appid, touser, template_id, json.dumps(data, ensure_ascii=False) if data else None, text,
               time.time(), json.dumps(body, ensure_ascii=False), client_msg_id, page)
        with self._write_lock:
            # One statement, committed on its own (the connection is in autocommit): a repeat is the rare case,
            # and the unique index on (touser, client_msg_id) turns it away.
            cursor = conn.execute(
                "INSERT INTO sent (api, appid, touser, template_id, data, text, sent_at, body, client_msg_id, page) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", row)
            if cursor.rowcount:
                return cursor.lastrowid, True
            earlier = conn.execute("SELECT id FROM sent WHERE touser = ? AND client_msg_id = ?",
                                   (touser, client_msg_id)).fetchone()
            conn.execute("INSERT INTO settings VALUES ('duplicates_dropped', '1') ON CONFLICT(key) DO "
                         "UPDATE SET value = CAST(value AS INTEGER) + 1")
            return earlier["id"], False

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
            "sent_at": row["sent_at"], "client_msg_id": row["client_msg_id"], "page": row["page"],
        } for row in rows]

    def duplicates_dropped(self) -> int:
        """Repeats of a client_msg_id that were not shown twice (what a crash between send and record costs)."""
        return int(self.setting("duplicates_dropped") or 0)

    def sent_count(self, api: str | None = None) -> int:
        with self._connect() as conn:
            if api:
                return conn.execute("SELECT count(*) FROM sent WHERE api = ?", (api,)).fetchone()[0]
            return conn.execute("SELECT count(*) FROM sent").fetchone()[0]

    # faults ------------------------------------------------------------------------------------------------
    def add_fault(self, api: str, errcode: int | None, times: int, delay_ms: int = 0,
                  touser: str | None = None) -> None:
        """`touser`: only calls sending to this openid meet the fault (a test of one batch can then say which
        message WeChat refuses, whatever order the send threads reach it in)."""
        with self._connect() as conn:
            conn.execute("INSERT INTO faults (api, errcode, remaining, delay_ms, touser) VALUES (?, ?, ?, ?, ?)",
                         (api, errcode, times, delay_ms, touser))

    def take_fault(self, api: str, touser: str | None = None) -> tuple[int | None, int] | None:
        """Consume one injected fault for `api` (or `*`), and for `touser` when the fault names one:
        (errcode or None for delay only, delay_ms)."""
        if not self._read("SELECT 1 FROM faults WHERE remaining > 0 LIMIT 1"):
            return None  # the usual case, answered without taking the write lock
        with self._connect() as conn:
            row = conn.execute(
                "SELECT * FROM faults WHERE (api = ? OR api = '*') AND remaining > 0 AND (touser IS NULL OR touser = ?)"
                " ORDER BY id LIMIT 1", (api, touser)).fetchone()
            if row is None:
                return None
            conn.execute("UPDATE faults SET remaining = remaining - 1 WHERE id = ?", (row["id"],))
            return row["errcode"], row["delay_ms"]

    # followers ---------------------------------------------------------------------------------------------
    def set_follower(self, openid: str, unionid: str, subscribed: bool, nickname: str = "") -> None:
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO followers (openid, unionid, subscribed, nickname) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(openid) DO UPDATE SET subscribed = excluded.subscribed, unionid = excluded.unionid",
                (openid, unionid, int(subscribed), nickname))

    def record_interaction(self, openid: str, unionid: str, at: float) -> None:
        """The follower wrote or tapped: the customer-service window opens again with five replies."""
        with self._connect() as conn:
            conn.execute(
                "INSERT INTO followers (openid, unionid, subscribed, last_interaction, replies_since) "
                "VALUES (?, ?, 1, ?, 0) ON CONFLICT(openid) DO UPDATE SET last_interaction = excluded.last_interaction,"
                " replies_since = 0, subscribed = 1", (openid, unionid, at))

    def take_reply(self, openid: str, now: float, window: float, limit: int) -> int | None:
        """Count one customer-service reply; None when allowed, else WeChat's error code."""
        with self._connect() as conn:
            row = conn.execute("SELECT last_interaction, replies_since FROM followers WHERE openid = ?",
                               (openid,)).fetchone()
            if row is None or row["last_interaction"] is None or now - row["last_interaction"] > window:
                return 45015
            if row["replies_since"] >= limit:
                return 45047
            conn.execute("UPDATE followers SET replies_since = replies_since + 1 WHERE openid = ?", (openid,))
            return None

    def count(self, key: str) -> int:
        """Add one to a counter (a setting), atomically; its new value."""
        with self._connect() as conn:
            conn.execute("INSERT INTO settings VALUES (?, '1') ON CONFLICT(key) DO "
                         "UPDATE SET value = CAST(value AS INTEGER) + 1", (key,))
            return int(conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()["value"])

    def counter(self, key: str) -> int:
        return int(self.setting(key) or 0)

    def set_setting(self, key: str, value) -> None:
        with self._connect() as conn:
            conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, json.dumps(value, ensure_ascii=False)))

    def setting(self, key: str):
        with self._connect() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row["value"]) if row else None

    def follower(self, openid: str) -> dict | None:
        rows = self._read("SELECT * FROM followers WHERE openid = ?", (openid,))
        return dict(rows[0]) if rows else None

    # payment orders (both gateways) -----------------------------------------------------------------------
    # state: pending | paid | closed | refunded (fully); each gateway's sandbox maps it to its own words.
    @staticmethod
    def _order(row) -> dict | None:
        if row is None:
            return None
        order = dict(row)
        order["extra"] = json.loads(order["extra"] or "{}")
        return order

    def pay_create(self, channel: str, order_id: str, amount_fen: int, description: str, notify_url: str,
                   extra: dict) -> tuple[dict, bool]:
        """(order, True) when new; (the existing order, False) when the number is taken."""
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM pay_orders WHERE channel = ? AND order_id = ?",
                               (channel, order_id)).fetchone()
            if row is not None:
                return self._order(row), False
            conn.execute("INSERT INTO pay_orders (channel, order_id, amount_fen, description, notify_url, state, "
                         "transaction_id, created_at, extra) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
                         (channel, order_id, amount_fen, description, notify_url, extra.pop("transaction_id"),
                          time.time(), json.dumps(extra, ensure_ascii=False)))
            row = conn.execute("SELECT * FROM pay_orders WHERE channel = ? AND order_id = ?",
                               (channel, order_id)).fetchone()
            return self._order(row), True

    def pay_order(self, channel: str, order_id: str) -> dict | None:
        rows = self._read("SELECT * FROM pay_orders WHERE channel = ? AND order_id = ?", (channel, order_id))
        return self._order(rows[0]) if rows else None

    def pay_orders(self, channel: str | None = None) -> list[dict]:
        if channel:
            rows = self._read("SELECT * FROM pay_orders WHERE channel = ? ORDER BY created_at", (channel,))
        else:
            rows = self._read("SELECT * FROM pay_orders ORDER BY created_at")
        return [self._order(row) for row in rows]

    def pay_mark_paid(self, channel: str, order_id: str) -> dict | None:
        """A pending order becomes paid (now); any other state is left as it is."""
        with self._connect() as conn:
            conn.execute("UPDATE pay_orders SET state = 'paid', paid_at = ? WHERE channel = ? AND order_id = ? "
                         "AND state = 'pending'", (time.time(), channel, order_id))
            row = conn.execute("SELECT * FROM pay_orders WHERE channel = ? AND order_id = ?",
                               (channel, order_id)).fetchone()
            return self._order(row)

    def pay_close(self, channel: str, order_id: str) -> dict | None:
        """A pending order closes; the order as it is afterwards (None when unknown)."""
        with self._connect() as conn:
            conn.execute("UPDATE pay_orders SET state = 'closed' WHERE channel = ? AND order_id = ? "
                         "AND state = 'pending'", (channel, order_id))
            row = conn.execute("SELECT * FROM pay_orders WHERE channel = ? AND order_id = ?",
                               (channel, order_id)).fetchone()
            return self._order(row)

    def pay_refund(self, channel: str, order_id: str, refund_id: str, amount_fen: int) -> tuple[str, dict | None]:
        """("ok" | "repeat" | "not_found" | "not_paid" | "too_much", order). A repeated refund_id is answered
        again without refunding twice."""
        with self._connect() as conn:
            order = self._order(conn.execute("SELECT * FROM pay_orders WHERE channel = ? AND order_id = ?",
                                             (channel, order_id)).fetchone())
            if order is None:
                return "not_found", None
            if conn.execute("SELECT 1 FROM pay_refunds WHERE channel = ? AND refund_id = ?",
                            (channel, refund_id)).fetchone():
                return "repeat", order
            if order["state"] not in ("paid", "refunded"):
                return "not_paid", order
            if amount_fen <= 0 or order["refunded_fen"] + amount_fen > order["amount_fen"]:
                return "too_much", order
            conn.execute("INSERT INTO pay_refunds VALUES (?, ?, ?, ?, ?)",
                         (channel, refund_id, order_id, amount_fen, time.time()))
            refunded = order["refunded_fen"] + amount_fen
            conn.execute("UPDATE pay_orders SET refunded_fen = ?, state = ? WHERE channel = ? AND order_id = ?",
                         (refunded, "refunded" if refunded == order["amount_fen"] else "paid", channel, order_id))
            order = self._order(conn.execute("SELECT * FROM pay_orders WHERE channel = ? AND order_id = ?",
                                             (channel, order_id)).fetchone())
            return "ok", order

    def reset(self) -> None:
        with self._connect() as conn:
            for table in ("tokens", "sent", "faults", "followers", "settings", "pay_orders", "pay_refunds"):
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
