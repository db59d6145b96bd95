"""What the panels share: the zones, the zone filter, folding counts into months, percentiles from a histogram."""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from backend.errors import ValidationFailed
from backend.extensions import db
from backend.indicators.period import Period
from backend.models import Zone


@dataclass(frozen=True)
class ZoneRow:
    code: str
    name: str
    district: str


def zones() -> list[ZoneRow]:
    """Every zone, inactive ones too (their old licences still count), in the city's order."""
    return [ZoneRow(z.code, z.name, z.district)
            for z in db.session.scalars(db.select(Zone).order_by(Zone.sort_order, Zone.code))]


def chosen_zone(period: Period) -> ZoneRow | None:
    if period.zone is None:
        return None
    zone = db.session.get(Zone, period.zone)
    if zone is None:
        raise ValidationFailed("管理区不存在", details={"query.zone": "须为 GET /api/v1/zones 中的管理区代码"})
    return ZoneRow(zone.code, zone.name, zone.district)


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
