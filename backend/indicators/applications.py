"""Licence applications: submissions and decisions per month, the rejection rate by reason, and how long
applicants wait for a reviewer (median and 90th percentile).

Counted on application rounds: every submission is a round and every decision closes one, so an application
rejected, corrected and approved counts one rejection and one approval, each in the month it was decided. Closed
months come from the summary table, open ones live (backend.indicators.rollup; metrics submitted, decided,
waited)."""
from __future__ import annotations

from backend.core import clock
from backend.core.database.extensions import db
from backend.indicators.common import chosen_zone, monthly_rows, nested, once, percentile, rate
from backend.indicators.period import Period
from backend.indicators.rollup import counts, spread
from backend.licensing.models.applications import LicenceApplication
from backend.reference.models import RejectReason

FIELDS = ("submitted", "resubmitted", "approved", "rejected", "withdrawn")
NO_CODE_TEXT = "未选原因（仅填写说明）"


def _zones(period: Period) -> tuple[str, ...] | None:
    zone = chosen_zone(period)
    return None if zone is None else (zone.code,)


def applications(period: Period) -> dict:
    zones = _zones(period)
    by_month = nested()
    for row in counts("submitted", period, zones):
        by_month[row.month]["submitted" if row.k1 == "first" else "resubmitted"] += row.n
    by_reason: dict[str | None, int] = {}
    for row in counts("decided", period, zones):
        by_month[row.month][row.k1] += row.n
        if row.k1 == "rejected":
            by_reason[row.k2 or None] = by_reason.get(row.k2 or None, 0) + row.n
    monthly = monthly_rows(period.months, by_month, FIELDS)
    for row in monthly:
        row["rejection_rate"] = rate(row["rejected"], row["approved"] + row["rejected"])
    decisions = sum(row["approved"] + row["rejected"] for row in monthly)
    rejected = sum(row["rejected"] for row in monthly)
    return {"monthly": monthly, "decided": decisions, "rejected": rejected, "rejection_rate": rate(rejected, decisions),
            "reasons": _reasons(by_reason, decisions), "pending_now": _waiting(zones)[0]}


def _reasons(by_reason: dict[str | None, int], decisions: int) -> list[dict]:
    """Every reason on the list (zero where unused), then any code no longer on it, then free text alone."""
    listed = list(db.session.execute(db.select(RejectReason.code, RejectReason.text)
                                     .order_by(RejectReason.sort_order, RejectReason.code)))
    known = {code for code, _ in listed}
    rows = [(code, text) for code, text in listed]
    rows += [(code, code) for code in sorted(c for c in by_reason if c and c not in known)]
    rows += [(None, NO_CODE_TEXT)] if None in by_reason else []
    return [{"code": code, "text": text, "rejected": by_reason.get(code, 0),
             "rate": rate(by_reason.get(code, 0), decisions)} for code, text in rows]


def review_times(period: Period) -> dict:
    """From a round's submission to its decision (approved or rejected; a withdrawal is nobody's wait), in hours.
    Read from minute buckets (backend.indicators.sql.wait_bucket): exact under an hour, to 15 minutes under a day,
    to the hour beyond."""
    zones = _zones(period)
    closed, whole, live = spread("waited", period, zones)
    histograms: dict[str, dict[int, int]] = {}
    for row in live:
        bucket = histograms.setdefault(row.month, {})
        bucket[int(row.k2)] = bucket.get(int(row.k2), 0) + row.n
        whole[int(row.k2)] = whole.get(int(row.k2), 0) + row.n
    monthly = [{"month": m, **(_closed_summary(*closed[m]) if m in closed else _summary(histograms.get(m, {})))}
               for m in period.months]
    waiting, oldest = _waiting(zones)
    if oldest is not None and oldest.tzinfo is None:  # an aggregate comes back without the column's type
        oldest = oldest.replace(tzinfo=clock.now().tzinfo)
    longest = None if oldest is None else round((clock.now() - oldest).total_seconds() / 3600, 2)
    return {**_summary(whole), "monthly": monthly, "waiting_now": {"count": waiting, "longest_hours": longest}}


def _summary(histogram: dict[int, int]) -> dict:
    pairs = list(histogram.items())
    return {"decided": sum(histogram.values()),
            "median_hours": _hours(percentile(pairs, 0.5)), "p90_hours": _hours(percentile(pairs, 0.9))}


def _closed_summary(decided: int, median: int, p90: int) -> dict:
    return {"decided": decided, "median_hours": _hours(median), "p90_hours": _hours(p90)}


def _hours(minutes: int | None) -> float | None:
    return None if minutes is None else round(minutes / 60, 2)


def _waiting(zones: tuple[str, ...] | None):
    """The queue as it stands: how many wait, and since when the longest has (from the status index)."""
    query = db.select(db.func.count(), db.func.min(LicenceApplication.submitted_at)).where(
        LicenceApplication.status == "pending_review")
    if zones:
        query = query.where(LicenceApplication.zone_code.in_(zones))
    # both panels show it: the workbook asks once
    return once(("waiting", zones), lambda: tuple(db.session.execute(query).one()))
