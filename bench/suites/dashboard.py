"""Issue 17: every request of the dashboard (数据看板) on MariaDB with three years of a city: 1,000,000 licences,
100,000 stray reports and 50,000 shelter dogs, and beside them 300,000 applications (with their rounds), 500,000
notices and 300,000 paid orders (bench/suites/dashboard_world.py). Goal: p99 ≤ 300 ms for each.

The app runs under gunicorn as deployed (2 processes per CPU × 8 threads, production settings, response checks off);
one client asks each request RUNS (100) times in a row over a kept-alive connection, after WARM unmeasured ones, and the
time is from sending to the last byte read. Requests: each panel for the default period (the last 12 months, the
whole city), for 36 months (the longest period the API takes), and for 12 months of one zone where the panel has
zones; then the Excel workbook (every panel) and one CSV. `--connections` and `--duration` do not apply.

Its own database (BENCH_DASHBOARD_DATABASE_URL, default `bench_dash` on the bench server), rebuilt on every run;
BENCH_DASHBOARD_REUSE=1 keeps a database a previous run filled (to measure again after a code change)."""
from __future__ import annotations

import json
import math
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests
import sqlalchemy as sa

from bench import seed, servers
from bench.report import Rows, with_notes
from bench.suites import dashboard_world as world

URL = os.environ.get("BENCH_DASHBOARD_DATABASE_URL", seed.BENCH_DATABASE_URL.rsplit("/", 1)[0] + "/bench_dash")
REUSE = os.environ.get("BENCH_DASHBOARD_REUSE") == "1"
RUNS, WARM = 100, 3  # 100 runs: the p99 is the slowest but one, not the slowest of all
GOAL_P99_MS = 300.0
PASSWORD = "bench-leader-1"
PANELS = ("licences", "applications", "review-times", "shelter", "strays", "notices", "payments")
ZONED = ("licences", "applications", "review-times", "strays")
ZONE = "saihan-general"
RUN_NOTE = "gunicorn + MariaDB, one client, requests in a row; --connections/--duration do not apply"


@dataclass
class Timing:
    label: str
    samples_ms: list[float]
    size: int

    def pct(self, q: float) -> float:
        ordered = sorted(self.samples_ms)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)]

    def goal_text(self) -> str:
        met = self.pct(0.99) <= GOAL_P99_MS
        return f"p99 ≤ {GOAL_P99_MS:g} ms: " + ("meets goal" if met else "BELOW GOAL")


def table(rows: Rows) -> str:
    lines = ["| request | runs | p50 ms | p99 ms | max ms | response | goal |", "|---|---:|---:|---:|---:|---:|---|"]
    for t in rows:
        lines.append(f"| {t.label} | {len(t.samples_ms)} | {t.pct(0.5):.1f} | {t.pct(0.99):.1f} | "
                     f"{max(t.samples_ms):.1f} | {t.size / 1024:,.1f} KB | {t.goal_text()} |")
    return with_notes("\n".join(lines), rows)


def run(connections: int, duration: int) -> Rows:
    work = Path(tempfile.mkdtemp(prefix="dogpass-bench-dashboard-"))
    rows = Rows()
    built: dict[str, float] = {}
    counts = _database(work, built)
    rows.notes.append("Rows: " + ", ".join(f"{table} {n:,}" for table, n in counts.items()) + ".")
    if built:
        rows.notes.append("Summaries built once after the load: " + ", ".join(
            f"{what} in {seconds:.1f}s" for what, seconds in built.items()) + ".")
    env = {**seed.server_env(URL, work / "uploads"), "STAFF_SESSION_COOKIE_SECURE": "0"}
    load_before = os.getloadavg()[0]
    with servers.serve("wsgi:app", env, "/healthz") as url, requests.Session() as http:
        login = http.post(f"{url}/api/v1/staff/auth/login", json={"username": "bench-leader", "password": PASSWORD})
        login.raise_for_status()
        http.headers["Authorization"] = f"Bearer {login.json()['token']}"
        months = http.get(f"{url}/api/v1/staff/indicators/shelter").json()["months"]
        long = {"from": _months_back(months[-1], 35), "to": months[-1]}
        for panel in PANELS:
            rows.append(_time(http, url, panel, {}, f"{panel}, 12 months, city"))
        for panel in PANELS:
            rows.append(_time(http, url, panel, long, f"{panel}, 36 months, city"))
        for panel in ZONED:
            rows.append(_time(http, url, panel, {"zone": ZONE}, f"{panel}, 12 months, zone {ZONE}"))
        rows.append(_time(http, url, "workbook", {}, "Excel workbook (all 7 panels), 12 months, city"))
        rows.append(_time(http, url, "workbook", long, "Excel workbook (all 7 panels), 36 months, city"))
        rows.append(_time(http, url, "csv", {"panel": "strays"}, "CSV of the strays panel, 12 months, city"))
    rows.notes.append(f"Load average (1 min) on this two-core machine: {load_before:.1f} when the measuring began, "
                      f"{os.getloadavg()[0]:.1f} when it ended (other work shares the machine).")
    return rows


def _months_back(month: str, n: int) -> str:
    year, number = (int(p) for p in month.split("-"))
    index = year * 12 + number - 1 - n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _time(http: requests.Session, url: str, path: str, query: dict, label: str) -> Timing:
    samples, size = [], 0
    for n in range(WARM + RUNS):
        started = time.perf_counter()
        response = http.get(f"{url}/api/v1/staff/indicators/{path}", params=query)
        body = response.content
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{label}: {response.status_code} {body[:300]!r}")
        if n >= WARM:
            samples.append(elapsed)
            size = len(body)
    print(f"{label}: p50 {sorted(samples)[len(samples) // 2]:.1f} ms", flush=True)
    return Timing(label, samples, size)


def _database(work: Path, built: dict[str, float]) -> dict[str, int]:
    """Builds (or, with REUSE, keeps) the city; returns its row counts, and puts in `built` how long the summaries
    took."""
    from backend.accounts.staff_accounts import create_staff
    from backend.core import clock
    from backend.core.database.extensions import db
    from backend.indicators import rollup, tallies
    from backend.reference.catalogue import load_reference_data
    from backend.reference.places import DISTRICTS_FILE

    if not REUSE:
        seed.reset_database(URL)
    app = seed.make_app(URL, work / "uploads")
    with app.app_context():
        if not REUSE:
            load_reference_data()
            create_staff("bench-leader", "leader", PASSWORD)
            centres = [(d["name"], d["lat"], d["lng"])
                       for d in json.loads(DISTRICTS_FILE.read_text(encoding="utf-8"))["districts"]]
            with db.engine.connect() as conn:
                world.seed(conn, clock.today(), clock.now(), centres, app.config["MAP_CENTRE"])
        # The generator wrote past the ORM, so the summaries are built as after a bulk load (`flask indicators
        # rebuild`: the tallies counted, every closed month rolled up, as the nightly job leaves them); timed.
        started = time.perf_counter()
        tallies.rebuild()
        built["licence tallies rebuilt"] = time.perf_counter() - started
        started = time.perf_counter()
        rollup.forget()
        rows = sum(rollup.roll_up().values())
        built[f"closed months rolled up ({rows:,} rows)"] = time.perf_counter() - started
        with db.engine.connect() as conn:
            counts = {table: conn.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar()
                      for table in ("licences", "licence_applications", "application_rounds", "shelter_dogs",
                                    "kennels", "stray_reports", "notices", "payment_orders", "payment_refunds",
                                    "licence_tallies", "indicator_rollups")}
        db.session.remove()
    return counts
