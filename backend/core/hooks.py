"""Extension points: how a feature lower down lets the features above it take part, without importing them.

Features depend one way (docs/ARCHITECTURE.md, "Dependencies between features"): licensing may use payments, never
the reverse; reports may use shelter and licensing, never the reverse. Where the lower feature must still let a
higher one act (payments settles an order and the application it pays for becomes issued; the shelter takes a dog
in and reports matches it against lost dogs), the lower feature declares a `Hook` (a list of handlers) or a
`Registry` (entries by key) as a module constant with its type, and the higher feature fills it in its
`init_app(app)`, which `create_app` calls. Grep the constant to find the declaration, every registration and every
call. Both are kept per app (`app.extensions`), like the event bus and the ports: tests build many apps.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from flask import Flask, current_app

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
_EXTENSION = "dogpass.hooks"


def _store(app: Flask) -> dict:
    return app.extensions.setdefault(_EXTENSION, {})


class Hook(Generic[F]):
    """Handlers called in the order they were registered; registering the same handler twice keeps one."""

    def __init__(self, name: str) -> None:
        self.name = name

    def register(self, app: Flask, handler: F) -> None:
        handlers = _store(app).setdefault(self.name, [])
        if handler not in handlers:
            handlers.append(handler)

    def handlers(self) -> list[F]:
        return list(_store(current_app).get(self.name, ()))

    def call(self, *args: Any) -> list:
        """Every handler's answer, in order."""
        return [handler(*args) for handler in self.handlers()]

    def first(self, *args: Any) -> Any:
        """The first answer that is not None (a provider asked for something it may not have)."""
        for handler in self.handlers():
            found = handler(*args)
            if found is not None:
                return found
        return None


class Registry(Generic[T]):
    """Entries by key: one per key, a later registration of the same key replaces the earlier one."""

    def __init__(self, name: str) -> None:
        self.name = name

    def register(self, app: Flask, key: str, entry: T) -> None:
        _store(app).setdefault(self.name, {})[key] = entry

    def get(self, key: str) -> T:
        entries = _store(current_app).get(self.name, {})
        if key not in entries:
            raise LookupError(f"{self.name}: nothing registered for {key!r} (a feature's init_app registers it)")
        return entries[key]

    def items(self) -> Iterator[tuple[str, T]]:
        return iter(list(_store(current_app).get(self.name, {}).items()))
