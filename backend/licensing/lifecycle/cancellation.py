"""Cancellation (注销): the licence ends with a reason; its tag page then says cancelled."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app

from backend.audit.trail import Actor
from backend.audit.transitions import check_move, transition
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.uow import retrying, transaction
from backend.licensing import hooks, licences
from backend.licensing.events import INSPECTION_WITHDRAWN, LICENCE_CANCELLED
from backend.licensing.inputs import CancellationInput
from backend.licensing.lifecycle import transfers
from backend.licensing.lifecycle.in_progress import OPEN_INSPECTION_STATUSES
from backend.licensing.models.licences import Inspection, Licence
from backend.payments import orders, refunds

CANCEL_REASON_TEXT = {"died": "犬只死亡", "lost": "犬只丢失", "relocated": "迁出本市", "surrendered": "送交收容"}


@retrying
def cancel_licence(user_id: str, licence_id: str, data: CancellationInput) -> Licence:
    with transaction():
        licence = licences.own_licence_for_update(user_id, licence_id)
        check_move(licence, "cancelled")
        actor = Actor.resident(user_id)
        licence.cancelled_at = clock.now()
        licence.cancel_reason = data.reason
        licence.cancel_note = data.note or None
        transfers.close_pending_transfers(licence.id, actor)
        _withdraw_open_inspections(licence.id, actor)
        _refund_recent_fee(licence.id, actor)
        ended = hooks.licence_ended(licence, "licence_cancelled", actor, {"licence_id": licence.id})
        transition(licence, "cancelled", actor, CANCEL_REASON_TEXT[data.reason], event=LICENCE_CANCELLED,
                   licence_no=licence.licence_no, reason_code=data.reason, **ended)
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
        inspection.reject_reason = "犬证已注销"
        inspection.decided_at = clock.now()
        orders.cancel_open_orders("inspection", inspection.id, actor, reason="犬证已注销")
        transition(inspection, "rejected", actor, "犬证已注销", event=INSPECTION_WITHDRAWN)
