"""Recording state changes (who, when, from, to, why) and publishing them as domain events."""
from __future__ import annotations

from dataclasses import dataclass

from backend.audit.models import StatusChange
from backend.core import clock, events
from backend.core.database.extensions import db
from backend.core.events import EventName


@dataclass(frozen=True)
class Actor:
    type: str  # resident | staff | system
    id: str | None = None

    @classmethod
    def resident(cls, user_id: str) -> Actor:
        return cls("resident", user_id)

    @classmethod
    def staff(cls, staff_id: str) -> Actor:
        return cls("staff", staff_id)

    @classmethod
    def system(cls) -> Actor:
        return cls("system", None)


def record(event: EventName, entity_id: str, *, actor: Actor, user_id: str | None,
           from_status: str | None = None, to_status: str | None = None, reason: str | None = None,
           data: dict | None = None) -> StatusChange:
    """Write the audit row (`event` is `<entity_type>.<action>`) and publish the event in the caller's transaction.

    A change of a record's `status` goes through `backend.audit.transitions.transition()`, which checks the move and
    calls this; other audited facts (a medical entry, a message, a reminder) are recorded here directly."""
    if not isinstance(event, EventName):
        raise TypeError(f"{event!r} is not a declared EventName (declare it in the feature's events.py)")
    entity_type = event.entity
    change = StatusChange(
        entity_type=entity_type, entity_id=entity_id, user_id=user_id, action=event.action,
        from_status=from_status, to_status=to_status, actor_type=actor.type, actor_id=actor.id,
        reason=reason, data=data or {}, at=clock.now(),
    )
    db.session.add(change)
    events.publish(events.DomainEvent(
        name=event, entity_type=entity_type, entity_id=entity_id, user_id=user_id,
        data={"from": from_status, "to": to_status, "reason": reason, **(data or {})},
    ))
    return change


def history(entity_type: str, entity_id: str) -> list[StatusChange]:
    return histories(entity_type, [entity_id])[entity_id]


def histories(entity_type: str, entity_ids: list[str]) -> dict[str, list[StatusChange]]:
    """The recorded steps of several records at once, oldest first: one query for a whole page."""
    steps: dict[str, list[StatusChange]] = {entity_id: [] for entity_id in entity_ids}
    if entity_ids:
        for change in db.session.scalars(
                db.select(StatusChange)
                .where(StatusChange.entity_type == entity_type, StatusChange.entity_id.in_(entity_ids))
                .order_by(StatusChange.at, StatusChange.id)):
            steps[change.entity_id].append(change)
    return steps
