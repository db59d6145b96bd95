"""Closed months in a summary table, open months live (docs/decisions.md, "Dashboard: summary tables").

`counts(metric, period)` gives a metric's rows per month for a period: the months up to the metric's watermark
from indicator_rollups, the rest by running the metric's select over the base table for just those months (the
current one and at most a couple before it: a few thousand rows). `roll_up()` moves the watermark to the last
month that can no longer change, writing that month's rows; the nightly job runs it, and so does a request that
finds a metric behind, so a fresh database or a skipped night only costs that one request the catch-up.
`spread(metric, period)` is for the waiting times: the database sums their closed months up to a median and a 90th
percentile each, instead of sending every bucket. While `common.sharing()` is on (the workbook), the watermarks and
the closed months of every metric are read once for all the panels."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from celery import shared_task

from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.locks import lock_keys
from backend.indicators.common import chosen_zone, once, sharing_now
from backend.indicators.metrics import METRICS, Metric
from backend.indicators.models import IndicatorRollup, IndicatorWatermark
from backend.indicators.period import Period, month_number

ALL = "*"  # the zone of a closed month's city-wide rows (no zone or district is called that)


@dataclass(frozen=True)
class Row:
    month: str  # YYYY-MM
    zone: str
    k1: str
    k2: str
    n: int
    amount: int


def _yyyymm(index: int) -> int:
    return (index // 12) * 100 + index % 12 + 1


def _index(yyyymm: int) -> int:
    return (yyyymm // 100) * 12 + yyyymm % 100 - 1


def _start(index: int) -> datetime:
    return clock.start_of_local_day(date(index // 12, index % 12 + 1, 1))


def closable(metric: Metric, today: date | None = None) -> int:
    """The last month (index) that ended at least `settle_days` ago."""
    settled = (today or clock.today()) - timedelta(days=metric.settle_days + 1)
    return settled.year * 12 + settled.month - 1 - (0 if _month_ended(settled) else 1)


def _month_ended(day: date) -> bool:
    return (day + timedelta(days=1)).month != day.month


def watermark(metric: Metric) -> int | None:
    value = db.session.scalar(db.select(IndicatorWatermark.closed_through).where(
        IndicatorWatermark.metric == metric.name))
    return None if value is None else _index(value)


def watermarks() -> dict[str, int]:
    """Every metric's watermark (a metric never rolled up has none)."""
    w = IndicatorWatermark
    return {name: _index(value) for name, value in db.session.execute(db.select(w.metric, w.closed_through))}


def roll_up(names: tuple[str, ...] | None = None) -> dict[str, int]:
    """Writes every closable month not yet written; returns the rows written per metric."""
    written = {}
    for name in names or tuple(METRICS):
        metric = METRICS[name]
        if (watermark(metric) or -1) < closable(metric):
            written[name] = _roll(metric)
    return written


def forget() -> None:
    """Empties the summary table: the next roll-up counts every closed month again."""
    db.session.execute(db.delete(IndicatorRollup))
    db.session.execute(db.delete(IndicatorWatermark))
    db.session.commit()


def _roll(metric: Metric) -> int:
    target = closable(metric)
    lock_keys("indicators", [metric.name])  # one writer per metric; the others wait, then find it done
    current = watermark(metric)
    if current is not None and current >= target:
        db.session.commit()
        return 0
    first = current + 1 if current is not None else _first_month(metric, target)
    rows: dict[tuple, dict] = {}
    if first <= target:
        for month, zone, k1, k2, n, amount in db.session.execute(metric.select(_start(first), _start(target + 1))):
            # each zone's row, and the city's (ALL): a city-wide read then takes its rows as they are, in key order
            for where in (zone, ALL) if zone else (ALL,):
                key = (int(month), where, k1 or "", k2 or "")
                row = rows.setdefault(key, {"metric": metric.name, "month": key[0], "zone": where, "k1": key[2],
                                            "k2": key[3], "n": 0, "amount": 0})
                row["n"] += n
                row["amount"] += int(amount or 0)
    rows = list(rows.values())
    for start in range(0, len(rows), 1000):
        db.session.execute(db.insert(IndicatorRollup), rows[start:start + 1000])
    if current is None:
        db.session.add(IndicatorWatermark(metric=metric.name, closed_through=_yyyymm(target)))
    else:
        db.session.execute(db.update(IndicatorWatermark).where(IndicatorWatermark.metric == metric.name)
                           .values(closed_through=_yyyymm(target), updated_at=clock.now()))
    db.session.commit()
    return len(rows)


