"""Reconciliation: a lost notify must never leave a paying resident without what they paid for.

Every few minutes (beat) the job asks the gateway about each trade still open after PAYMENT_RECONCILE_AFTER_MINUTES
and applies the answer exactly as a notify would (settle, or close an expired trade at the gateway), expires
orders nobody paid in time, and asks again about refunds the gateway has not confirmed. Once a day it writes each
channel's statement for the day before.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import literal, literal_column, union_all

from backend.audit.trail import Actor
from backend.audit.transitions import transition
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.locks import locked_row
from backend.core.database.uow import retrying, transaction
from backend.ops import counters
from backend.payments import refunds
from backend.payments import trades as payments
from backend.payments.events import ORDER_EXPIRED
from backend.payments.models import CHANNELS, PaymentOrder, PaymentRefund, PaymentTrade
from backend.payments.ports import PaymentState

log = logging.getLogger(__name__)


@dataclass
class ReconcileReport:
    checked: int = 0
    settled: int = 0
    closed: int = 0
    expired_orders: int = 0
    refunds_retried: int = 0
    unreachable: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def reconcile(batch_size: int = 200) -> ReconcileReport:
    report = ReconcileReport()
    for trade_id in _stale_open_trades(batch_size):
        _check_trade(trade_id, report)
    report.expired_orders = _expire_orders(batch_size)
    for refund_id in refunds.refunds_to_retry():
        refunds.execute_refund(refund_id)
        report.refunds_retried += 1
    log.info("payment reconciliation: %s", report.as_dict())
    counters.count("payment_reconciliation", report.as_dict())
    return report


def _stale_open_trades(limit: int) -> list[str]:
    cutoff = clock.now() - timedelta(minutes=current_app.config["PAYMENT_RECONCILE_AFTER_MINUTES"])
    return list(db.session.scalars(db.select(PaymentTrade.id).where(
        PaymentTrade.status == "open", PaymentTrade.created_at <= cutoff)
        .order_by(PaymentTrade.created_at).limit(limit)))


def _check_trade(trade_id: str, report: ReconcileReport) -> None:
    trade = db.session.get(PaymentTrade, trade_id)
    channel, expired = trade.channel, trade.expires_at <= clock.now()
    db.session.rollback()  # no transaction held open across the gateway call
    gateway = payments.gateway(channel)
    report.checked += 1
    try:
        state = gateway.query(trade_id)
        if state.state == "pending" and expired:
            gateway.close(trade_id)
            state = PaymentState(order_id=trade_id, state="closed")
    except ConnectionError as exc:
        log.warning("reconciliation could not reach %s for trade %s: %s", channel, trade_id, exc)
        report.unreachable += 1
        return
    except ValueError as exc:
        log.error("reconciliation: %s refused to tell about trade %s: %s", channel, trade_id, exc)
        return
    if state.state == "unknown" and expired:
        state = PaymentState(order_id=trade_id, state="closed")  # never reached the gateway (prepay failed)
    try:
        outcome = payments.apply_gateway_state(channel, state, via="reconciliation")
    except payments.PaymentMismatch as exc:
        log.error("reconciliation: %s trade %s does not match: %s", channel, trade_id, exc)
        return
    report.settled += outcome in ("settled", "refunded_duplicate", "refunded_late")
    report.closed += outcome == "trade_closed"
    with transaction():
        db.session.get(PaymentTrade, trade_id).last_checked_at = clock.now()


def _expire_orders(limit: int) -> int:
    ids = list(db.session.scalars(db.select(PaymentOrder.id).where(
        PaymentOrder.status == "pending", PaymentOrder.expires_at <= clock.now()).limit(limit)))
    return sum(_expire_one(order_id) for order_id in ids)


@retrying
def _expire_one(order_id: str) -> int:
    with transaction():
        order = locked_row(PaymentOrder, order_id)
        if order.status != "pending" or order.expires_at > clock.now():
            return 0
        transition(order, "expired", Actor.system(), "超时未支付", event=ORDER_EXPIRED, amount_fen=order.amount_fen,
                   purpose=order.purpose)
        return 1


def daily_statement(day: date) -> list[dict]:
    """Per channel, for one day in Beijing time: payments received, refunds paid out, and the net."""
    start_utc, end_utc = clock.start_of_local_day(day), clock.start_of_local_day(day + timedelta(days=1))
    rows = []
    for channel in CHANNELS:
        paid_count, paid_fen = db.session.execute(db.select(
            db.func.count(PaymentTrade.id), db.func.coalesce(db.func.sum(PaymentTrade.amount_fen), 0)).where(
            PaymentTrade.channel == channel, PaymentTrade.status == "paid",
            PaymentTrade.paid_at >= start_utc, PaymentTrade.paid_at < end_utc)).one()
        refund_count, refunded_fen = db.session.execute(db.select(
            db.func.count(PaymentRefund.id), db.func.coalesce(db.func.sum(PaymentRefund.amount_fen), 0)).where(
            PaymentRefund.channel == channel, PaymentRefund.status == "success",
            PaymentRefund.completed_at >= start_utc, PaymentRefund.completed_at < end_utc)).one()
        rows.append({"date": day.isoformat(), "channel": channel, "paid_count": paid_count,
                     "paid_fen": int(paid_fen), "refund_count": refund_count, "refunded_fen": int(refunded_fen),
                     "net_fen": int(paid_fen) - int(refunded_fen)})
    return rows


# China has kept UTC+8 all year since 1991, so a Beijing day is the UTC instant shifted by 8 hours; databases then
# group by that day without time-zone tables (MariaDB's CONVERT_TZ needs them loaded).
BEIJING_OFFSET_HOURS = int(datetime(2000, 1, 1, tzinfo=clock.SHANGHAI).utcoffset().total_seconds()) // 3600


def _beijing_day(column):
    if db.session.get_bind().dialect.name == "mysql":
        return db.func.date(db.func.date_add(column, literal_column(f"INTERVAL {BEIJING_OFFSET_HOURS} HOUR")))
    # SQLite rounds fractional seconds to milliseconds: 23:59:59.9996 would become the next day. Whole seconds first.
    return db.func.date(db.func.substr(column, 1, 19), f"+{BEIJING_OFFSET_HOURS} hours")


def daily_series(first: date, last: date) -> list[dict]:
    """`daily_statement` for every Beijing day from `first` to `last` (both included), each channel, days without
    money included as zeros — in one query (the paid trades and completed refunds of the period, grouped by day,
    channel and kind, read from their covering indexes)."""
    start_utc, end_utc = clock.start_of_local_day(first), clock.start_of_local_day(last + timedelta(days=1))
    paid = db.select(_beijing_day(PaymentTrade.paid_at).label("day"), PaymentTrade.channel.label("channel"),
                     literal("paid").label("kind"), PaymentTrade.amount_fen.label("fen")).where(
        PaymentTrade.status == "paid", PaymentTrade.paid_at >= start_utc, PaymentTrade.paid_at < end_utc)
    refunded = db.select(_beijing_day(PaymentRefund.completed_at), PaymentRefund.channel, literal("refund"),
                         PaymentRefund.amount_fen).where(
        PaymentRefund.status == "success", PaymentRefund.completed_at >= start_utc,
        PaymentRefund.completed_at < end_utc)
    money = union_all(paid, refunded).subquery()
    sums = {(str(day)[:10], channel, kind): (count, int(fen)) for day, channel, kind, count, fen in db.session.execute(
        db.select(money.c.day, money.c.channel, money.c.kind, db.func.count(), db.func.sum(money.c.fen))
        .group_by(money.c.day, money.c.channel, money.c.kind))}
    rows = []
    for offset in range((last - first).days + 1):
        day = (first + timedelta(days=offset)).isoformat()
        for channel in CHANNELS:
            paid_count, paid_fen = sums.get((day, channel, "paid"), (0, 0))
            refund_count, refunded_fen = sums.get((day, channel, "refund"), (0, 0))
            rows.append({"date": day, "channel": channel, "paid_count": paid_count, "paid_fen": paid_fen,
                         "refund_count": refund_count, "refunded_fen": refunded_fen,
                         "net_fen": paid_fen - refunded_fen})
    return rows
