"""Orders: what a decision costs (the fee schedule), the order that asks for it, and reading one's own orders.

A decision with a fee (licensing: an approved application or inspection) is not finished: its subject waits for
payment with an order; `backend.payments.trades` settles it when the gateway says paid, calling back the payable
the feature registered (backend.payments.payables). A zero fee makes no order.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app

from backend.audit import trail as audit
from backend.audit.models import StatusChange
from backend.audit.trail import Actor
from backend.audit.transitions import transition
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.rows import get_row
from backend.core.errors import NotFound
from backend.payments.events import ORDER_CANCELLED, ORDER_CREATED
from backend.payments.fees import FeeFacts, FeeSchedule, Quote
from backend.payments.models import PaymentOrder, PaymentRefund, PaymentTrade

_SCHEDULE = "dogpass.fee_schedule"


def schedule() -> FeeSchedule:
    """Read once per app: a broken schedule file fails the first request that needs it, loudly."""
    extensions = current_app.extensions
    if _SCHEDULE not in extensions:
        extensions[_SCHEDULE] = FeeSchedule.from_file(current_app.config["FEE_SCHEDULE_FILE"])
    return extensions[_SCHEDULE]


def quote(service: str, facts: FeeFacts) -> Quote:
    """What `service` costs for these facts, which the charging feature gathers from its own records."""
    return schedule().quote(service, facts)


def open_order(*, user_id: str, purpose: str, subject_id: str, quote: Quote, description: str,
               actor: Actor) -> PaymentOrder | None:
    """In the caller's transaction: the order for a fee, or None when there is nothing to pay."""
    if quote.amount_fen == 0:
        return None
    ttl = timedelta(hours=current_app.config["PAYMENT_ORDER_TTL_HOURS"])
    order = PaymentOrder(user_id=user_id, purpose=purpose, subject_id=subject_id, service=quote.service,
                         description=description[:127], amount_fen=quote.amount_fen, quote=quote.as_dict(),
                         status="pending", expires_at=clock.now() + ttl)
    db.session.add(order)
    db.session.flush()
    audit.record(ORDER_CREATED, order.id, actor=actor, user_id=user_id, to_status="pending",
                 data={"amount_fen": order.amount_fen, "purpose": purpose, "subject_id": subject_id,
                       "service": quote.service, "expires_at": clock.isoformat(order.expires_at)})
    return order


def cancel_open_orders(purpose: str, subject_id: str, actor: Actor, reason: str) -> None:
    """What the order was for ended before payment: its order can no longer be paid. A trade already paid
    at the gateway but not yet notified is caught when its notify (or the reconciliation job) arrives, and
    refunded then."""
    for order in db.session.scalars(db.select(PaymentOrder).where(
            PaymentOrder.purpose == purpose, PaymentOrder.subject_id == subject_id,
            PaymentOrder.status.in_(("pending", "expired"))).with_for_update()):
        transition(order, "cancelled", actor, reason, event=ORDER_CANCELLED, amount_fen=order.amount_fen)


def latest_order(purpose: str, subject_id: str) -> PaymentOrder | None:
    return db.session.scalar(db.select(PaymentOrder).where(
        PaymentOrder.purpose == purpose, PaymentOrder.subject_id == subject_id)
        .order_by(PaymentOrder.created_at.desc(), PaymentOrder.id.desc()).limit(1))


def get_own_order(user_id: str, order_id: str) -> PaymentOrder:
    return get_row(PaymentOrder, order_id, NotFound("订单不存在", code="order_not_found"), owner=user_id)


def list_own_orders(user_id: str) -> list[OrderDetail]:
    return order_details(list(db.session.scalars(db.select(PaymentOrder).where(PaymentOrder.user_id == user_id)
                                                 .order_by(PaymentOrder.created_at.desc()).limit(100))))


@dataclass(frozen=True)
class OrderDetail:
    """An order as its payer reads it: with its refunds and its recorded steps."""
    order: PaymentOrder
    refunds: list[PaymentRefund]
    history: list[StatusChange]


def order_details(items: list[PaymentOrder]) -> list[OrderDetail]:
    """Two queries for a list of any length (refunds, history), never two per order."""
    ids = [o.id for o in items]
    refunds: dict[str, list[PaymentRefund]] = {order_id: [] for order_id in ids}
    if ids:
        for refund in db.session.scalars(db.select(PaymentRefund).where(PaymentRefund.order_id.in_(ids))
                                         .order_by(PaymentRefund.created_at)):
            refunds[refund.order_id].append(refund)
    steps = audit.histories("order", ids)
    return [OrderDetail(o, refunds[o.id], steps[o.id]) for o in items]


def order_detail(order: PaymentOrder) -> OrderDetail:
    return order_details([order])[0]


def order_trades(order_id: str) -> list[PaymentTrade]:
    return list(db.session.scalars(db.select(PaymentTrade).where(PaymentTrade.order_id == order_id)
                                   .order_by(PaymentTrade.created_at)))


def effective_status(order: PaymentOrder) -> str:
    """A pending order past its expiry reads as expired before the sweep has written it."""
    if order.status == "pending" and order.expires_at <= clock.now():
        return "expired"
    return order.status


def open_trade_on(order_id: str, channel: str) -> dict | None:
    """The newest open trade of an order on a channel, as plain data ({"trade_id", "scene", "client_params"}), or
    None. For the payment sandbox (development only), which plays the buyer of an order named by its id.

    Ends its read: the sandbox goes on to post a notify that DogPass settles in another request, and on SQLite every
    transaction holds the write lock."""
    trade = db.session.scalar(db.select(PaymentTrade).where(
        PaymentTrade.order_id == order_id, PaymentTrade.channel == channel, PaymentTrade.status == "open",
        PaymentTrade.client_params.is_not(None)).order_by(PaymentTrade.created_at.desc()).limit(1))
    found = None if trade is None else {"trade_id": trade.id, "scene": trade.scene,
                                        "client_params": dict(trade.client_params)}
    db.session.rollback()
    return found
