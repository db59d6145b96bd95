"""Ports: the interfaces through which services reach outside systems (WeChat, payment gateways).

The implementations live in the adapters (`wechat/`) and are installed by `wsgi.py`; backend never imports them.
They signal failure with built-in exception types, the shared vocabulary that needs no import either way:
`ValueError` for a refusal by the other side (bad login code), `ConnectionError` for an outage.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from flask import current_app


@dataclass(frozen=True)
class MiniProgramSession:
    openid: str
    unionid: str | None


class MiniProgramLogin(Protocol):
    def code_to_session(self, code: str) -> MiniProgramSession: ...


def install(app, **ports: object) -> None:
    app.extensions.setdefault("dogpass.ports", {}).update(ports)


def get(name: str):
    try:
        return current_app.extensions["dogpass.ports"][name]
    except KeyError as exc:
        raise RuntimeError(f"port {name!r} is not installed; wsgi.assemble installs the adapters") from exc
