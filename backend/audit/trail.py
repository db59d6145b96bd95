"""Recording state changes (who, when, from, to, why) and publishing them as domain events."""
from __future__ import annotations

from dataclasses import dataclass

from backend.audit.models import StatusChange
from backend.core import clock, events
from backend.core.extensions import db


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


def record(entity_type: str, entity_id: str, action: str, *, actor: Actor, user_id: str | None,
           from_status: str | None = None, to_status: str | None = None, reason: str | None = None,
           data: dict | None = None) -> StatusChange:
    """Write the audit row and publish `<entity_type>.<action>` in the caller's transaction."""
    change = StatusChange(
        entity_type=entity_type, entity_id=entity_id, user_id=user_id, action=action,
        from_status=from_status, to_status=to_status, actor_type=actor.type, actor_id=actor.id,
        reason=reason, data=data or {}, at=clock.now(),
    )
    db.session.add(change)
    events.publish(events.DomainEvent(
        name=f"{entity_type}.{action}", entity_type=entity_type, entity_id=entity_id, user_id=user_id,
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
