"""Stray dogs: reports and captures per month (backend.indicators.rollup; metrics reported, captured), and the
hotspot map from the dispatchers' grid (backend.reports.hotspots) over the last three months of the period: the
map is read live from the reports, and a quarter of them is what a wall can redraw every minute. A zone narrows
both to the zone's district."""
from __future__ import annotations

from datetime import timedelta

from backend.indicators.common import chosen_zone, monthly_rows, nested
from backend.indicators.period import Period
from backend.indicators.rollup import counts
from backend.reports import hotspots

FIELDS = ("reports", "incidents", "captures", "dogs_captured")
CELL_M = 1000
MAP_MONTHS = 3  # where strays are now; the dispatchers' hotspot page takes any period of up to a year
MAP_CELLS = 500  # the busiest cells; the rest are single sightings scattered over the countryside


def strays(period: Period) -> dict:
    zone = chosen_zone(period)
    districts = None if zone is None else (zone.district,)
    by_month = nested()
    for row in counts("reported", period, districts):
        by_month[row.month]["reports"] += row.n
        by_month[row.month]["incidents"] += 0 if row.k1 == "duplicate" else row.n
    for row in counts("captured", period, districts):
        by_month[row.month]["captures"] += row.n
        by_month[row.month]["dogs_captured"] += row.amount
    monthly = monthly_rows(period.months, by_month, FIELDS)
    return {"monthly": monthly, "totals": {f: sum(row[f] for row in monthly) for f in FIELDS},
            "hotspots": _map(period, zone.district if zone else None)}


def _map(period: Period, district: str | None) -> dict:
    shown = Period(max(period.first, period.last - MAP_MONTHS + 1), period.last)
    result = hotspots.count(shown.start_day, shown.end_day - timedelta(days=1), CELL_M, district)
    ranked = sorted(result.cells.items(), key=lambda kv: (-kv[1].reports, -kv[1].captures, kv[0]))
    cells = []
    for key, c in ranked[:MAP_CELLS]:
        centre = hotspots.cell_centre(result, key)
        cells.append({"lat": round(centre.lat, 6), "lng": round(centre.lng, 6), **_counts(c)})
    districts = [{"district": name or "其他", **_counts(c)}
                 for name, c in sorted(result.districts.items(), key=lambda kv: (-kv[1].reports, kv[0]))]
    return {"from": shown.describe()["from"], "to": shown.describe()["to"], "cell_m": CELL_M,
            "cells_total": len(result.cells), "cells": cells, "districts": districts}


def _counts(c: hotspots.Counts) -> dict:
    return {f: getattr(c, f) for f in FIELDS}
