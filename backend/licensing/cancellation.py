"""Cancellation (注销): the licence ends with a reason; its tag page then says cancelled."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app

from backend.audit import trail as audit
from backend.audit.trail import Actor
from backend.core import clock
from backend.core.errors import Conflict
from backend.core.extensions import db
from backend.core.uow import retrying, transaction
from backend.licensing import hooks, licences, transfers
from backend.licensing.in_progress import OPEN_INSPECTION_STATUSES
from backend.licensing.inputs import CancellationInput
from backend.licensing.models.licences import Inspection, Licence
from backend.payments import orders, refunds

CANCEL_REASON_TEXT = {"died": "犬只死亡", "lost": "犬只丢失", "relocated": "迁出本市", "surrendered": "送交收容"}


@retrying
def cancel_licence(user_id: str, licence_id: str, data: CancellationInput) -> Licence:
    with transaction():
        licence = licences.own_licence_for_update(user_id, licence_id)
        if licence.status == "cancelled":
            raise Conflict("该犬证已注销", code="licence_already_cancelled")
        actor = Actor.resident(user_id)
        previous = licence.status
        licence.status = "cancelled"
        licence.cancelled_at = clock.now()
        licence.cancel_reason = data.reason
        licence.cancel_note = data.note or None
        transfers.close_pending_transfers(licence.id, actor)
        _withdraw_open_inspections(licence.id, actor)
        _refund_recent_fee(licence.id, actor)
        ended = hooks.licence_ended(licence, "licence_cancelled", actor, {"licence_id": licence.id})
        audit.record("licence", licence.id, "cancelled", actor=actor, user_id=user_id, from_status=previous,
                     to_status="cancelled", reason=CANCEL_REASON_TEXT[data.reason],
                     data={"licence_no": licence.licence_no, "reason_code": data.reason, **ended})
    return licence


def _refund_recent_fee(licence_id: str, actor: Actor) -> None:
    """A licence cancelled within PAYMENT_REFUND_ON_CANCEL_DAYS of paying for it gets that fee back in full (the
    registration fee, or the last inspection's: the latest payment whose result was this licence)."""
    days = current_app.config["PAYMENT_REFUND_ON_CANCEL_DAYS"]
    refunds.refund_latest_payment(licence_id, clock.now() - timedelta(days=days),
                                  f"犬证在缴费后{days}天内注销，费用原路退回", actor)


def _withdraw_open_inspections(licence_id: str, actor: Actor) -> None:
    for inspection in db.session.scalars(db.select(Inspection).where(
            Inspection.licence_id == licence_id, Inspection.status.in_(OPEN_INSPECTION_STATUSES))):
        previous = inspection.status
        inspection.status = "rejected"
        inspection.reject_reason = "犬证已注销"
        inspection.decided_at = clock.now()
        orders.cancel_open_orders("inspection", inspection.id, actor, reason="犬证已注销")
        audit.record("inspection", inspection.id, "withdrawn", actor=actor, user_id=inspection.user_id,
                     from_status=previous, to_status="rejected", reason="犬证已注销")
