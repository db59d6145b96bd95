"""Issue 5: with 100,000 open lost and found reports in MariaDB, the time to match one new report (goal: p99 ≤ 50 ms),
and the stray hotspot query over 100,000 stray reports.

In-process, one MariaDB connection, no gunicorn and no wrk: what is timed is the matching call itself,
`matching.candidates_for_found` / `candidates_for_lost` (the candidate query, plus the tag/chip look-up when the
report carries one, and the scoring in Python) on a transient, unsaved report with its facts set, each call in a
fresh transaction on a connection already checked out, as inside the request that stores a new report. Storing the
matches and telling people (`match_new_*`) is not in the figure. Then `hotspots.hotspots()` for a 30-day and a
365-day period at cell_m 1000. `--connections` and `--duration` do not apply.

The database is built by the migrations and seeded with bulk Core inserts: 3,000 residents; 50,000 open lost and
50,000 open found reports over the last 180 days; 100,000 stray reports over the last 365 days. Places: 70% around
the district centres (Gaussian, σ 3 km), 30% anywhere in an 80 km × 80 km square around MAP_CENTRE.
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
from bench.suites.reports_world import FOUND, LOST, STRAYS, USERS, World

SEED = 5
NEW = 500  # new reports matched, per side
WARM = 20  # unmeasured calls first, per side
HOTSPOT_REPEATS = 20
GOAL_P99_MS = 50.0

RUN_NOTE = "in-process, one MariaDB connection; --connections/--duration do not apply"
TIMED = ("Timed: `matching.candidates_for_found` / `candidates_for_lost` (candidate query, tag/chip look-up when the "
         "report has one, scoring) on a transient, unsaved report, each in a fresh transaction; storing the matches "
         "and telling people (`match_new_*`) is not in the figure. Rows fetched: rows the SQL returned (best bound "
         "first, a second read when the first were not enough counted again), all scored in Python.")

@dataclass
class Timing:
    label: str
    samples_ms: list[float]
    rows: float | None = None  # average rows the SQL handed back (candidates scored)
    result: str = ""  # what came out, on average
    goal_ms: float | None = None

    def pct(self, q: float) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)]

    def goal_text(self) -> str:
        if self.goal_ms is None:
            return "—"
        return f"p99 ≤ {self.goal_ms:g} ms: " + ("meets goal" if self.pct(0.99) <= self.goal_ms else "BELOW GOAL")


def table(rows: Rows) -> str:
    lines = ["| measurement | calls | p50 ms | p95 ms | p99 ms | max ms | rows fetched (avg) | result (avg) | goal |",
             "|---|---:|---:|---:|---:|---:|---:|---|---|"]
    for t in rows:
        fetched = "—" if t.rows is None else f"{t.rows:,.0f}"
        lines.append(f"| {t.label} | {len(t.samples_ms):,} | {t.pct(0.5):.2f} | {t.pct(0.95):.2f} | "
                     f"{t.pct(0.99):.2f} | {max(t.samples_ms):.2f} | {fetched} | {t.result or '—'} | "
                     f"{t.goal_text()} |")
    return with_notes("\n".join(lines), rows)


def run(connections: int, duration: int) -> Rows:
    seed.reset_database()
    work = Path(tempfile.mkdtemp(prefix="dogpass-bench-reports-"))
    app = seed.make_app(seed.BENCH_DATABASE_URL, work / "uploads")
    rows = Rows()
    with app.app_context():
        from backend.core.database.extensions import db
        from backend.reference.catalogue import load_reference_data

        load_reference_data()
        world = World(random.Random(SEED), app.config["MAP_CENTRE"])
        started = time.perf_counter()
        world.seed()
        print(f"seeded {USERS:,} users, {LOST:,} lost, {FOUND:,} found, {STRAYS:,} strays "
              f"in {time.perf_counter() - started:.1f}s", flush=True)
        db.session.execute(sa.text("ANALYZE TABLE lost_reports, found_reports, stray_reports"))
        db.session.commit()
        rows += [_time_matching(world, "found"), _time_matching(world, "lost")]
        rows.notes += [TIMED, _explain(world, "found"), _explain(world, "lost")]
        rows += [_time_hotspots(30), _time_hotspots(365)]
        db.session.remove()
    return rows


class _statements:
    """Every statement the engine sends, with the number of rows it returned (pymysql buffers the result, so the
    cursor's rowcount is the row count)."""

    def __enter__(self) -> list[tuple[str, object, int]]:
        from backend.core.database.extensions import db

        self.engine, self.seen = db.engine, []
        sa.event.listen(self.engine, "after_cursor_execute", self._record)
        return self.seen

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.seen.append((statement, parameters, cursor.rowcount))

    def __exit__(self, *exc) -> None:
        sa.event.remove(self.engine, "after_cursor_execute", self._record)


def _time_matching(world: World, side: str) -> Timing:
    from backend.core import clock
    from backend.core.database.extensions import db
    from backend.reports import matching

    rules = matching.settings()
    world.now = clock.now()
    make, match = ((world.new_found, matching.candidates_for_found) if side == "found"
                   else (world.new_lost, matching.candidates_for_lost))
    samples, fetched, found = [], 0, 0
    with _statements() as seen:
        for n in range(WARM + NEW):
            report = make()
            db.session.connection()  # the request's transaction is under way: no checkout or ping in the figure
            seen.clear()
            started = time.perf_counter()
            result = match(report, rules)
            elapsed = (time.perf_counter() - started) * 1000
            db.session.rollback()
            if n >= WARM:
                samples.append(elapsed)
                fetched += sum(rowcount for statement, _, rowcount in seen if statement.lstrip().startswith("SELECT"))
                found += len(result)
    other = "lost" if side == "found" else "found"
    return Timing(f"match a new {side} report against {LOST if side == 'found' else FOUND:,} open {other} "
                  f"reports ({NEW} new, candidates + scoring)", samples, rows=fetched / NEW,
                  result=f"{found / NEW:.1f} matches (≤ {matching.KEEP_PER_REPORT} kept)", goal_ms=GOAL_P99_MS)


def _explain(world: World, side: str) -> str:
    """EXPLAIN of the candidate query as sent, for one new report with a known sex and place (no tag or chip)."""
    from backend.core.database.extensions import db
    from backend.reports import matching

    make, match = ((world.new_found, matching.candidates_for_found) if side == "found"
                   else (world.new_lost, matching.candidates_for_lost))
    report = make()
    while report.sex == "unknown" or report.lat_e6 is None:
        report = make()
    report.tag_token = report.chip_no = None
    with _statements() as seen:
        match(report, matching.settings())
    table = "lost_reports" if side == "found" else "found_reports"
    statement, parameters, returned = next(row for row in seen if f"FROM {table}" in row[0])
    cursor = db.session.connection().connection.cursor()
    cursor.execute("EXPLAIN " + statement, parameters)
    names = [d[0] for d in cursor.description]
    plans = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    db.session.rollback()
    text = "; ".join(f"table {p['table']}, type {p['type']}, key {p['key']} (possible: {p['possible_keys']}), "
                     f"rows ≈{p['rows']}, Extra: {p['Extra']}" for p in plans)
    return f"EXPLAIN, candidates for a new {side} report ({returned:,} rows returned): {text}"


def _time_hotspots(days: int) -> Timing:
    from backend.core import clock
    from backend.core.database.extensions import db
    from backend.reports import hotspots
    from backend.reports.inputs import HotspotQuery

    end = clock.today()
    query = HotspotQuery.model_validate({"from": (end - timedelta(days=days - 1)).isoformat(),
                                         "to": end.isoformat(), "cell_m": 1000})
    samples = []
    for n in range(2 + HOTSPOT_REPEATS):
        db.session.connection()
        started = time.perf_counter()
        result = hotspots.hotspots(query)
        elapsed = (time.perf_counter() - started) * 1000
        db.session.rollback()
        if n >= 2:
            samples.append(elapsed)
    reports = sum(c.reports for c in result.cells.values())
    return Timing(f"hotspots, {days} days, cell_m 1000 ({reports:,} stray reports in the period)", samples,
                  result=f"{len(result.cells):,} cells, {len(result.districts)} districts")
