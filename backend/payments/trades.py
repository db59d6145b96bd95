"""Paying an order: opening a trade at the chosen gateway, and settling what the gateway says (its notify, or the
reconciliation job's query) so that money and what it pays for never disagree.

Settling takes its locks in the order every other service does: the subject first (through its registered
`Payable`, backend.payments.payables), then the order, then the trade. Each state changes once: a replayed or late
notify finds the trade already paid and changes nothing. A payment that arrives for an order nobody can use any
more (paid through the other channel already, or its subject rejected or withdrawn) is refunded, never kept.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app

from backend.accounts.models.people import User
from backend.audit import trail as audit
from backend.audit.trail import Actor
from backend.audit.transitions import transition
from backend.core import clock, ports
from backend.core.database.extensions import db
from backend.core.database.locks import locked_row
from backend.core.database.uow import retrying, transaction
from backend.core.errors import Conflict, UpstreamUnavailable, ValidationFailed
from backend.payments import orders, payables, refunds
from backend.payments.events import ORDER_PAID, ORDER_REOPENED, PAYMENT_TRADE_CLOSED, PAYMENT_TRADE_PAID
from backend.payments.inputs import PayInput
from backend.payments.models import PaymentOrder, PaymentTrade
from backend.payments.ports import PaymentGateway, PaymentGateways, PaymentRequest, PaymentState

log = logging.getLogger(__name__)
# Who the money went to: WeChat Pay's mchid; Alipay's seller_id (the merchant's 2088… user id; the app_id is the
# adapter's check, as one app may serve several sellers).
MERCHANT_SETTING = {"wechat": "WECHATPAY_MCHID", "alipay": "ALIPAY_SELLER_ID"}
# A trade whose client parameters expire sooner than this is not handed out again: the resident would be paying
# into a trade about to close.
REUSE_MARGIN = timedelta(minutes=2)


class PaymentMismatch(ValueError):
    """A correctly signed notify whose amount or merchant is not the trade's: never settled."""


@dataclass(frozen=True)
class PaymentStart:
    order: PaymentOrder
    trade: PaymentTrade
    params: dict


def gateway(channel: str) -> PaymentGateway:
    return ports.get(PaymentGateways)[channel]


def start_payment(user_id: str, order_id: str, data: PayInput) -> PaymentStart:
    """The client parameters for wx.requestPayment / my.tradePay (or an H5 pay URL). Pressing pay twice hands out
    the same open trade; an expired order is reopened, so the resident can always pay again later."""
    if data.channel not in current_app.config["PAYMENT_CHANNELS"]:
        raise ValidationFailed("该支付渠道暂未开通", code="channel_unavailable", details={"channel": data.channel})
    trade_id, params = _open_trade(user_id, order_id, data)
    if params is None:
        params = _prepay(trade_id, user_id, data.alipay_buyer_id)
    return PaymentStart(order=db.session.get(PaymentOrder, order_id), trade=db.session.get(PaymentTrade, trade_id),
                        params=params)


@retrying
def _open_trade(user_id: str, order_id: str, data: PayInput) -> tuple[str, dict | None]:
    with transaction() as session:
        orders.get_own_order(user_id, order_id)
        order = locked_row(PaymentOrder, order_id)
        if order.status == "paid":
            raise Conflict("该订单已支付", code="order_paid")
        if not order.is_payable():
            raise Conflict("该订单已关闭，不能支付", code="order_closed", details={"status": order.status})
        now = clock.now()
        if orders.effective_status(order) == "expired":
            _reopen(order, user_id)
        reusable = session.scalar(db.select(PaymentTrade).where(
            PaymentTrade.order_id == order.id, PaymentTrade.channel == data.channel,
            PaymentTrade.scene == data.scene, PaymentTrade.status == "open",
            PaymentTrade.client_params.is_not(None), PaymentTrade.expires_at > now + REUSE_MARGIN)
            .order_by(PaymentTrade.created_at.desc()).limit(1))
        if reusable is not None:
            return reusable.id, reusable.client_params
        ttl = timedelta(minutes=current_app.config["PAYMENT_TRADE_TTL_MINUTES"])
        trade = PaymentTrade(order_id=order.id, channel=data.channel, scene=data.scene, amount_fen=order.amount_fen,
                             status="open", expires_at=min(now + ttl, order.expires_at))
        session.add(trade)
        session.flush()
        return trade.id, None


def _reopen(order: PaymentOrder, user_id: str) -> None:
    order.expires_at = clock.now() + timedelta(hours=current_app.config["PAYMENT_ORDER_TTL_HOURS"])
    facts = {"expires_at": clock.isoformat(order.expires_at)}
    if order.status == "expired":
        transition(order, "pending", Actor.resident(user_id), event=ORDER_REOPENED, user_id=user_id, **facts)
        return
    # Past its expiry but not yet swept: it read as expired, and reopens as such; its stored status stays pending.
    audit.record(ORDER_REOPENED, order.id, actor=Actor.resident(user_id), user_id=user_id, from_status="expired",
                 to_status="pending", data=facts)


