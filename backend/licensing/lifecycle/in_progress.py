"""What is under way on a licence (a transfer waiting for its recipient, an inspection waiting for review or
payment): asked by transfers, inspections, cancellation and the expiry sweep before they change a licence. What
other features have under way (an open lost report) they check through `backend.licensing.hooks`."""
from __future__ import annotations

from backend.core import clock
from backend.core.database.extensions import db
from backend.licensing.models.licences import Inspection, Transfer

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

