"""Local simulators of the outside services (WeChat API; payment gateways), mounted when WECHAT_SANDBOX is on (in
development only: wechat.init_app refuses it anywhere else)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask

from wechat.sandbox.store import SandboxStore

if TYPE_CHECKING:
    from wechat.sandbox.pay import TradeFinder


def init_app(app: Flask, trade_finder: TradeFinder | None = None) -> None:
    """`trade_finder`: DogPass's look-up of an order's open trade, so `/_sandbox/pay/complete` takes order ids."""
    from wechat.sandbox import pay, pay_alipay, pay_wechat, wechat_api

    path = app.config.get("WECHAT_SANDBOX_DB") or str(Path(app.instance_path) / "sandbox-wechat.sqlite3")
    app.extensions["wechat.sandbox_store"] = SandboxStore(path)
    if trade_finder is not None:
        app.extensions[pay.TRADE_FINDER] = trade_finder
    app.register_blueprint(wechat_api.bp)
    for blueprint in (pay_wechat.bp, pay_alipay.bp, pay.bp):
        app.register_blueprint(blueprint)
    app.extensions.setdefault("dogpass.openapi_paths", {}).update(wechat_api.OPENAPI)
    app.extensions["dogpass.openapi_paths"].update(pay.OPENAPI)


def create_sandbox_app(config: dict) -> Flask:
    """The sandbox alone, for tests that serve it over HTTP beside the app under test."""
    app = Flask("wechat_sandbox")
    app.config.update(config)
    init_app(app)
    return app
