"""Refunds: money that must go back (a duplicate or late payment; a payment its payer asks back within the rules of
the feature that charged it).

A refund row is written in the same transaction as the change that calls for it; the gateway is asked after
commit (a task), and again by the reconciliation job until it answers. Our refund id is the gateway's
out_refund_no, so asking twice never refunds twice.
"""
from __future__ import annotations

import logging
from datetime import datetime

from celery import shared_task

from backend.audit import trail as audit
from backend.audit.trail import Actor
from backend.audit.transitions import transition
from backend.core import clock, ports
from backend.core.database.extensions import db
from backend.core.database.locks import locked_row
from backend.core.database.uow import after_commit, retrying, transaction
from backend.payments.events import (
    ORDER_REFUND_FAILED,
    ORDER_REFUND_STARTED,
    ORDER_REFUNDED,
    PAYMENT_REFUND_FAILED,
    PAYMENT_REFUND_SUCCEEDED,
)
from backend.payments.models import PaymentOrder, PaymentRefund, PaymentTrade
from backend.payments.ports import PaymentGateways

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 20


def open_refund(order: PaymentOrder, trade: PaymentTrade, amount_fen: int, reason: str,
                actor: Actor) -> PaymentRefund:
    """In the caller's transaction, with the order locked."""
    refund = PaymentRefund(order_id=order.id, trade_id=trade.id, channel=trade.channel, amount_fen=amount_fen,
                           reason=reason, status="processing")
    db.session.add(refund)
    db.session.flush()
    audit.record(ORDER_REFUND_STARTED, order.id, actor=actor, user_id=order.user_id,
                 from_status=order.status, to_status=order.status, reason=reason,
                 data={"refund_id": refund.id, "amount_fen": amount_fen, "channel": trade.channel})
    refund_id = refund.id
    after_commit(lambda: _queue(refund_id))
    return refund


def refund_latest_payment(result_id: str, paid_since: datetime, reason: str, actor: Actor) -> PaymentRefund | None:
    """The latest order paid at or after `paid_since` that produced `result_id` (what its payable's `paid` returned)
    gets back what it has not refunded yet. In the caller's transaction, with what the result is locked; None when
    there is nothing to refund. (Licensing: a licence cancelled soon after its fee was paid.)"""
    order = db.session.scalar(db.select(PaymentOrder).where(
        PaymentOrder.result_id == result_id, PaymentOrder.status == "paid", PaymentOrder.paid_at >= paid_since)
        .order_by(PaymentOrder.paid_at.desc()).limit(1).with_for_update())
    if order is None or order.refunded_fen >= order.amount_fen:
        return None
    trade = db.session.get(PaymentTrade, order.paid_trade_id)
    return open_refund(order, trade, order.amount_fen - order.refunded_fen, reason, actor)


def _queue(refund_id: str) -> None:
    try:
        execute_refund_task.delay(refund_id)
    except Exception:  # broker down or gateway down in-process: the reconciliation job asks again
        log.warning("refund %s not sent now; the reconciliation job will retry", refund_id, exc_info=True)


def execute_refund(refund_id: str) -> str:
    """Ask the gateway to refund; outside any transaction while it answers."""
    refund = db.session.get(PaymentRefund, refund_id)
    if refund is None or refund.status != "processing":
        return "done"
    trade = db.session.get(PaymentTrade, refund.trade_id)
    args = (trade.id, refund.id, refund.amount_fen, trade.amount_fen, refund.reason)
    channel = refund.channel
    db.session.rollback()
    try:
        result = ports.get(PaymentGateways)[channel].refund(*args)
    except ConnectionError as exc:
        _note_attempt(refund_id, f"gateway unavailable: {exc}")
        return "retry_later"
    except ValueError as exc:
        _note_attempt(refund_id, f"refused: {exc}", failed=True)
        return "failed"
    if result.state == "success":
        return _complete(refund_id)
    _note_attempt(refund_id, None, failed=result.state == "failed")
    return result.state


# Beside the function it runs, so that queueing it needs no import back; the name predates the move and is kept
# (queued messages carry it; docs/decisions.md).
@shared_task(name="backend.jobs.execute_refund")
def execute_refund_task(refund_id: str) -> str:
    return execute_refund(refund_id)


def confirm_from_gateway(trade_id: str, refund_id: str | None) -> str:
    """The gateway's refund notify: complete the refund it names, if we are still waiting for it."""
    refund = db.session.get(PaymentRefund, refund_id) if refund_id else None
    if refund is None or refund.trade_id != trade_id:
        return "ignored"
    return _complete(refund.id)


@retrying
def _complete(refund_id: str) -> str:
    with transaction() as session:
        order_id = session.get(PaymentRefund, refund_id).order_id
        order = locked_row(PaymentOrder, order_id)
        refund = locked_row(PaymentRefund, refund_id)
        if refund.status != "processing":
            return "done"
        refund.completed_at = clock.now()
        refund.attempts += 1
        transition(refund, "success", Actor.system(), event=PAYMENT_REFUND_SUCCEEDED, order_id=order.id,
                   amount_fen=refund.amount_fen, channel=refund.channel)
        order.refunded_fen += refund.amount_fen
        facts = {"refund_id": refund.id, "amount_fen": refund.amount_fen, "channel": refund.channel}
        if order.status == "paid" and order.paid_trade_id == refund.trade_id and order.refunded_fen >= order.amount_fen:
            transition(order, "refunded", Actor.system(), refund.reason, event=ORDER_REFUNDED, **facts)
        else:  # a part, or a payment the order never took (a duplicate, a late one): the order stays as it is
            audit.record(ORDER_REFUNDED, order.id, actor=Actor.system(), user_id=order.user_id,
                         from_status=order.status, to_status=order.status, reason=refund.reason, data=facts)
        return "refunded"


def _note_attempt(refund_id: str, error: str | None, failed: bool = False) -> None:
    with transaction():
        refund = db.session.get(PaymentRefund, refund_id)
        refund.attempts += 1
        refund.last_error = error
        # Only a refund still waiting fails: one the gateway's notify completed meanwhile stays completed.
        if (failed or refund.attempts >= MAX_ATTEMPTS) and refund.status == "processing":
            # For staff: the gateway refused; money must go back by hand.
            transition(refund, "failed", Actor.system(), error, event=PAYMENT_REFUND_FAILED,
                       order_id=refund.order_id, amount_fen=refund.amount_fen)
            log.error("refund %s failed: %s", refund_id, error)
            order = db.session.get(PaymentOrder, refund.order_id)
            audit.record(ORDER_REFUND_FAILED, order.id, actor=Actor.system(), user_id=None,
                         from_status=order.status, to_status=order.status, reason=error,
                         data={"refund_id": refund.id, "amount_fen": refund.amount_fen})


def refunds_to_retry(limit: int = 100) -> list[str]:
    return list(db.session.scalars(db.select(PaymentRefund.id).where(PaymentRefund.status == "processing")
                                   .order_by(PaymentRefund.created_at).limit(limit)))
