"""What is under way on a licence (a transfer waiting for its recipient, an inspection waiting for review or
payment, an open lost report): asked by transfers, inspections, cancellation and the expiry sweep before they
change a licence."""
from __future__ import annotations

from backend.core import clock
from backend.core.extensions import db
from backend.licensing.models.licences import Inspection, Transfer
from backend.reports.models.reports import LostReport

OPEN_INSPECTION_STATUSES = ("pending_review", "awaiting_payment")


def open_inspection(licence_id: str) -> Inspection | None:
    return db.session.scalar(db.select(Inspection).where(
        Inspection.licence_id == licence_id, Inspection.status.in_(OPEN_INSPECTION_STATUSES)))


def pending_transfer(licence_id: str) -> Transfer | None:
    """A transfer still waiting for its recipient; one whose code has run out no longer counts."""
    transfer = db.session.scalar(db.select(Transfer).where(
        Transfer.licence_id == licence_id, Transfer.status == "awaiting_recipient"))
    if transfer is not None and transfer.expired_at(clock.now()):
        return None
    return transfer


def open_lost_report(licence_id: str) -> LostReport | None:
    """The dog's open lost report: its owner is looking for it, so it cannot be handed to anyone."""
    return db.session.scalar(db.select(LostReport).where(LostReport.licence_id == licence_id,
                                                         LostReport.status == "open"))
