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

    @property
    def ratio(self) -> float | None:
        if not self.baseline:
            return None
        return self.result.requests_per_second / self.baseline.requests_per_second

    @property
    def verdict(self) -> str:
        if self.goal is None or self.ratio is None:
            return "—"
        return "meets goal" if self.ratio >= self.goal else "BELOW GOAL"


def table(rows: list[Row]) -> str:
    lines = ["| endpoint | req/s | p50 ms | p99 ms | requests | errors | bare req/s | ratio | goal |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        r, b = row.result, row.baseline
        ratio = f"{row.ratio:.0%}" if row.ratio is not None else "—"
        goal = f"≥ {row.goal:.0%}: {row.verdict}" if row.goal is not None else "—"
        lines.append(f"| {r.label} | {r.requests_per_second:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | "
                     f"{r.requests:,} | {r.errors} | {b.requests_per_second:,.0f} | {ratio} | {goal} |"
                     if b else
                     f"| {r.label} | {r.requests_per_second:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | "
                     f"{r.requests:,} | {r.errors} | — | — | — |")
    return "\n".join(lines)


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
