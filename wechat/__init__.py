"""Adapters around wechatpy (and, later, the payment SDKs), and the sandboxes. Imports nothing of the siblings."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> dict:
    """Mount the sandbox when configured and return the port implementations for wsgi to install."""
    from wechat.login import MiniProgramLogin

    if app.config.get("WECHAT_SANDBOX"):
        from wechat import sandbox

        sandbox.init_app(app)
    return {"mini_login": MiniProgramLogin(dict(app.config))}
