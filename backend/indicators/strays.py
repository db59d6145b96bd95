"""Stray dogs: reports and captures per month, and the hotspot map (backend.services.hotspots, the dispatchers'
grid) over the same period. A zone narrows both to the zone's district."""
from __future__ import annotations

from datetime import timedelta

from backend.extensions import db
from backend.indicators.common import chosen_zone, monthly_rows, nested
from backend.indicators.period import Period, month_number
from backend.indicators.sql import local_month
from backend.models import StrayReport
from backend.services import hotspots

FIELDS = ("reports", "incidents", "captures", "dogs_captured")
CELL_M = 1000
MAP_CELLS = 500  # the busiest cells; the rest are single sightings scattered over the countryside


def strays(period: Period) -> dict:
    zone = chosen_zone(period)
    district = zone.district if zone else None
    counts = nested()
    month = local_month(StrayReport.reported_at)
    incident = db.func.sum(db.case((StrayReport.status != "duplicate", 1), else_=0))
    reported = (db.select(month, db.func.count(), incident)
                .where(StrayReport.reported_at >= period.since, StrayReport.reported_at < period.until)
                .group_by(month))
    month = local_month(StrayReport.resolved_at)
    captured = (db.select(month, db.func.count(), db.func.sum(StrayReport.captured_count))
                .where(StrayReport.status == "captured", StrayReport.resolved_at >= period.since,
                       StrayReport.resolved_at < period.until)
                .group_by(month))
    if district is not None:
        reported, captured = (q.where(StrayReport.district == district) for q in (reported, captured))
    for value, count, incidents in db.session.execute(reported):
        counts[month_number(value)].update(reports=count, incidents=int(incidents or 0))
    for value, count, dogs in db.session.execute(captured):
        counts[month_number(value)].update(captures=count, dogs_captured=int(dogs or 0))
    monthly = monthly_rows(period.months, counts, FIELDS)
    return {"monthly": monthly, "totals": {f: sum(row[f] for row in monthly) for f in FIELDS},
            "hotspots": _map(period, district)}


def _map(period: Period, district: str | None) -> dict:
    result = hotspots.count(period.start_day, period.end_day - timedelta(days=1), CELL_M, district)
    ranked = sorted(result.cells.items(), key=lambda kv: (-kv[1].reports, -kv[1].captures, kv[0]))
    cells = []
    for key, c in ranked[:MAP_CELLS]:
        centre = hotspots.cell_centre(result, key)
        cells.append({"lat": round(centre.lat, 6), "lng": round(centre.lng, 6), **_counts(c)})
    districts = [{"district": name or "其他", **_counts(c)}
                 for name, c in sorted(result.districts.items(), key=lambda kv: (-kv[1].reports, kv[0]))]
    return {"cell_m": CELL_M, "cells_total": len(result.cells), "cells": cells, "districts": districts}


def _counts(c: hotspots.Counts) -> dict:
    return {f: getattr(c, f) for f in FIELDS}
