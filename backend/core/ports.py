"""Ports: the interfaces through which services reach outside systems (WeChat, payment gateways).

The implementations live in the adapters (`wechat/`) and are installed by `wsgi.py`; backend never imports them.
They signal failure with built-in exception types, the shared vocabulary that needs no import either way:
`ValueError` for a refusal by the other side (bad login code), `ConnectionError` for an outage.

    mini_login        MiniProgramLogin: a login code to the person's openid (and unionid)
    message_sender    template, subscribe and customer-service messages (wechat/sender.py); outcomes come back
                      as plain data, never as exceptions
    content_checker   ContentChecker: WeChat's text security check (msgSecCheck v2) of what a person wrote.
                      An outage (network, HTTP error, WeChat system busy -1) raises `ConnectionError`; anything
                      else WeChat refuses (bad openid 40003, 61010 the person has not opened the mini-program
                      recently, invalid arguments) raises `ValueError`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from flask import current_app


@dataclass(frozen=True)
class MiniProgramSession:
    openid: str
    unionid: str | None


class MiniProgramLogin(Protocol):
    def code_to_session(self, code: str) -> MiniProgramSession: ...


@dataclass(frozen=True)
class ContentVerdict:
    """WeChat's verdict on a text: `suggest` is "pass", "review" (let a person look) or "risky" (refuse);
    `label` is WeChat's category (100 normal, 10001 advertising, 20001 politics, 20002 porn, 20003 abuse,
    20006 crime, 20008 fraud, 20012 vulgar, 20013 copyright, 21000 other); `trace_id` identifies the check."""
    suggest: str
    label: int
    trace_id: str | None


class ContentChecker(Protocol):
    def check(self, openid: str, content: str, scene: int) -> ContentVerdict:
        """scene: 1 profile, 2 comment, 3 forum, 4 social log. openid: the writer's mini-program openid."""
        ...


@dataclass(frozen=True)
class PaymentRequest:
    """What a gateway needs to open a payment: our order id is the merchant order number (out_trade_no)."""
    order_id: str
    amount_fen: int
    description: str
    expires_at: datetime
    payer_openid: str | None = None  # WeChat JSAPI: the payer's mini-program openid
    scene: str = "mini_program"  # alipay: mini_program (trade.create) | h5 (wap.pay)


@dataclass(frozen=True)
class PaymentState:
    """A gateway's word on an order, from a verified notify or a query. state: paid | pending | closed |
    refunded | unknown (the gateway does not know the order)."""
    order_id: str
    state: str
    amount_fen: int | None = None
    merchant_id: str | None = None
    transaction_id: str | None = None
    paid_at: datetime | None = None
    event_id: str | None = None  # the notify's own id, when it has one
    refund_id: str | None = None  # a refund notify: our out_refund_no (state "refunded" when it succeeded)


@dataclass(frozen=True)
class RefundState:
    refund_id: str
    state: str  # processing | success | failed
    amount_fen: int


class PaymentGateway(Protocol):
    """One per channel ("wechat", "alipay"); installed as the `payment_gateways` port, a dict by channel.
    A forged or malformed notify raises `ValueError`; an outage raises `ConnectionError`."""
    channel: str

    def prepay(self, request: PaymentRequest) -> dict:
        """The parameters the client passes to wx.requestPayment / my.tradePay, or an H5 pay URL."""
        ...

    def parse_notify(self, headers: dict, body: bytes) -> PaymentState: ...

    def notify_answer(self, ok: bool) -> tuple[int, str, str]:
        """(HTTP status, body, content type) to answer the gateway: ok stops its retries."""
        ...

    def query(self, order_id: str) -> PaymentState: ...

    def close(self, order_id: str) -> None: ...

    def refund(self, order_id: str, refund_id: str, amount_fen: int, total_fen: int, reason: str) -> RefundState: ...


def install(app, **ports: object) -> None:
    app.extensions.setdefault("dogpass.ports", {}).update(ports)


def get(name: str):
    try:
        return current_app.extensions["dogpass.ports"][name]
    except KeyError as exc:
        raise RuntimeError(f"port {name!r} is not installed; wsgi.assemble installs the adapters") from exc
