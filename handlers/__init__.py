"""Inbound public-account (公众号) handlers: the WeChat callback. ("handlers" here means these, not use-case
handlers.) Verify, decrypt, dedupe, then dispatch each message or event type to a small function."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from handlers import callback, cli

    app.register_blueprint(callback.bp)
    app.cli.add_command(cli.wechat_cli)
    app.extensions.setdefault("dogpass.openapi_paths", {}).update(callback.OPENAPI)
