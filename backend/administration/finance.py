"""财务 (issue 16): orders and refunds as the finance desk looks for them — by the order's number (ours, a trade's
out_trade_no, or the gateway's transaction number from its statement), by the licence or application it pays for,
channel, status and date — and one refund with its history. Reads only; money moves in backend.payments.trades
and refunds. The search joins payments to licensing, which is why it lives here and not in payments."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, or_

from backend.audit import trail as audit
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.errors import NotFound
from backend.licensing.models.licences import Inspection, Licence
from backend.licensing.payables import PAYABLES
from backend.payments.models import PaymentOrder, PaymentRefund, PaymentTrade


@dataclass(frozen=True)
class OrderFilter:
    order_no: str | None = None  # our order id, a trade id (out_trade_no) or the gateway's transaction number
    licence: str | None = None  # licence number or id, application id or inspection id
    channel: str | None = None  # the channel that paid it
    status: str | None = None  # as residents see it: a pending order past its expiry is expired
    from_day: date | None = None
    to_day: date | None = None
    date_by: str = "created"  # created | paid


@dataclass(frozen=True)
class OrderRow:
    order: PaymentOrder
    licence_no: str | None


# What an order can pay for (licensing's payables): listed so the (purpose, subject_id) index is used.
ORDER_PURPOSES = tuple(payable.purpose for payable in PAYABLES)


def search_orders(where: OrderFilter, limit: int, offset: int) -> tuple[list[OrderRow], int]:
    """Newest first (by the date the range is on); and the total for X-Total-Count."""
    select = db.select(PaymentOrder)
    if where.order_no:
        select = select.where(_order_number_is(where.order_no.strip()))
    if where.licence:
        select = select.where(_pays_for(where.licence.strip()))
    if where.channel:
        select = select.where(PaymentOrder.paid_channel == where.channel)
    if where.status:
        select = select.where(_status_is(where.status))
    column = PaymentOrder.paid_at if where.date_by == "paid" else PaymentOrder.created_at
    if where.from_day:
        select = select.where(column >= clock.start_of_local_day(where.from_day))
    if where.to_day:
        select = select.where(column < clock.start_of_local_day(where.to_day + timedelta(days=1)))
    total = db.session.scalar(db.select(db.func.count()).select_from(select.subquery()))
    found = list(db.session.scalars(select.order_by(column.desc(), PaymentOrder.id.desc()).limit(limit)
                                    .offset(offset)))
    numbers = licence_numbers(found)
    return [OrderRow(order, numbers.get(order.id)) for order in found], total


def _order_number_is(number: str):
    trades = db.select(PaymentTrade.order_id).where(or_(PaymentTrade.id == number,
                                                        PaymentTrade.transaction_id == number))
    return or_(PaymentOrder.id == number, PaymentOrder.id.in_(trades))


def _pays_for(reference: str):
    """Orders of a licence (its registration and every inspection), or of one application or inspection."""
    matches = [and_(PaymentOrder.purpose.in_(ORDER_PURPOSES), PaymentOrder.subject_id == reference)]
    licence = db.session.scalar(db.select(Licence).where(
        or_(Licence.licence_no == reference.upper(), Licence.id == reference)))
    if licence is not None:
        matches.append(PaymentOrder.result_id == licence.id)
        matches.append(and_(PaymentOrder.purpose == "inspection", PaymentOrder.subject_id.in_(
            db.select(Inspection.id).where(Inspection.licence_id == licence.id))))
        if licence.application_id:
            matches.append(and_(PaymentOrder.purpose == "application",
                                PaymentOrder.subject_id == licence.application_id))
    return or_(*matches)


def _status_is(status: str):
    now = clock.now()
    if status == "expired":
        return or_(PaymentOrder.status == "expired",
                   and_(PaymentOrder.status == "pending", PaymentOrder.expires_at <= now))
    if status == "pending":
        return and_(PaymentOrder.status == "pending", PaymentOrder.expires_at > now)
    return PaymentOrder.status == status


def licence_numbers(found: list[PaymentOrder]) -> dict[str, str]:
    """The licence each order paid for or is for (an inspection's licence even before it is paid), by order id."""
    licence_of = {o.id: o.result_id for o in found if o.result_id}
    inspections = [o.subject_id for o in found if o.purpose == "inspection" and not o.result_id]
    if inspections:
        by_inspection = dict(db.session.execute(
            db.select(Inspection.id, Inspection.licence_id).where(Inspection.id.in_(inspections))).all())
        licence_of.update({o.id: by_inspection[o.subject_id] for o in found if o.subject_id in by_inspection})
    numbers = dict(db.session.execute(db.select(Licence.id, Licence.licence_no)
                                      .where(Licence.id.in_(set(licence_of.values())))).all()) if licence_of else {}
    return {order_id: numbers[licence_id] for order_id, licence_id in licence_of.items() if licence_id in numbers}


def get_order(order_id: str) -> OrderRow:
    order = db.session.get(PaymentOrder, order_id)
    if order is None:
        raise NotFound("订单不存在", code="order_not_found")
    return OrderRow(order, licence_numbers([order]).get(order.id))


@dataclass(frozen=True)
class RefundFilter:
    number: str | None = None  # the refund's id (out_refund_no), its order's id or its trade's id
    channel: str | None = None
    status: str | None = None
    from_day: date | None = None  # the day the refund was opened
    to_day: date | None = None


def search_refunds(where: RefundFilter, limit: int, offset: int) -> tuple[list[PaymentRefund], int]:
    select = db.select(PaymentRefund)
    if where.number:
        number = where.number.strip()
        select = select.where(or_(PaymentRefund.id == number, PaymentRefund.order_id == number,
                                  PaymentRefund.trade_id == number))
    if where.channel:
        select = select.where(PaymentRefund.channel == where.channel)
    if where.status:
        select = select.where(PaymentRefund.status == where.status)
    if where.from_day:
        select = select.where(PaymentRefund.created_at >= clock.start_of_local_day(where.from_day))
    if where.to_day:
        select = select.where(PaymentRefund.created_at < clock.start_of_local_day(where.to_day + timedelta(days=1)))
    total = db.session.scalar(db.select(db.func.count()).select_from(select.subquery()))
    found = list(db.session.scalars(select.order_by(PaymentRefund.created_at.desc(), PaymentRefund.id.desc())
                                    .limit(limit).offset(offset)))
    return found, total


@dataclass(frozen=True)
class RefundRecord:
    refund: PaymentRefund
    order: PaymentOrder
    trade: PaymentTrade
    licence_no: str | None
    history: list  # the order's audit entries about this refund, oldest first


def get_refund(refund_id: str) -> RefundRecord:
    refund = db.session.get(PaymentRefund, refund_id)
    if refund is None:
        raise NotFound("退款记录不存在", code="refund_not_found")
    order = db.session.get(PaymentOrder, refund.order_id)
    history = [c for c in audit.history("order", order.id) if (c.data or {}).get("refund_id") == refund.id]
    return RefundRecord(refund, order, db.session.get(PaymentTrade, refund.trade_id),
                        licence_numbers([order]).get(order.id), history)
