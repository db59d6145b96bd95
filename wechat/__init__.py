"""Adapters around wechatpy and the payment SDKs (wechatpayv3, alipay-sdk-python), and the sandboxes.

Imports nothing of the siblings, except the payment port types the gateways implement (backend.payments.ports)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask

from wechat.tokens import TokenStore

if TYPE_CHECKING:
    from wechat.content_check import WeChatContentChecker
    from wechat.login import MiniProgramLogin
    from wechat.pay.alipay_gateway import AlipayGateway
    from wechat.pay.wechatpay import WeChatPayGateway
    from wechat.sender import WeChatSender


@dataclass(frozen=True)
class Adapters:
    """The implementations of backend's ports (backend.core.ports), which wsgi installs under their Protocols."""
    mini_login: MiniProgramLogin  # MiniProgramLogin
    message_sender: WeChatSender  # MessageSender
    content_checker: WeChatContentChecker  # ContentChecker
    payment_gateways: dict[str, WeChatPayGateway | AlipayGateway]  # PaymentGateways


def init_app(app: Flask, token_store: TokenStore, sandbox_trade_finder=None) -> Adapters:
    """Mount the sandbox when configured and return the port implementations for wsgi to install.

    `token_store` keeps the access tokens every process shares (Redis or the database; wsgi chooses).
    `sandbox_trade_finder` (order id, channel → the order's open trade as plain data) lets the payment sandbox take
    DogPass's order ids; wechat cannot look them up itself (it imports nothing of the core)."""
    from wechat.clients import mini_program_client, public_account_client
    from wechat.content_check import WeChatContentChecker
    from wechat.login import MiniProgramLogin
    from wechat.pay.alipay_gateway import AlipayGateway
    from wechat.pay.wechatpay import WeChatPayGateway
    from wechat.sender import WeChatSender

    if app.config.get("WECHAT_SANDBOX"):
        if app.config.get("DOGPASS_ENV") != "development":
            # backend refuses this at start already; the simulators must never be reachable on a real server.
            raise RuntimeError("WECHAT_SANDBOX is refused unless DOGPASS_ENV=development")
        from wechat import sandbox

        sandbox.init_app(app, trade_finder=sandbox_trade_finder)
    config = dict(app.config)
    mini = mini_program_client(config, token_store)
    public = public_account_client(config, token_store)
    return Adapters(mini_login=MiniProgramLogin(mini),
                    message_sender=WeChatSender(public, mini, config["WECHAT_MINI_APPID"]),
                    content_checker=WeChatContentChecker(mini),
                    # Cheap to build: keys are loaded (or, in the sandbox, generated once per key directory) on first
                    # use.
                    payment_gateways={"wechat": WeChatPayGateway(config, app.instance_path),
                                      "alipay": AlipayGateway(config, app.instance_path)})
