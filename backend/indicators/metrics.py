"""What the dashboard counts of each record, per Beijing month: one select per metric, giving rows of (month,
zone, k1, k2, n, amount) for the records of an instant range. backend.indicators.rollup runs it once for a closed
month (into indicator_rollups) and live for the months still open.

A month is closed `settle_days` after it ends: two days, by when what a metric sees of a record has settled (a
notice's retries, a report linked as a duplicate). Later changes to a closed month's records (staff marking an old
report a duplicate, a reviewer rejecting an approval whose fee was never paid) stay out of its numbers until
`flask indicators rebuild`; docs/decisions.md says why that trade is made."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import literal_column

from backend.core.database.extensions import db
from backend.indicators.common import local_month, minutes_between, wait_bucket
from backend.licensing.models.applications import ApplicationRound, LicenceApplication
from backend.notices.models import Notice
from backend.payments.models import PaymentOrder, PaymentRefund
from backend.reports.models.strays import StrayReport
from backend.shelter.models.shelter import ShelterDog

# Inline constants, not parameters: they are grouped on.
EMPTY = literal_column("''")
ZERO = literal_column("0")
FIRST, AGAIN, DUPLICATE, NONE, IN_APP = (literal_column(f"'{word}'")
                                         for word in ("first", "again", "duplicate", "none", "in_app"))
OUTCOMES = ("adopted", "reclaimed", "transferred", "died")
SETTLE = 2


@dataclass(frozen=True)
class Metric:
    name: str
    settle_days: int
    instant: object  # the column whose Beijing month the record counts in
    build: Callable[[object, bool], object]  # (month expression, zoned) → select of (month, zone, k1, k2, n, amount)
    spread: bool = False  # k2 is a whole number read as percentiles (rollup.spread), not row by row

    def select(self, since: datetime, until: datetime, zoned: bool = True):
        """`zoned=False` when nobody asks for a zone: the zone comes back "" and an application's round is not
        joined to its application for it."""
        return self.build(local_month(self.instant), zoned).where(self.instant >= since, self.instant < until)


def _grouped(month, zone, k1, k2, n, amount, *where, joins=()):
    query = db.select(month.label("month"), zone.label("zone"), k1.label("k1"), k2.label("k2"), n.label("n"),
                      amount.label("amount"))
    for target, on in joins:
        query = query.join(target, on)
    return query.where(*where).group_by(month, zone, k1, k2)


def _by_application(month, zoned: bool, *columns, where=()):
    """A round's numbers under its application's zone (joined only when a zone is asked for)."""
    if not zoned:
        return _grouped(month, EMPTY, *columns, *where)
    joins = ((LicenceApplication, LicenceApplication.id == ApplicationRound.application_id),)
    return _grouped(month, LicenceApplication.zone_code, *columns, *where, joins=joins)

_R = ApplicationRound
_WAIT = wait_bucket(minutes_between(_R.submitted_at, _R.decided_at))

METRICS = {m.name: m for m in (
    # every submission; k1 "first" or "again" (a corrected application resubmitted)
    Metric("submitted", SETTLE, _R.submitted_at, lambda month, zoned: _by_application(
        month, zoned, db.case((_R.round_no == 1, FIRST), else_=AGAIN), EMPTY, db.func.count(), ZERO)),
    # decisions (k1 outcome, k2 the reason code of a rejection)
    Metric("decided", SETTLE, _R.decided_at, lambda month, zoned: _by_application(
        month, zoned, _R.outcome, db.func.coalesce(_R.reject_reason_code, EMPTY), db.func.count(), ZERO,
        where=(_R.outcome.in_(("approved", "rejected", "withdrawn")),))),
    # the wait of each decided round, k2 its bucket in minutes (backend.indicators.sql.wait_bucket)
    Metric("waited", SETTLE, _R.decided_at, lambda month, zoned: _by_application(
        month, zoned, EMPTY, db.cast(_WAIT, db.String), db.func.count(), ZERO,
        where=(_R.outcome.in_(("approved", "rejected")),)), spread=True),
    Metric("intake", SETTLE, ShelterDog.intake_at, lambda month, zoned: _grouped(
        month, EMPTY, ShelterDog.source, EMPTY, db.func.count(), ZERO)),
    Metric("outcome", SETTLE, ShelterDog.outcome_at, lambda month, zoned: _grouped(
        month, EMPTY, ShelterDog.status, EMPTY, db.func.count(), ZERO, ShelterDog.status.in_(OUTCOMES))),
    # stray reports by district, k1 "duplicate" or ""
    Metric("reported", SETTLE, StrayReport.reported_at, lambda month, zoned: _grouped(
        month, StrayReport.district, db.case((StrayReport.status == "duplicate", DUPLICATE), else_=EMPTY), EMPTY,
        db.func.count(), ZERO)),
    Metric("captured", SETTLE, StrayReport.resolved_at, lambda month, zoned: _grouped(
        month, StrayReport.district, EMPTY, EMPTY, db.func.count(), db.func.sum(StrayReport.captured_count),
        StrayReport.status == "captured")),
    # notices by channel (k1) and delivery status (k2): a notice for someone no WeChat channel reaches is written
    # in-app at once, with no channel; "none" is one not tried yet
    Metric("notice", SETTLE, Notice.created_at, lambda month, zoned: _grouped(
        month, EMPTY, db.func.coalesce(Notice.channel, db.case((Notice.delivery_status == "in_app", IN_APP),
                                                               else_=NONE)),
        Notice.delivery_status, db.func.count(), ZERO)),
    Metric("paid", SETTLE, PaymentOrder.paid_at, lambda month, zoned: _grouped(
        month, EMPTY, PaymentOrder.paid_channel, EMPTY, db.func.count(), db.func.sum(PaymentOrder.amount_fen))),
    Metric("refund", SETTLE, PaymentRefund.completed_at, lambda month, zoned: _grouped(
        month, EMPTY, PaymentRefund.channel, EMPTY, db.func.count(), db.func.sum(PaymentRefund.amount_fen),
        PaymentRefund.status == "success")),
)}