def _first_month(metric: Metric, target: int) -> int:
    earliest = db.session.scalar(db.select(db.func.min(metric.instant)))
    if earliest is None:
        return target + 1  # nothing yet: every month up to target is empty
    if isinstance(earliest, str):  # SQLite hands an aggregate back as text
        earliest = datetime.fromisoformat(earliest)
    day = clock.local(earliest).date()
    return day.year * 12 + day.month - 1


def counts(name: str, period: Period, zones: tuple[str, ...] | None = None, by_zone: bool = False) -> list[Row]:
    """The metric's rows for the period's months; `zones` keeps only those zones (or districts); without `by_zone`
    the closed months come back as the city's rows (zone ALL). While `sharing()` (the workbook), the closed months
    of every metric come from one read."""
    metric = METRICS[name]
    shared = _shared_closed(metric, period, zones) if sharing_now() and not by_zone else None
    if shared is not None:
        closed, rows = shared
    else:
        closed = _closed_through(metric)
        rows = _closed_rows(metric, period, closed, zones, by_zone)
    return rows + _live_rows(metric, period, closed, zones, by_zone)


def _live_rows(metric: Metric, period: Period, closed: int | None, zones: tuple[str, ...] | None,
               by_zone: bool = False) -> list[Row]:
    """The months after the watermark, counted from the records."""
    live_from = max(period.first, (closed if closed is not None else -1) + 1)
    if live_from > period.last:
        return []
    query = metric.select(_start(live_from), _start(period.last + 1), zoned=zones is not None or by_zone)
    return [row for row in (_row(*values) for values in db.session.execute(query))
            if zones is None or row.zone in zones]


def _closed_through(metric: Metric) -> int | None:
    """The metric's watermark, after writing the months it is behind by (a fresh database, a night without the
    job)."""
    closed = watermark(metric)
    if (closed or -1) < closable(metric):
        _roll(metric)
        closed = watermark(metric)
    return closed


def _closed_rows(metric: Metric, period: Period, closed: int | None, zones: tuple[str, ...] | None,
                 by_zone: bool) -> list[Row]:
    if closed is None or period.first > closed:
        return []
    r = IndicatorRollup
    query = db.select(r.month, r.zone, r.k1, r.k2, r.n, r.amount).where(
        r.metric == metric.name, r.month >= _yyyymm(period.first), r.month <= _yyyymm(min(period.last, closed)))
    if zones is not None:
        query = query.where(r.zone.in_(zones))
    elif by_zone:
        query = query.where(r.zone != ALL)
    else:
        query = query.where(r.zone == ALL)
    return [_row(*values) for values in db.session.execute(query)]


def _shared_closed(metric: Metric, period: Period, zones: tuple[str, ...] | None):
    """(watermark, closed rows) from the read every panel of the period shares. None when `zones` asks for rows it
    did not read, or for a spread metric (then the metric is read on its own)."""
    keys = _shared_keys(period)
    wanted = {ALL} if zones is None else set(zones)
    if metric.spread or not wanted <= set(keys):
        return None
    marks = _shared_marks()
    rows = once(("closed", period.first, period.last, keys), lambda: _read_closed(period, keys, marks))
    return marks.get(metric.name), [row for row in rows.get(metric.name, ()) if row.zone in wanted]


def _shared_keys(period: Period) -> tuple[str, ...]:
    """The city's rows, and with a zone chosen its zone's and its district's (applications are counted by zone,
    stray reports by district)."""
    zone = chosen_zone(period)
    return (ALL,) if zone is None else (ALL, zone.code, zone.district)


