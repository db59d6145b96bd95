"""Domain events and after-commit hooks.

Services publish an event for every state change inside their transaction; subscribers (the notifications
package, wired in wsgi.py) run synchronously in that same transaction, so a notice is written if and only if the
change is. Work that must only happen once the change is durable (queueing a delivery task) is registered with
`after_commit` and runs after the outermost transaction commits; a rollback drops it.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app


@dataclass(frozen=True)
class DomainEvent:
    name: str  # "<entity>.<action>", e.g. "application.approved"
    entity_type: str
    entity_id: str
    user_id: str | None  # the resident the event concerns
    data: dict = field(default_factory=dict)


Handler = Callable[[DomainEvent], None]


class EventBus:
    def __init__(self) -> None:
        self._handlers: dict[str, list[Handler]] = defaultdict(list)

    def subscribe(self, name: str, handler: Handler) -> None:
        self._handlers[name].append(handler)

    def publish(self, event: DomainEvent) -> None:
        for handler in self._handlers.get(event.name, ()):
            handler(event)
        for handler in self._handlers.get("*", ()):
            handler(event)


def bus() -> EventBus:
    return current_app.extensions["dogpass.events"]


def init_app(app) -> None:
    app.extensions["dogpass.events"] = EventBus()


def publish(event: DomainEvent) -> None:
    bus().publish(event)
