"""Licence applications: submissions and decisions per month, the rejection rate by reason, and how long
applicants wait for a reviewer (median and 90th percentile).

Counted on application rounds: every submission is a round and every decision closes one, so an application
rejected, corrected and approved counts one rejection and one approval, each in the month it was decided. Read
from the covering indexes `ix_application_rounds_submitted` and `ix_application_rounds_decided`."""
from __future__ import annotations

from backend import clock
from backend.extensions import db
from backend.indicators.common import chosen_zone, monthly_rows, nested, percentile, rate
from backend.indicators.period import Period, month_number
from backend.indicators.sql import local_month, minutes_between, wait_bucket
from backend.models import ApplicationRound, LicenceApplication, RejectReason

DECIDED = ("approved", "rejected")
FIELDS = ("submitted", "resubmitted", "approved", "rejected", "withdrawn")
NO_CODE_TEXT = "未选原因（仅填写说明）"


def _in_zone(query, period: Period):
    zone = chosen_zone(period)
    if zone is None:
        return query
    return query.join(LicenceApplication, LicenceApplication.id == ApplicationRound.application_id).where(
        LicenceApplication.zone_code == zone.code)


def applications(period: Period) -> dict:
    counts = nested()
    month = local_month(ApplicationRound.submitted_at)
    first = db.func.sum(db.case((ApplicationRound.round_no == 1, 1), else_=0))
    submitted = (db.select(month, db.func.count(), first)
                 .where(ApplicationRound.submitted_at >= period.since, ApplicationRound.submitted_at < period.until)
                 .group_by(month))
    for value, count, new in db.session.execute(_in_zone(submitted, period)):
        counts[month_number(value)]["submitted"] += int(new or 0)
        counts[month_number(value)]["resubmitted"] += count - int(new or 0)
    by_reason: dict[str | None, int] = {}
    month = local_month(ApplicationRound.decided_at)
    decided = (db.select(month, ApplicationRound.outcome, ApplicationRound.reject_reason_code, db.func.count())
               .where(ApplicationRound.decided_at >= period.since, ApplicationRound.decided_at < period.until,
                      ApplicationRound.outcome.in_((*DECIDED, "withdrawn")))
               .group_by(month, ApplicationRound.outcome, ApplicationRound.reject_reason_code))
    for value, outcome, code, count in db.session.execute(_in_zone(decided, period)):
        counts[month_number(value)][outcome] += count
        if outcome == "rejected":
            by_reason[code] = by_reason.get(code, 0) + count
    monthly = monthly_rows(period.months, counts, FIELDS)
    for row in monthly:
        row["rejection_rate"] = rate(row["rejected"], row["approved"] + row["rejected"])
    decisions = sum(row["approved"] + row["rejected"] for row in monthly)
    rejected = sum(row["rejected"] for row in monthly)
    return {"monthly": monthly, "decided": decisions, "rejected": rejected, "rejection_rate": rate(rejected, decisions),
            "reasons": _reasons(by_reason, decisions), "pending_now": _pending(period)}


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


def _pending(period: Period) -> int:
    query = db.select(db.func.count()).select_from(LicenceApplication).where(
        LicenceApplication.status == "pending_review")
    zone = chosen_zone(period)
    if zone:
        query = query.where(LicenceApplication.zone_code == zone.code)
    return db.session.scalar(query)


def review_times(period: Period) -> dict:
    """From a round's submission to its decision (approved or rejected; a withdrawal is nobody's wait), in hours.
    Read from minute buckets (backend.indicators.sql.wait_bucket): exact under an hour, to 15 minutes under a day,
    to the hour beyond."""
    month = local_month(ApplicationRound.decided_at)
    bucket = wait_bucket(minutes_between(ApplicationRound.submitted_at, ApplicationRound.decided_at))
    query = (db.select(month, bucket, db.func.count())
             .where(ApplicationRound.decided_at >= period.since, ApplicationRound.decided_at < period.until,
                    ApplicationRound.outcome.in_(DECIDED))
             .group_by(month, bucket))
    histograms: dict[str, list[tuple[int, int]]] = {}
    for value, minutes, count in db.session.execute(_in_zone(query, period)):
        histograms.setdefault(month_number(value), []).append((int(minutes), count))
    whole = [pair for histogram in histograms.values() for pair in histogram]
    monthly = [{"month": m, **_summary(histograms.get(m, []))} for m in period.months]
    return {**_summary(whole), "monthly": monthly, "waiting_now": _waiting_now(period)}


def _summary(histogram: list[tuple[int, int]]) -> dict:
    return {"decided": sum(count for _, count in histogram),
            "median_hours": _hours(percentile(histogram, 0.5)), "p90_hours": _hours(percentile(histogram, 0.9))}


def _hours(minutes: int | None) -> float | None:
    return None if minutes is None else round(minutes / 60, 2)


def _waiting_now(period: Period) -> dict:
    """The queue as it stands: how many wait, and for how long the longest has."""
    query = db.select(db.func.count(), db.func.min(LicenceApplication.submitted_at)).where(
        LicenceApplication.status == "pending_review")
    zone = chosen_zone(period)
    if zone:
        query = query.where(LicenceApplication.zone_code == zone.code)
    count, oldest = db.session.execute(query).one()
    if oldest is not None and oldest.tzinfo is None:  # an aggregate comes back without the column's type
        oldest = oldest.replace(tzinfo=clock.now().tzinfo)
    longest = None if oldest is None else round((clock.now() - oldest).total_seconds() / 3600, 2)
    return {"count": count, "longest_hours": longest}
