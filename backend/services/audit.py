"""Recording state changes (who, when, from, to, why) and publishing them as domain events."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from backend import clock, events
from backend.extensions import db
from backend.models import StaffUser, StatusChange


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
    return list(db.session.scalars(
        db.select(StatusChange)
        .where(StatusChange.entity_type == entity_type, StatusChange.entity_id == entity_id)
        .order_by(StatusChange.at, StatusChange.id)
    ))


@dataclass(frozen=True)
class LogFilter:
    """The admin's audit log (系统 › 审计日志): every field optional; days are Beijing days, both included."""
    actor_id: str | None = None
    actor_username: str | None = None
    actor_type: str | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    action: str | None = None
    from_day: date | None = None
    to_day: date | None = None


def search(where: LogFilter, limit: int, offset: int) -> tuple[list[tuple[StatusChange, str | None]], int]:
    """Newest first, with the username of the staff member who acted; and the total for X-Total-Count."""
    select = db.select(StatusChange, StaffUser.username).outerjoin(
        StaffUser, (StatusChange.actor_type == "staff") & (StaffUser.id == StatusChange.actor_id))
    if where.actor_username:
        actor = db.session.scalar(db.select(StaffUser.id).where(StaffUser.username == where.actor_username))
        select = select.where(StatusChange.actor_id == (actor or "-"))  # by id: the (actor_id, at) index
    for column, value in ((StatusChange.actor_id, where.actor_id), (StatusChange.actor_type, where.actor_type),
                          (StatusChange.entity_type, where.entity_type), (StatusChange.entity_id, where.entity_id),
                          (StatusChange.action, where.action)):
        if value:
            select = select.where(column == value)
    if where.from_day:
        select = select.where(StatusChange.at >= clock.start_of_local_day(where.from_day))
    if where.to_day:
        select = select.where(StatusChange.at < clock.start_of_local_day(where.to_day + timedelta(days=1)))
    total = db.session.scalar(db.select(db.func.count()).select_from(select.subquery()))
    rows = db.session.execute(select.order_by(StatusChange.at.desc(), StatusChange.id.desc())
                              .limit(limit).offset(offset)).all()
    return [(row[0], row[1]) for row in rows], total