def _prepay(trade_id: str, user_id: str, alipay_buyer_id: str | None) -> dict:
    """Outside any transaction: no row stays locked while the gateway answers."""
    trade = db.session.get(PaymentTrade, trade_id)
    order = db.session.get(PaymentOrder, trade.order_id)
    user = db.session.get(User, user_id)
    channel = trade.channel
    request = PaymentRequest(order_id=trade.id, amount_fen=trade.amount_fen, description=order.description,
                             expires_at=trade.expires_at, scene=trade.scene,
                             payer_openid=user.mini_openid if channel == "wechat" else alipay_buyer_id)
    db.session.rollback()  # end the read transaction before the network call
    try:
        params = gateway(channel).prepay(request)
    except (ConnectionError, ValueError) as exc:
        log.warning("prepay of trade %s on %s failed: %s", trade_id, channel, exc)
        _close_unopened(trade_id)
        raise UpstreamUnavailable("支付服务暂时不可用，请稍后重试或换一种支付方式", code="payment_unavailable",
                                  details={"channel": channel}) from exc
    with transaction():
        db.session.get(PaymentTrade, trade_id).client_params = params
    return params


def _close_unopened(trade_id: str) -> None:
    with transaction():
        transition(db.session.get(PaymentTrade, trade_id), "closed", Actor.system(), "预下单失败",
                   event=PAYMENT_TRADE_CLOSED)


def handle_notify(channel: str, headers: dict, body: bytes) -> tuple[int, str, str]:
    """A gateway's notify: verify, settle, answer. Only a settled (or harmlessly ignored) notify is answered with
    success; a forged one or one whose amount or merchant is wrong is refused and changes nothing."""
    channel_gateway = gateway(channel)
    try:
        state = channel_gateway.parse_notify(headers, body)
    except ValueError as exc:
        log.warning("refused a %s payment notify: %s", channel, exc)
        return channel_gateway.notify_answer(False)
    try:
        outcome = apply_gateway_state(channel, state, via="notify")
    except PaymentMismatch as exc:
        log.error("payment notify mismatch on %s trade %s: %s", channel, state.order_id, exc)
        return channel_gateway.notify_answer(False)
    log.info("%s notify for trade %s (%s): %s", channel, state.order_id, state.state, outcome)
    return channel_gateway.notify_answer(True)


def apply_gateway_state(channel: str, state: PaymentState, via: str) -> str:
    """What the gateway says about one trade, applied once. Returns what happened (for logs and tests)."""
    trade = db.session.get(PaymentTrade, state.order_id)
    if trade is None or trade.channel != channel:
        log.warning("%s says %s about trade %s, which we do not know", channel, state.state, state.order_id)
        return "unknown_trade"
    if state.state == "refunded":
        return refunds.confirm_from_gateway(trade.id, state.refund_id)
    if state.state == "closed":
        return _close_trade(trade.id)
    if state.state != "paid":
        return "ignored"
    _check_genuine(channel, trade, state, via)
    return _settle(trade.id, state, via)


def _check_genuine(channel: str, trade: PaymentTrade, state: PaymentState, via: str) -> None:
    """A query answers about our own trade and may not name the merchant; a notify must name ours."""
    expected_merchant = current_app.config[MERCHANT_SETTING[channel]]
    if (state.merchant_id is not None or via == "notify") and state.merchant_id != expected_merchant:
        raise PaymentMismatch(f"merchant {state.merchant_id!r}, ours is {expected_merchant!r}")
    if state.amount_fen != trade.amount_fen:
        raise PaymentMismatch(f"amount {state.amount_fen} fen, the trade is {trade.amount_fen} fen")


@retrying
def _close_trade(trade_id: str) -> str:
    with transaction():
        trade = locked_row(PaymentTrade, trade_id)
        if trade.status != "open":
            return "ignored"
        transition(trade, "closed", Actor.system(), "支付渠道已关闭", event=PAYMENT_TRADE_CLOSED)
        return "trade_closed"


@retrying
def _settle(trade_id: str, state: PaymentState, via: str) -> str:
    with transaction() as session:
        order_id = session.get(PaymentTrade, trade_id).order_id
        unlocked = session.get(PaymentOrder, order_id)
        payable = payables.payable(unlocked.purpose)
        subject = payable.lock(unlocked.subject_id)
        order = locked_row(PaymentOrder, order_id)
        trade = locked_row(PaymentTrade, trade_id)
        if trade.status == "paid":
            return "duplicate"
        trade.transaction_id = state.transaction_id
        trade.paid_at = state.paid_at or clock.now()
        transition(trade, "paid", Actor.system(), event=PAYMENT_TRADE_PAID, order_id=order.id,
                   amount_fen=trade.amount_fen, transaction_id=trade.transaction_id, via=via)
        if order.status == "paid":
            refunds.open_refund(order, trade, trade.amount_fen, "重复支付，已原路退回", Actor.system())
            return "refunded_duplicate"
        if order.status not in ("pending", "expired") or subject is None or not payable.awaits_payment(subject):
            refunds.open_refund(order, trade, trade.amount_fen, "业务已关闭，款项原路退回", Actor.system())
            return "refunded_late"
        order.paid_at = trade.paid_at
        order.paid_trade_id = trade.id
        order.paid_channel = trade.channel
        order.settled_by = via
        order.result_id = payable.paid(subject, order.id)
        transition(order, "paid", Actor.system(), event=ORDER_PAID, channel=trade.channel,
                   amount_fen=order.amount_fen, trade_id=trade.id, transaction_id=trade.transaction_id, via=via,
                   event_id=state.event_id)
        return "settled"
