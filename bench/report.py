"""The benchmark table: printed, and written into docs/performance.md between markers."""
from __future__ import annotations

import platform
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bench.wrk import Result

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


@dataclass
class Row:
    result: Result
    baseline: Result | None = None
    goal: float | None = None  # minimum ratio to the baseline
    p99_goal_ms: float | None = None
    rate_goal: float | None = None  # minimum events per second

    @property
    def ratio(self) -> float | None:
        if not self.baseline:
            return None
        return self.result.requests_per_second / self.baseline.requests_per_second

    def goal_text(self) -> str:
        if self.goal is not None and self.ratio is not None:
            return f"≥ {self.goal:.0%} of bare: " + ("meets goal" if self.ratio >= self.goal else "BELOW GOAL")
        if self.p99_goal_ms is not None:
            met = self.result.p99_ms <= self.p99_goal_ms
            return f"p99 ≤ {self.p99_goal_ms:g} ms: " + ("meets goal" if met else "BELOW GOAL")
        if self.rate_goal is not None:
            met = self.result.requests_per_second >= self.rate_goal
            return f"≥ {self.rate_goal:,.0f}/s: " + ("meets goal" if met else "BELOW GOAL")
        return "—"


class Rows(list):
    """A suite's rows, and lines printed under its table (how it was measured, what a run found)."""

    def __init__(self, rows=()):
        super().__init__(rows)
        self.notes: list[str] = []


def with_notes(text: str, rows: list) -> str:
    notes = getattr(rows, "notes", [])
    return "\n".join([text, ""] + [f"- {note}" for note in notes]) if notes else text


def table(rows: list[Row]) -> str:
    lines = ["| measurement | per second | p50 ms | p99 ms | count | errors | bare req/s | ratio | goal |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        r, b = row.result, row.baseline
        ratio = f"{row.ratio:.0%}" if row.ratio is not None else "—"
        bare = f"{b.requests_per_second:,.0f}" if b else "—"
        p50 = "—" if r.p50_ms != r.p50_ms else f"{r.p50_ms:.2f}"  # NaN: not a latency measurement
        p99 = "—" if r.p99_ms != r.p99_ms else f"{r.p99_ms:.2f}"
        lines.append(f"| {r.label} | {r.requests_per_second:,.0f} | {p50} | {p99} | {r.requests:,} | {r.errors} | "
                     f"{bare} | {ratio} | {row.goal_text()} |")
    return with_notes("\n".join(lines), rows)


def machine() -> str:
    import os

    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def write_section(suite: str, body: str) -> None:
    start, end = f"<!-- bench:{suite}:start -->", f"<!-- bench:{suite}:end -->"
    stamp = f"_Measured {datetime.now():%Y-%m-%d %H:%M} on {machine()}._"
    block = f"{start}\n{stamp}\n\n{body}\n{end}"
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n"
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + f"\n\n## {suite}\n\n{block}\n"
    DOC.write_text(text, encoding="utf-8")
