"""Domain events and after-commit hooks.

Services publish an event for every state change inside their transaction; subscribers (the notifications
package, wired in wsgi.py) run synchronously in that same transaction, so a notice is written if and only if the
change is. Work that must only happen once the change is durable (queueing a delivery task) is registered with
`after_commit` and runs after the outermost transaction commits; a rollback drops it.

Every event has a name declared once, as a constant in the `events.py` of the feature that publishes it
(`APPLICATION_REJECTED = EventName("application.rejected")`). Publishers and subscribers both use the constant, so
an editor goes from a publisher to its subscribers, and grepping a name finds its declaration. The bus refuses a
name that was not declared so: no event name is put together at run time.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from flask import current_app


class EventName(str):
    """`"<entity>.<action>"`, as stored in the audit trail and read by subscribers. A `str`, so the name on the wire
    and in the database is the plain text it always was; declaring the same name twice is an error."""
    __slots__ = ()
    declared: ClassVar[dict[str, EventName]] = {}

    def __new__(cls, name: str) -> EventName:
        entity, dot, action = name.partition(".")
        if not (dot and entity and action) or "." in action:
            raise ValueError(f"an event name is '<entity>.<action>', not {name!r}")
        if name in cls.declared:
            raise ValueError(f"event {name!r} is declared twice")
        event = super().__new__(cls, name)
        cls.declared[name] = event
        return event

    @property
    def entity(self) -> str:
        return self.partition(".")[0]

    @property
    def action(self) -> str:
        return self.partition(".")[2]


@dataclass(frozen=True)
class DomainEvent:
    name: EventName  # e.g. licensing.events.APPLICATION_APPROVED
    entity_type: str
    entity_id: str
    user_id: str | None  # the resident the event concerns
    data: dict = field(default_factory=dict)


Handler = Callable[[DomainEvent], None]


def _declared(name: object) -> EventName:
    if not isinstance(name, EventName):
        raise TypeError(f"{name!r} is not a declared EventName (declare it in the feature's events.py)")
    return name


class EventBus:
    def __init__(self) -> None:
        self._handlers: dict[str, list[Handler]] = defaultdict(list)
        self._every: list[Handler] = []

    def subscribe(self, name: EventName, handler: Handler) -> None:
        self._handlers[_declared(name)].append(handler)

    def subscribe_all(self, handler: Handler) -> None:
        self._every.append(handler)

    def publish(self, event: DomainEvent) -> None:
        for handler in self._handlers.get(_declared(event.name), ()):
            handler(event)
        for handler in self._every:
            handler(event)


def bus() -> EventBus:
    return current_app.extensions["dogpass.events"]


def init_app(app) -> None:
    app.extensions["dogpass.events"] = EventBus()


def publish(event: DomainEvent) -> None:
    bus().publish(event)
