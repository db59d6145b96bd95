"""The reports linked to a stray report as its duplicates (the same dog seen again nearby), for the dispatcher
who opens the one job they make. Reads only."""
from __future__ import annotations

from backend.core.database.extensions import db
from backend.reports import strays
from backend.reports.models.strays import StrayReport


def linked_reports(report_id: str) -> list[StrayReport]:
    report = strays.get(report_id)
    return list(db.session.scalars(db.select(StrayReport).where(StrayReport.duplicate_of_id == report.id)
                                   .order_by(StrayReport.reported_at, StrayReport.id).limit(200)))
