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
    PaymentGateways     a PaymentGateway per channel ("wechat", "alipay")            wechat/pay/
    SubscribeTemplates  the subscribe-message templates notices use                 notifications/templates.py
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
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


@dataclass(frozen=True)
class PaymentRequest:
    """What a gateway needs to open a payment: our order id is the merchant order number (out_trade_no)."""
    order_id: str
    amount_fen: int
    description: str
    expires_at: datetime
    payer_openid: str | None = None  # WeChat JSAPI: the payer's mini-program openid
    scene: str = "mini_program"  # alipay: mini_program (trade.create) | h5 (wap.pay)


@dataclass(frozen=True)
class PaymentState:
    """A gateway's word on an order, from a verified notify or a query. state: paid | pending | closed |
    refunded | unknown (the gateway does not know the order)."""
    order_id: str
    state: str
    amount_fen: int | None = None
    merchant_id: str | None = None
    transaction_id: str | None = None
    paid_at: datetime | None = None
    event_id: str | None = None  # the notify's own id, when it has one
    refund_id: str | None = None  # a refund notify: our out_refund_no (state "refunded" when it succeeded)


@dataclass(frozen=True)
class RefundState:
    refund_id: str
    state: str  # processing | success | failed
    amount_fen: int


@runtime_checkable
class PaymentGateway(Protocol):
    """One per channel. A forged or malformed notify raises `ValueError`; an outage raises `ConnectionError`."""
    channel: str

    def prepay(self, request: PaymentRequest) -> dict:
        """The parameters the client passes to wx.requestPayment / my.tradePay, or an H5 pay URL."""
        ...

    def parse_notify(self, headers: dict, body: bytes) -> PaymentState: ...

    def notify_answer(self, ok: bool) -> tuple[int, str, str]:
        """(HTTP status, body, content type) to answer the gateway: ok stops its retries."""
        ...

    def query(self, order_id: str) -> PaymentState: ...

    def close(self, order_id: str) -> None: ...

    def refund(self, order_id: str, refund_id: str, amount_fen: int, total_fen: int, reason: str) -> RefundState: ...


@runtime_checkable
class PaymentGateways(Protocol):
    """The gateways by channel (a dict does): `ports.get(PaymentGateways)["wechat"]`."""

    def __getitem__(self, channel: str) -> PaymentGateway: ...

    def __iter__(self) -> Iterator[str]: ...

    def values(self) -> Iterable[PaymentGateway]: ...


@runtime_checkable
class SubscribeTemplates(Protocol):
    """The subscribe-message template ids notices use: configuration of the notifications adapter, which the
    grants service checks a resident's answers against."""

    def __call__(self) -> Iterable[str]: ...


# Every port an assembled app has installed.
PORTS: tuple[type, ...] = (MiniProgramLogin, MessageSender, ContentChecker, PaymentGateways, SubscribeTemplates)
Port = TypeVar("Port")


def install(app, implementations: Mapping[type, object]) -> None:
    """`{Protocol: implementation}`; refuses one that lacks a member of its Protocol (signatures are compared by
    tests/unit/test_ports.py)."""
    for port, implementation in implementations.items():
        if port not in PORTS:
            raise ValueError(f"{port!r} is not a port (backend.core.ports.PORTS)")
        if not isinstance(implementation, port):
            raise TypeError(f"{type(implementation).__name__} does not implement {port.__name__}")
    app.extensions.setdefault("dogpass.ports", {}).update(implementations)


def get(port: type[Port]) -> Port:
    try:
        return current_app.extensions["dogpass.ports"][port]
    except KeyError as exc:
        raise RuntimeError(f"port {port.__name__} is not installed; wsgi.assemble installs the adapters") from exc
