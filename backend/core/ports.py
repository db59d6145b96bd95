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
    payment_gateways  a dict by channel of `backend.payments.ports.PaymentGateway` (payments owns those types,
                      so that wechat/pay can import them and nothing else of backend)
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


def install(app, **ports: object) -> None:
    app.extensions.setdefault("dogpass.ports", {}).update(ports)


def get(name: str):
    try:
        return current_app.extensions["dogpass.ports"][name]
    except KeyError as exc:
        raise RuntimeError(f"port {name!r} is not installed; wsgi.assemble installs the adapters") from exc
