"""Issue 16: the 工作台's counts and the staff licence look-up against a city's year of records in MariaDB.

In-process, one MariaDB connection, no gunicorn and no wrk: what is timed is the service call itself,
`workbench_for("admin")` (all eight cards, one aggregate statement each), `licence_search.search(term)` for each kind
of key, and `licence_search.licence_file(id)` (the licence and its whole trail), each in a fresh transaction.
`--connections` and `--duration` do not apply.

Seeded with bulk Core inserts (foreign key checks off; the plans do not depend on them): 200,000 licence
applications (1% waiting), 50,000 inspections (1% waiting), 50,000 conversations (2% unanswered, their last messages
over the last four days), 200,000 payment orders (1% unpaid), 20,000 refunds (1% processing), 5,000 adoption
applications (2% waiting), 100,000 stray reports (2% awaiting dispatch), 100,000 licences with their dogs (every
tenth with a chip) and their vaccinations, and 1,000,000 audit rows (ten per licence).
"""
from __future__ import annotations

import math
import random
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from bench import seed
from bench.report import Rows, with_notes

SEED = 16
CALLS = 300
WARM = 20
GOAL_WORKBENCH_P99_MS = 50.0
GOAL_SEARCH_P99_MS = 100.0
RUN_NOTE = "in-process, one MariaDB connection; --connections/--duration do not apply"
VOLUMES = {"licence_applications": 200_000, "inspections": 50_000, "conversations": 50_000,
           "payment_orders": 200_000, "payment_refunds": 20_000, "adoption_applications": 5_000,
           "stray_reports": 100_000}
# table → (column, waiting value, decided value, share waiting)
WAITING = {"licence_applications": ("status", "pending_review", "issued", 0.01),
           "inspections": ("status", "pending_review", "issued", 0.01),
           "conversations": ("unanswered", True, False, 0.02),
           "payment_orders": ("status", "pending", "paid", 0.01),
           "payment_refunds": ("status", "processing", "success", 0.01),
           "adoption_applications": ("status", "submitted", "completed", 0.02),
           "stray_reports": ("status", "received", "captured", 0.02)}
LICENCES = 100_000
EVENTS_PER_LICENCE = 10


@dataclass
class Timing:
    label: str
    samples_ms: list[float]
    result: str
    goal_ms: float

    def pct(self, q: float) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def table(rows: Rows) -> str:
    lines = ["| measurement | calls | p50 ms | p95 ms | p99 ms | max ms | result | goal |",
             "|---|---:|---:|---:|---:|---:|---|---|"]
    for t in rows:
        met = "meets goal" if t.pct(0.99) <= t.goal_ms else "BELOW GOAL"
        lines.append(f"| {t.label} | {len(t.samples_ms):,} | {t.pct(0.5):.2f} | {t.pct(0.95):.2f} | "
                     f"{t.pct(0.99):.2f} | {max(t.samples_ms):.2f} | {t.result} | p99 ≤ {t.goal_ms:g} ms: {met} |")
    return with_notes("\n".join(lines), rows)


def _value(column: sa.Column, n: int, at):
    from backend.core.database.base import UTCDateTime

    if isinstance(column.type, UTCDateTime):
        return at
    if isinstance(column.type, sa.JSON):
        return {}
    kind = column.type.python_type
    if kind is str:
        return f"x{n}"[: getattr(column.type, "length", None) or 32]
    return {bool: False, int: 0}.get(kind, at.date())


def _rows(table: sa.Table, count: int, rng: random.Random, now, extra=None) -> list[dict]:
    from backend.core.ids import new_id

    columns = [c for c in table.columns if not c.nullable or c.primary_key
               or c.name in ("last_inbound_at", "waiting_since")]
    rows = []
    for n in range(count):
        at = now - timedelta(seconds=rng.randrange(4 * 86400 if table.name == "conversations" else 365 * 86400))
        row = {c.name: _value(c, n, at) for c in columns}
        row["id"] = new_id()
        if extra:
            row.update(extra(n))
        rows.append(row)
    return rows


def _insert(connection, table: sa.Table, rows: list[dict]) -> None:
    for start in range(0, len(rows), 5_000):
        connection.execute(table.insert(), rows[start:start + 5_000])


