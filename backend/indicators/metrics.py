"""What the dashboard counts of each record, per Beijing month: one select per metric, giving rows of (month,
zone, k1, k2, n, amount) for the records of an instant range. backend.indicators.rollup runs it once for a closed
month (into indicator_rollups) and live for the months still open.

A month is closed `settle_days` after it ends: by then its records no longer change in a way the metric sees (a
report marked duplicate by staff, a notice's retries, an approval rejected while its fee was unpaid)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import literal_column

from backend.extensions import db
from backend.indicators.sql import local_month, minutes_between, wait_bucket
from backend.models import (
    ApplicationRound,
    LicenceApplication,
    Notice,
    PaymentOrder,
    PaymentRefund,
    ShelterDog,
    StrayReport,
)

# Inline constants, not parameters: they are grouped on.
EMPTY = literal_column("''")
ZERO = literal_column("0")
FIRST, AGAIN, DUPLICATE, NONE = (literal_column(f"'{word}'") for word in ("first", "again", "duplicate", "none"))
OUTCOMES = ("adopted", "reclaimed", "transferred", "died")


@dataclass(frozen=True)
class Metric:
    name: str
    settle_days: int
    instant: object  # the column whose Beijing month the record counts in
    build: Callable[[object], object]  # month expression → select of (month, zone, k1, k2, n, amount)

    def select(self, since: datetime, until: datetime):
        return self.build(local_month(self.instant)).where(self.instant >= since, self.instant < until)


def _grouped(month, zone, k1, k2, n, amount, *where, joins=()):
    query = db.select(month.label("month"), zone.label("zone"), k1.label("k1"), k2.label("k2"), n.label("n"),
                      amount.label("amount"))
    for target, on in joins:
        query = query.join(target, on)
    return query.where(*where).group_by(month, zone, k1, k2)


_APPLICATION = ((LicenceApplication, LicenceApplication.id == ApplicationRound.application_id),)
_R = ApplicationRound
_WAIT = wait_bucket(minutes_between(_R.submitted_at, _R.decided_at))

METRICS = {m.name: m for m in (
    # every submission; k1 "first" or "again" (a corrected application resubmitted)
    Metric("submitted", 0, _R.submitted_at, lambda month: _grouped(
        month, LicenceApplication.zone_code, db.case((_R.round_no == 1, FIRST), else_=AGAIN), EMPTY,
        db.func.count(), ZERO, joins=_APPLICATION)),
    # decisions (k1 outcome, k2 the reason code of a rejection); 14 days: an approval may still be rejected
    Metric("decided", 14, _R.decided_at, lambda month: _grouped(
        month, LicenceApplication.zone_code, _R.outcome, db.func.coalesce(_R.reject_reason_code, EMPTY),
        db.func.count(), ZERO, _R.outcome.in_(("approved", "rejected", "withdrawn")), joins=_APPLICATION)),
    # the wait of each decided round, k2 its bucket in minutes (backend.indicators.sql.wait_bucket)
    Metric("waited", 14, _R.decided_at, lambda month: _grouped(
        month, LicenceApplication.zone_code, EMPTY, db.cast(_WAIT, db.String), db.func.count(), ZERO,
        _R.outcome.in_(("approved", "rejected")), joins=_APPLICATION)),
    Metric("intake", 0, ShelterDog.intake_at, lambda month: _grouped(
        month, EMPTY, ShelterDog.source, EMPTY, db.func.count(), ZERO)),
    # the ways out of the shelter are final, so a month of them never changes
    Metric("outcome", 0, ShelterDog.outcome_at, lambda month: _grouped(
        month, EMPTY, ShelterDog.status, EMPTY, db.func.count(), ZERO, ShelterDog.status.in_(OUTCOMES))),
    # stray reports by district, k1 "duplicate" or ""; 14 days: staff may still mark one a duplicate
    Metric("reported", 14, StrayReport.reported_at, lambda month: _grouped(
        month, StrayReport.district, db.case((StrayReport.status == "duplicate", DUPLICATE), else_=EMPTY), EMPTY,
        db.func.count(), ZERO)),
    Metric("captured", 0, StrayReport.resolved_at, lambda month: _grouped(
        month, StrayReport.district, EMPTY, EMPTY, db.func.count(), db.func.sum(StrayReport.captured_count),
        StrayReport.status == "captured")),
    # notices by channel (k1, "none" before the first try) and delivery status (k2); 7 days for the retries
    Metric("notice", 7, Notice.created_at, lambda month: _grouped(
        month, EMPTY, db.func.coalesce(Notice.channel, NONE), Notice.delivery_status, db.func.count(), ZERO)),
    Metric("paid", 0, PaymentOrder.paid_at, lambda month: _grouped(
        month, EMPTY, PaymentOrder.paid_channel, EMPTY, db.func.count(), db.func.sum(PaymentOrder.amount_fen))),
    Metric("refund", 0, PaymentRefund.completed_at, lambda month: _grouped(
        month, EMPTY, PaymentRefund.channel, EMPTY, db.func.count(), db.func.sum(PaymentRefund.amount_fen),
        PaymentRefund.status == "success")),
)}
