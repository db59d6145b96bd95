"""Payment gateways: WeChat Pay APIv3 (wechatpayv3) and Alipay (alipay-sdk-python).

They implement backend's `PaymentGateway` port by shape, not by import (wechat/ imports no sibling): the
dataclasses below carry the same fields as `backend.core.ports.PaymentState` and `RefundState`. A forged or malformed
notify raises `ValueError`; an outage (network, gateway 5xx, an answer whose signature does not verify) raises
`ConnectionError`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class PaymentState:
    """state: paid | pending | closed | refunded | unknown (the gateway does not know the order)."""
    order_id: str
    state: str
    amount_fen: int | None = None
    merchant_id: str | None = None
    transaction_id: str | None = None
    paid_at: datetime | None = None
    event_id: str | None = None
    refund_id: str | None = None  # a refund notify: our out_refund_no (state "refunded" when it succeeded)


@dataclass(frozen=True)
class RefundState:
    refund_id: str
    state: str  # processing | success | failed
    amount_fen: int


class GatewayUnavailable(ConnectionError):
    pass


class GatewayRefused(ValueError):
    pass


class ForgedNotify(ValueError):
    pass