def _seed(db, rng: random.Random) -> list[tuple[str, str, str, str | None]]:
    """The tables the cards read, then licences with dogs and their trails; returns (id, licence_no, tag, chip)."""
    from backend.core import clock
    from backend.core.security import idnumber

    now = clock.now()
    tables = db.metadata.tables
    with db.engine.begin() as connection:
        connection.execute(sa.text("SET FOREIGN_KEY_CHECKS = 0"))
        for name, count in VOLUMES.items():
            column, waiting, decided, share = WAITING[name]
            _insert(connection, tables[name], _rows(tables[name], count, rng, now, lambda n, c=column, w=waiting,
                    d=decided, s=share: {c: w if rng.random() < s else d}))
        dogs = _rows(tables["dogs"], LICENCES, rng, now,
                     lambda n: {"chip_no": f"9001{n:011d}" if n % 10 == 0 else None})
        _insert(connection, tables["dogs"], dogs)
        vaccinations = _rows(tables["vaccinations"], LICENCES, rng, now, lambda n: {"dog_id": dogs[n]["id"]})
        _insert(connection, tables["vaccinations"], vaccinations)

        def licence(n: int) -> dict:
            number = seed.id_number(rng.randrange(10_000_000))
            return {"licence_no": f"DP-2026-{n:06d}", "tag_token": f"tag{n:019d}", "dog_id": dogs[n]["id"],
                    "vaccination_id": vaccinations[n]["id"], "status": "active",
                    "owner_id_masked": idnumber.mask(number)}

        licences = _rows(tables["licences"], LICENCES, rng, now, licence)
        _insert(connection, tables["licences"], licences)
        keys = [(row["id"], row["licence_no"], row["tag_token"], dogs[n]["chip_no"]) for n, row in enumerate(licences)]
        events = _rows(tables["status_changes"], LICENCES * EVENTS_PER_LICENCE, rng, now, lambda n: {
            "entity_type": "licence", "entity_id": licences[n // EVENTS_PER_LICENCE]["id"], "actor_type": "system",
            "action": "issued"})
        _insert(connection, tables["status_changes"], events)
        for name in (*VOLUMES, "dogs", "vaccinations", "licences", "status_changes"):
            connection.execute(sa.text(f"ANALYZE TABLE {name}"))
    return keys


def _time(db, label: str, call, goal: float) -> Timing:
    samples, result = [], None
    for n in range(WARM + CALLS):
        start = time.perf_counter()
        result = call(n)
        elapsed = (time.perf_counter() - start) * 1000
        db.session.rollback()
        if n >= WARM:
            samples.append(elapsed)
    return Timing(label, samples, result, goal)


def _time_search(db, label: str, term, search) -> Timing:
    totals: list[int] = []

    def call(n: int) -> int:
        totals.append(search(term(n)).total)
        return totals[-1]

    timing = _time(db, label, call, GOAL_SEARCH_P99_MS)
    timing.result = f"{sum(totals) / len(totals):,.1f} licences found (avg)"
    return timing


def run(connections: int, duration: int) -> Rows:
    seed.reset_database()
    work = Path(tempfile.mkdtemp(prefix="dogpass-bench-workbench-"))
    app = seed.make_app(seed.BENCH_DATABASE_URL, work / "uploads")
    rng = random.Random(SEED)
    rows = Rows()
    with app.app_context():
        from backend.core.database.extensions import db
        from backend.workbench import licences as licence_search
        from backend.workbench import workbench_for

        started = time.perf_counter()
        keys = _seed(db, rng)
        rows.notes.append(f"Seeded in {time.perf_counter() - started:.0f} s: "
                          + ", ".join(f"{count:,} {name}" for name, count in VOLUMES.items())
                          + f", {LICENCES:,} licences and dogs, {LICENCES * EVENTS_PER_LICENCE:,} audit rows.")
        pick = [keys[rng.randrange(len(keys))] for _ in range(WARM + CALLS)]
        chips = [k for k in keys if k[3]]

        def workbench(n):
            cards = workbench_for("admin").cards
            return f"{len(cards)} cards, {sum(c.count for c in cards):,} waiting"

        rows.append(_time(db, "工作台, admin (8 cards)", workbench, GOAL_WORKBENCH_P99_MS))
        for label, term in (("search: licence number", lambda n: pick[n][1]),
                            ("search: tag token", lambda n: pick[n][2]),
                            ("search: tag URL", lambda n: f"https://dogpass.example.cn/t/{pick[n][2]}"),
                            ("search: chip number", lambda n: chips[n % len(chips)][3]),
                            ("search: ID number's last 4", lambda n: f"{rng.randrange(10_000):04d}")):
            rows.append(_time_search(db, label, term, licence_search.search))
        def licence_file(n):
            return f"{len(licence_search.licence_file(pick[n][0]).timeline)} trail entries"

        rows.append(_time(db, "licence file with its trail", licence_file, GOAL_SEARCH_P99_MS))
        rows.notes.append("The ID number's last digits are a scan of the masked column (the number is encrypted, so "
                          "no index serves a suffix); every other key is an index look-up (tests/integration/"
                          "test_workbench_plans.py checks the plans).")
    return rows
