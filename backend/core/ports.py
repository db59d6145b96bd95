"""Ports: the interfaces through which services reach outside systems (WeChat, payment gateways), each a
`typing.Protocol`. Services ask for one by its class, `ports.get(MessageSender)`, and get it typed.

The implementations live in the adapters and are installed by `wsgi.py` (and `notifications.init_app`); backend
never imports them, and `wechat/` imports nothing of backend, so an implementation conforms by shape:
tests/unit/test_ports.py checks every installed implementation against its Protocol (each method's parameters, and
the fields of what it returns). They signal failure with built-in exception types, the shared vocabulary that needs
no import either way: `ValueError` for a refusal by the other side (bad login code), `ConnectionError` for an outage.

    MiniProgramLogin    a login code to the person's openid (and unionid)           wechat/login.py
    MessageSender       template, subscribe and customer-service messages, follower wechat/sender.py
                        details, the menu; outcomes come back as data, never as exceptions
    ContentChecker      WeChat's text security check (msgSecCheck v2) of what a      wechat/content_check.py
                        person wrote
    PaymentGateways     a PaymentGateway per channel ("wechat", "alipay"); declared    wechat/pay/
                        in backend.payments.ports, which wechat/pay may import
    SubscribeTemplates  the subscribe-message templates notices use                 notifications/templates.py
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar, runtime_checkable

from flask import current_app


@dataclass(frozen=True)
class MiniProgramSession:
    openid: str
    unionid: str | None


@runtime_checkable
class MiniProgramLogin(Protocol):
    def code_to_session(self, code: str) -> MiniProgramSession:
        """A refused code (invalid, used, a risky user) raises `ValueError`; an outage `ConnectionError`."""
        ...


@dataclass(frozen=True)
class SendOutcome:
    """What became of a message: `category` is sent | transient (try again later) | not_following (the person
    unfollowed the public account) | window_closed (the customer-service window is over) | refused (no grant for
    this subscribe message) | rejected (anything else, permanent)."""
    category: str
    msgid: str | None = None
    errcode: int | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.category == "sent"


@runtime_checkable
class MessageSender(Protocol):
    def send_template(self, openid: str, template_id: str, data: dict, *, page: str | None = None,
                      client_msg_id: str | None = None) -> SendOutcome:
        """A public-account template message; `client_msg_id` makes WeChat drop a repeat of the same message."""
        ...

    def send_subscribe(self, openid: str, template_id: str, data: dict, *, page: str | None = None) -> SendOutcome:
        """A mini-program subscribe message; each needs one grant from the person."""
        ...

    def send_text(self, openid: str, text: str) -> SendOutcome:
        """A customer-service text message (staff replies in the inbox)."""
        ...

    def user_info(self, openid: str) -> dict | None:
        """A follower's details (with the unionid), or None when unavailable for now."""
        ...

    def create_menu(self, menu: dict) -> SendOutcome: ...


@dataclass(frozen=True)
class ContentVerdict:
    """WeChat's verdict on a text: `suggest` is "pass", "review" (let a person look) or "risky" (refuse);
    `label` is WeChat's category (100 normal, 10001 advertising, 20001 politics, 20002 porn, 20003 abuse,
    20006 crime, 20008 fraud, 20012 vulgar, 20013 copyright, 21000 other); `trace_id` identifies the check."""
    suggest: str
    label: int
    trace_id: str | None


@runtime_checkable
class ContentChecker(Protocol):
    def check(self, openid: str, content: str, scene: int) -> ContentVerdict:
        """scene: 1 profile, 2 comment, 3 forum, 4 social log. openid: the writer's mini-program openid.

        An outage (network, HTTP error, WeChat system busy -1) raises `ConnectionError`; anything else WeChat
        refuses (bad openid 40003, 61010 the person has not opened the mini-program recently, invalid arguments)
        raises `ValueError`."""
        ...




@runtime_checkable
class SubscribeTemplates(Protocol):
    """The subscribe-message template ids notices use: configuration of the notifications adapter, which the
    grants service checks a resident's answers against."""

    def __call__(self) -> Iterable[str]: ...


# Every port an assembled app has installed.
# Every port of the kernel; a feature may own more (backend.payments.ports.PaymentGateways, which wechat/pay imports).
PORTS: tuple[type, ...] = (MiniProgramLogin, MessageSender, ContentChecker, SubscribeTemplates)
Port = TypeVar("Port")


def install(app, implementations: Mapping[type, object]) -> None:
    """`{Protocol: implementation}`; refuses one that lacks a member of its Protocol (signatures are compared by
    tests/unit/test_ports.py)."""
    for port, implementation in implementations.items():
        if not getattr(port, "_is_protocol", False):
            raise ValueError(f"{port!r} is not a port (a typing.Protocol)")
        if not isinstance(implementation, port):
            raise TypeError(f"{type(implementation).__name__} does not implement {port.__name__}")
    app.extensions.setdefault("dogpass.ports", {}).update(implementations)


def get(port: type[Port]) -> Port:
    try:
        return current_app.extensions["dogpass.ports"][port]
    except KeyError as exc:
        raise RuntimeError(f"port {port.__name__} is not installed; wsgi.assemble installs the adapters") from exc
