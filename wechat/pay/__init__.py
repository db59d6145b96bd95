"""Payment gateways: WeChat Pay APIv3 (wechatpayv3) and Alipay (alipay-sdk-python).

They implement backend's `PaymentGateway` port and answer with its types (`PaymentState`, `RefundState`): the two
gateway modules import them from `backend.payments.ports`, the one module of backend that wechat/ may import
(pyproject.toml), which imports nothing of ours itself. A forged or malformed notify raises `ValueError`; an outage
(network, gateway 5xx, an answer whose signature does not verify) raises `ConnectionError`.
"""
from __future__ import annotations


class GatewayUnavailable(ConnectionError):
    pass


class GatewayRefused(ValueError):
    pass


class ForgedNotify(ValueError):
    pass
