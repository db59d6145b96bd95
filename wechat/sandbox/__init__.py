"""Local simulators of the outside services (WeChat API; payment gateways), mounted when WECHAT_SANDBOX is on."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from wechat.sandbox.store import SandboxStore


def init_app(app: Flask) -> None:
    from wechat.sandbox import pay, pay_alipay, pay_wechat, wechat_api

    path = app.config.get("WECHAT_SANDBOX_DB") or str(Path(app.instance_path) / "sandbox-wechat.sqlite3")
    app.extensions["wechat.sandbox_store"] = SandboxStore(path)
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
