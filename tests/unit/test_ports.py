"""Typed seams, ports (issue 15, point 6): each port is a Protocol, services ask for it by its class, and every
implementation the app installs conforms to it: the same methods with the same parameters, returning values of the
same shape (wechat/ imports nothing of backend, so it cannot name the Protocol's types; it must match them)."""
from __future__ import annotations

import dataclasses
import inspect
import typing

import pytest

from backend.core import ports
from backend.payments.ports import PaymentGateway, PaymentGateways

# The kernel's ports, and the one payments owns (wechat/pay imports its types).
ALL_PORTS = (*ports.PORTS, PaymentGateways)

CONFIG = {"SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": "sqlite://", "CELERY_BROKER_URL": "",
          "WECHAT_SANDBOX": True, "WECHAT_MINI_APPID": "wx-sandbox-mini", "WECHAT_MINI_SECRET": "s",
          "WECHAT_MP_APPID": "wx-sandbox-mp", "WECHAT_MP_SECRET": "s", "WECHAT_MP_TOKEN": "t"}


@pytest.fixture(scope="module")
def installed() -> dict:
    from wsgi import assemble

    return dict(assemble(CONFIG).extensions["dogpass.ports"])


def members(port: type) -> dict[str, object]:
    """The port's own methods and attributes (what a Protocol declares), without typing's machinery."""
    found = {}
    for klass in reversed(port.__mro__):
        if klass in (typing.Protocol, typing.Generic, object):
            continue
        found.update({name: value for name, value in vars(klass).items()
                      if callable(value) and (not name.startswith("_") or name in ("__call__", "__getitem__",
                                                                                      "__iter__"))})
        found.update({name: None for name in vars(klass).get("__annotations__", {})})
    return found


def parameters(function) -> list[tuple[str, object, object]]:
    """(name, kind, default) of each parameter but `self`; annotations are compared by shape, below."""
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values() if p.name != "self"]


def returned(function):
    try:
        return typing.get_type_hints(function).get("return")
    except NameError:
        return None


def shape(cls) -> set[str] | None:
    """A returned value's fields (and properties), when it is a dataclass: what callers read from it."""
    if not dataclasses.is_dataclass(cls):
        return None
    return {field.name for field in dataclasses.fields(cls)} | {
        name for name, value in vars(cls).items() if isinstance(value, property)}


def check_conforms(port: type, implementation: object) -> None:
    assert isinstance(implementation, port), f"{type(implementation).__name__} lacks a member of {port.__name__}"
    if type(implementation).__module__ == "builtins":
        return  # a dict as PaymentGateways: its values are checked one by one
    for name, declared in members(port).items():
        if declared is None:  # an attribute, e.g. PaymentGateway.channel
            assert hasattr(implementation, name)
            continue
        actual = implementation if name == "__call__" and inspect.isfunction(implementation) \
            else getattr(type(implementation), name)
        assert parameters(actual) == parameters(declared), f"{port.__name__}.{name}"
        expected_shape, actual_shape = shape(returned(declared)), shape(returned(actual))
        if expected_shape is not None:
            assert actual_shape == expected_shape, f"{port.__name__}.{name} returns another shape"


def test_every_port_is_installed_under_its_protocol(installed):
    assert set(installed) == set(ALL_PORTS)


@pytest.mark.parametrize("port", ALL_PORTS, ids=lambda port: port.__name__)
def test_each_implementation_conforms_to_its_protocol(installed, port):
    check_conforms(port, installed[port])


def test_each_payment_gateway_conforms(installed):
    gateways = installed[PaymentGateways]
    assert sorted(gateways) == ["alipay", "wechat"]
    for channel, gateway in gateways.items():
        check_conforms(PaymentGateway, gateway)
        assert gateway.channel == channel


@dataclasses.dataclass(frozen=True)
class Thin:
    openid: str


def test_the_check_finds_what_does_not_conform():
    class WrongParameters:
        def code_to_session(self, login_code: str):
            ...

    class WrongShape:
        def code_to_session(self, code: str) -> Thin:
            ...

    class Missing:
        pass

    for implementation in (WrongParameters(), WrongShape(), Missing()):
        with pytest.raises(AssertionError):
            check_conforms(ports.MiniProgramLogin, implementation)


def test_install_refuses_what_is_not_a_port_or_does_not_implement_it():
    from flask import Flask

    app = Flask(__name__)
    with pytest.raises(TypeError, match="does not implement MessageSender"):
        ports.install(app, {ports.MessageSender: object()})
    with pytest.raises(ValueError, match="is not a port"):
        ports.install(app, {dict: {}})
    with app.app_context(), pytest.raises(RuntimeError, match="ContentChecker is not installed"):
        ports.get(ports.ContentChecker)
