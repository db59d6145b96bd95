"""Where strays are: counts of stray reports and captures per grid cell and per district over a period, for the
dashboard. Grouped in SQL on integer micro-degrees, so a year of reports is one indexed pass."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import case

from backend.core import clock
from backend.core.database.extensions import db
from backend.reference import geo
from backend.reports.inputs import HotspotQuery
from backend.reports.models.strays import StrayReport

DEFAULT_DAYS = 30


@dataclass
class Counts:
    reports: int = 0  # every report, duplicates included: how often people saw strays there
    incidents: int = 0  # reports that were not duplicates of another
    captures: int = 0  # reports resolved as captured in the period
    dogs_captured: int = 0


@dataclass
class Hotspots:
    start: date
    end: date
    cell_m: int
    cells: dict[tuple[int, int], Counts] = field(default_factory=dict)
    districts: dict[str, Counts] = field(default_factory=dict)
    steps: tuple[int, int] = (1, 1)


def hotspots(query: HotspotQuery) -> Hotspots:
    end = query.to or clock.today()
    return count(query.from_ or end - timedelta(days=DEFAULT_DAYS - 1), end, query.cell_m)


def count(start: date, end: date, cell_m: int, district: str | None = None) -> Hotspots:
    """Days `start`..`end` (Beijing, inclusive), optionally one district's reports only (the dashboard's zone)."""
    since, until = clock.start_of_local_day(start), clock.start_of_local_day(end + timedelta(days=1))
    lat_step, lng_step = geo.cell_steps(cell_m, current_app.config["MAP_CENTRE"][0])
    result = Hotspots(start, end, cell_m, steps=(lat_step, lng_step))
    cell_lat = (StrayReport.lat_e6 - StrayReport.lat_e6 % lat_step).label("cell_lat")
    cell_lng = (StrayReport.lng_e6 - StrayReport.lng_e6 % lng_step).label("cell_lng")
    not_duplicate = db.func.sum(case((StrayReport.status != "duplicate", 1), else_=0))
    reported = StrayReport.reported_at.between(since, until - timedelta(microseconds=1))
    captured = (StrayReport.status == "captured") & StrayReport.resolved_at.between(
        since, until - timedelta(microseconds=1))
    if district is not None:
        in_district = StrayReport.district == district
        reported, captured = reported & in_district, captured & in_district
    # One pass each for reports and captures, grouped by cell and district together: the districts' counts are
    # the sums of their cells' (a cell on a border is two rows, one per district).
    keys = (cell_lat, cell_lng, StrayReport.district)
    for row in db.session.execute(db.select(*keys, db.func.count(), not_duplicate).where(reported).group_by(*keys)):
        for counts in _targets(result, row):
            counts.reports += row[3]
            counts.incidents += int(row[4] or 0)
    for row in db.session.execute(db.select(*keys, db.func.count(), db.func.sum(StrayReport.captured_count))
                                  .where(captured).group_by(*keys)):
        for counts in _targets(result, row):
            counts.captures += row[3]
            counts.dogs_captured += int(row[4] or 0)
    return result


def _targets(result: Hotspots, row) -> tuple[Counts, Counts]:
    cell = (int(row[0]), int(row[1]))
    return result.cells.setdefault(cell, Counts()), result.districts.setdefault(row[2], Counts())


def cell_centre(result: Hotspots, cell: tuple[int, int]) -> geo.Point:
    lat_step, lng_step = result.steps
    return geo.Point.from_e6(cell[0] + lat_step // 2, cell[1] + lng_step // 2)
