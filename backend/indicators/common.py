"""What the panels share: the zones, the zone filter, folding counts into months, percentiles from a histogram, and
dialect-aware SQL for the city's calendar.

Instants are stored as naive UTC; a month in Beijing is the UTC instant moved by eight hours (China keeps no
daylight saving, so the shift is the same all year). The expressions are grouped on in SQL, so a month of a
300,000-row table comes back as one row per key. Dates (issue day, last valid day) are already Beijing dates."""
from __future__ import annotations

import math
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from backend.core.database.extensions import db
from backend.core.errors import ValidationFailed
from backend.indicators.period import Period
from backend.reference.models import Zone


@dataclass(frozen=True)
class ZoneRow:
    code: str
    name: str
    district: str


class Shared:
    """Reads that several panels make alike (the zones, the review queue, the summary table's watermarks and
    closed months), each made once while `sharing()` is on: the workbook computes its seven panels with one of
    these, on several threads, instead of asking the database the same question up to twenty times. Values are
    plain data (no ORM objects), so any thread may use what another read."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[Any, list] = {}

    def get(self, key, read: Callable[[], Any]):
        with self._lock:
            entry = self._entries.setdefault(key, [threading.Lock(), False, None])
        with entry[0]:  # a second thread asking for the same key waits for the first one's answer
            if not entry[1]:
                entry[2], entry[1] = read(), True
        return entry[2]


_shared: ContextVar[Shared | None] = ContextVar("indicators_shared", default=None)


@contextmanager
def sharing(shared: Shared | None = None) -> Iterator[Shared]:
    """Within the block, `once()` answers each key once (a thread of the workbook joins with the same `shared`)."""
    token = _shared.set(shared or Shared())
    try:
        yield _shared.get()
    finally:
        _shared.reset(token)


def once(key, read: Callable[[], Any]):
    """`read()`, or while `sharing()` the answer it gave the first time for `key`."""
    shared = _shared.get()
    return read() if shared is None else shared.get(key, read)


def sharing_now() -> bool:
    return _shared.get() is not None


def zones() -> list[ZoneRow]:
    """Every zone, inactive ones too (their old licences still count), in the city's order."""
    return once("zones", lambda: [ZoneRow(z.code, z.name, z.district) for z in db.session.scalars(
        db.select(Zone).order_by(Zone.sort_order, Zone.code))])


def chosen_zone(period: Period) -> ZoneRow | None:
    if period.zone is None:
        return None
    zone = next((z for z in zones() if z.code == period.zone), None)
    if zone is None:
        raise ValidationFailed("管理区不存在", details={"query.zone": "须为 GET /api/v1/zones 中的管理区代码"})
    return zone


def monthly_rows(months: list[str], counts: dict[str, dict[str, int]], fields: tuple[str, ...]) -> list[dict]:
    """One row per month of the period, every field present (zero where nothing happened)."""
    return [{"month": month, **{f: counts.get(month, {}).get(f, 0) for f in fields}} for month in months]


def nested() -> defaultdict:
    return defaultdict(lambda: defaultdict(int))


def rate(part: int, whole: int) -> float | None:
    """A share rounded to four places; None when there is nothing to divide (shown as —, never as 0%)."""
    return round(part / whole, 4) if whole else None


def percentile(histogram: list[tuple[int, int]], q: float) -> int | None:
    """Nearest-rank percentile of values given as (value, count): the smallest value with at least ⌈q·n⌉ values at
    or below it. The median of 1, 2, 3, 4 is 2."""
    total = sum(count for _, count in histogram)
    if not total:
        return None
    rank, seen = max(1, math.ceil(q * total)), 0
    for value, count in sorted(histogram):
        seen += count
        if seen >= rank:
            return value
    return None  # unreachable: seen reaches total

UTC_OFFSET_HOURS = 8


class local_month(FunctionElement):
    """YYYYMM (an integer) of an instant column in Beijing time."""
    type = Integer()
    inherit_cache = True


@compiles(local_month)
def _local_month_sqlite(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"CAST(strftime('%Y%m', {column}, '+{UTC_OFFSET_HOURS} hours') AS INTEGER)"


@compiles(local_month, "mysql")
def _local_month_mysql(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"EXTRACT(YEAR_MONTH FROM {column} + INTERVAL {UTC_OFFSET_HOURS} HOUR)"


class day_month(FunctionElement):
    """YYYYMM (an integer) of a date column (dates are Beijing dates already)."""
    type = Integer()
    inherit_cache = True


@compiles(day_month)
def _day_month_sqlite(element, compiler, **kw):
    return f"CAST(strftime('%Y%m', {compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(day_month, "mysql")
def _day_month_mysql(element, compiler, **kw):
    return f"EXTRACT(YEAR_MONTH FROM {compiler.process(element.clauses, **kw)})"


class minutes_between(FunctionElement):
    """Whole minutes from the first instant column to the second."""
    type = Integer()
    inherit_cache = True


@compiles(minutes_between)
def _minutes_sqlite(element, compiler, **kw):
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    # strftime('%s') is whole seconds since 1970, exact where julianday() arithmetic would round.
    return f"((CAST(strftime('%s', {end}) AS INTEGER) - CAST(strftime('%s', {start}) AS INTEGER)) / 60)"


@compiles(minutes_between, "mysql")
def _minutes_mysql(element, compiler, **kw):
    start, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"TIMESTAMPDIFF(MINUTE, {start}, {end})"


def wait_bucket(minutes):
    """The waiting time, coarsened so a month of decisions is a few hundred rows: to the minute under an hour, to
    15 minutes under a day, to the hour beyond (the medians are read from these buckets)."""
    return db.case((minutes < 60, minutes), (minutes < 24 * 60, minutes - minutes % 15), else_=minutes - minutes % 60)
