"""One way to change a record's status: `transition(record, to, actor, reason, event=..., **facts)`.

Each model with a lifecycle (an application, a licence, an order, a shelter dog, ...) mixes in `Stateful` and
declares on itself where each status may go (`TRANSITIONS`), the entity name of its audit rows, and the error an
illegal move answers, in the words and code its endpoints have always used. `transition()` refuses an illegal move
with that error, sets the status, writes the StatusChange row (who, when, from, to, why) and publishes the event,
all in the caller's transaction: a status cannot change without its audit row and its event.

Nothing else assigns `status` on such a model: assigning it on a stored row outside `transition()` raises at once
(the guard below), and tests/unit/test_transitions.py fails on any such assignment in the code. A new row's first
status is set by its constructor and recorded by the service that creates it ("submitted", "booked").
"""
from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any, ClassVar

from sqlalchemy import event as orm_event
from sqlalchemy import inspect

from backend.audit import trail
from backend.audit.models import StatusChange
from backend.audit.trail import Actor
from backend.core.errors import Conflict, DomainError
from backend.core.events import EventName

# Whose status transition() is setting now: the guard lets exactly that assignment through.
_moving: ContextVar[object | None] = ContextVar("dogpass.audit.moving", default=None)
_RECIPIENT: Any = object()  # "the model's own AUDIT_RECIPIENT", told apart from an explicit None


class Stateful:
    """Mixin of every model whose `status` moves only through `transition()`."""

    # The entity name of its audit rows and events (StatusChange.entity_type): `<AUDIT_ENTITY>.<action>`.
    AUDIT_ENTITY: ClassVar[str]
    # From each status, the statuses it may move to; every status is a key (an end state maps to nothing).
    TRANSITIONS: ClassVar[Mapping[str, frozenset[str]]]
    # The attribute naming the resident a change concerns (who is told), or None: nobody by default.
    AUDIT_RECIPIENT: ClassVar[str | None] = "user_id"

    status: Any  # the model's mapped column

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)  # DeclarativeBase maps the class here: `cls.status` is instrumented after
        table = getattr(cls, "__table__", None)
        if table is not None and "status" in table.c:
            orm_event.listen(cls.status, "set", _only_through_transition)

    @classmethod
    def statuses(cls) -> tuple[str, ...]:
        return tuple(cls.TRANSITIONS)

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())

    def refuse_move(self, to: str) -> DomainError:
        """The error answered when the record may not move to `to` from where it is. Models override this with
        what their endpoints answer."""
        return Conflict(details={"from": self.status, "to": to})


def check_move(record: Stateful, to: str) -> None:
    """Refuse now (the model's own error) a move that transition() would refuse later: for services that check
    before they do the work that goes with the move."""
    if not record.can_move_to(to):
        raise record.refuse_move(to)


def transition(record: Stateful, to: str, actor: Actor, reason: str | None = None, *, event: EventName,
               user_id: str | None = _RECIPIENT, **facts) -> StatusChange:
    """Move `record` to `to`, in the caller's transaction: refused (the model's error, nothing changed) unless its
    TRANSITIONS allow it; else the status is set, the audit row written and `event` published with `facts`.

    `event` names the step (approval and payment both issue an application): declared in the feature's events.py,
    for the record's own entity. `user_id`: the resident told, when not the model's AUDIT_RECIPIENT."""
    if event.entity != record.AUDIT_ENTITY:
        raise ValueError(f"{event} is not an event of {record.AUDIT_ENTITY}")
    check_move(record, to)
    previous = record.status
    token = _moving.set(record)
    try:
        record.status = to
    finally:
        _moving.reset(token)
    if user_id is _RECIPIENT:
        user_id = getattr(record, record.AUDIT_RECIPIENT) if record.AUDIT_RECIPIENT else None
    return trail.record(event, record.id, actor=actor, user_id=user_id, from_status=previous, to_status=to,
                        reason=reason, data=facts)


def _only_through_transition(target: Stateful, value, oldvalue, initiator) -> None:
    """A stored row's status set anywhere but in transition() would skip the check, the audit row and the event."""
    if _moving.get() is target:
        return
    state = inspect(target)
    if state.transient or state.pending:
        return  # a new row's first status (its constructor)
    raise RuntimeError(f"{type(target).__name__}.status is changed only by backend.audit.transitions.transition() "
                       f"(tried {value!r})")
