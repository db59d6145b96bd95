"""The payment port: what payments asks of a gateway (WeChat Pay, Alipay) and the answers it gets.

The gateways in wechat/pay implement `PaymentGateway` and build these answer types; this is the one module of backend
they import (pyproject.toml's contracts), so it imports nothing of ours, only the standard library. A forged or
malformed notify raises `ValueError`; an outage raises `ConnectionError`. Installed by wsgi.py as the
`PaymentGateways` port, a dict by channel.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable


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


@runtime_checkable
class PaymentGateway(Protocol):
    """One per channel ("wechat", "alipay"); installed as the `PaymentGateways` port, a dict by channel.
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


@runtime_checkable
class PaymentGateways(Protocol):
    """The gateways by channel (a dict does): `ports.get(PaymentGateways)["wechat"]`."""

    def __getitem__(self, channel: str) -> PaymentGateway: ...

    def __iter__(self) -> Iterator[str]: ...

    def values(self) -> Iterable[PaymentGateway]: ...