def _shared_marks() -> dict[str, int]:
    """Every metric's watermark, once the metrics that were behind are written up."""
    def read() -> dict[str, int]:
        marks = watermarks()
        behind = [metric for metric in METRICS.values() if (marks.get(metric.name) or -1) < closable(metric)]
        for metric in behind:
            _roll(metric)
        return watermarks() if behind else marks

    return once("watermarks", read)


def _read_closed(period: Period, keys: tuple[str, ...], marks: dict[str, int]) -> dict[str, list[Row]]:
    """The closed months of every metric (but the spread ones) in one query."""
    names = [name for name, closed in marks.items()
             if name in METRICS and not METRICS[name].spread and period.first <= closed]
    rows: dict[str, list[Row]] = {}
    if not names:
        return rows
    r = IndicatorRollup
    query = db.select(r.metric, r.month, r.zone, r.k1, r.k2, r.n, r.amount).where(
        r.metric.in_(names), r.month >= _yyyymm(period.first), r.month <= _yyyymm(period.last), r.zone.in_(keys))
    for name, month, *values in db.session.execute(query):
        if _index(int(month)) <= marks[name]:  # rows are only ever written up to the watermark; kept exact anyway
            rows.setdefault(name, []).append(_row(month, *values))
    return rows


def spread(name: str, period: Period, zones: tuple[str, ...] | None = None):
    """For a metric whose k2 is a whole number (a waiting time in minutes, bucketed): its closed months summed up by
    the database, {month: (n, median, 90th percentile)} and the histogram of all of them together {value: n}, and
    the open months' rows as `counts` gives them. A closed month of waits is a few hundred buckets, so 36 months
    are 7,000 rows to send and parse where the summaries are 36 (and the summed histogram a few hundred).
    Percentiles as `common.percentile` takes them (nearest rank: the smallest value with at least ⌈q·n⌉ at or
    below it); a running count `seen` reaches ⌈q·n⌉ exactly when seen ≥ q·n, compared here in whole numbers."""
    metric = METRICS[name]
    closed = _shared_marks().get(name) if sharing_now() else _closed_through(metric)
    months: dict[str, tuple[int, int, int]] = {}
    whole: dict[int, int] = {}
    if closed is not None and period.first <= closed:
        r = IndicatorRollup
        value = db.cast(r.k2, db.Integer)
        where = (r.metric == name, r.month >= _yyyymm(period.first), r.month <= _yyyymm(min(period.last, closed)),
                 r.zone.in_(zones) if zones is not None else r.zone == ALL)
        h = (db.select(r.month, value.label("value"), db.func.sum(r.n).label("n")).where(*where)
             .group_by(r.month, value).subquery())
        w = db.select(h.c.month, h.c.value, db.func.sum(h.c.n).over(partition_by=h.c.month, order_by=h.c.value)
                      .label("seen"), db.func.sum(h.c.n).over(partition_by=h.c.month).label("total")).subquery()
        summary = db.select(w.c.month, w.c.total, db.func.min(db.case((w.c.seen * 2 >= w.c.total, w.c.value))),
                            db.func.min(db.case((w.c.seen * 10 >= w.c.total * 9, w.c.value)))
                            ).group_by(w.c.month, w.c.total)
        for month, total, median, p90 in db.session.execute(summary):
            months[month_number(month)] = (int(total), int(median), int(p90))
        for bucket, n in db.session.execute(db.select(value, db.func.sum(r.n)).where(*where).group_by(value)):
            whole[int(bucket)] = int(n)
    return months, whole, _live_rows(metric, period, closed, zones)


def _row(month, zone, k1, k2, n, amount) -> Row:
    month = int(month)
    return Row(f"{month // 100:04d}-{month % 100:02d}", zone or "", k1 or "", k2 or "", int(n), int(amount or 0))


@shared_task(name="backend.indicators.rollup.nightly_roll_up")
def nightly_roll_up() -> dict[str, int]:
    """Celery beat, 00:20 (backend.celery_app): each month that can no longer change written once, so no leader's
    request pays for it."""
    return roll_up()
