"""The admin's audit log (系统 › 审计日志): every recorded step, filtered, newest first, with who acted."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from backend.accounts.models.people import StaffUser
from backend.audit.models import StatusChange
from backend.core import clock
from backend.core.database.extensions import db


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
