"""A shelter dog's history as the keeper reads it: where it came from (a capture with its stray report, a
surrender, a resident's find) and every recorded step (intake, status moves with their reasons, medical entries,
kennel changes), each with who made it. Reads only."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backend.accounts.models.people import StaffUser
from backend.audit import trail as audit
from backend.audit.models import StatusChange
from backend.core.database.extensions import db
from backend.shelter import hooks
from backend.shelter import records as shelter
from backend.shelter.models.shelter import ShelterDog


@dataclass(frozen=True)
class Step:
    at: datetime
    action: str
    from_status: str | None
    to_status: str | None
    reason: str | None
    actor_type: str
    actor_name: str
    data: dict


@dataclass(frozen=True)
class History:
    dog: ShelterDog
    stray_report: object | None  # the capture's stray report (reports' StrayReport), when the dog came from one
    surrendered: bool
    steps: list[Step]


# What of an audit row's data the keeper may read: the facts of the shelter's own steps, never a resident's.
SHOWN_DATA = ("dog_no", "source", "kennel", "kind", "done_on", "fields", "licence_no", "matched_by")


def dog_history(dog_id: str) -> History:
    dog = shelter.get_dog(dog_id)
    changes = audit.history("shelter_dog", dog.id)
    report = hooks.STRAY_REPORTS.first(dog.stray_report_id) if dog.stray_report_id else None
    names = _staff_names(changes)
    return History(dog, report, dog.surrendered_by_user_id is not None, [_step(c, names) for c in changes])


def _staff_names(changes: list[StatusChange]) -> dict[str, str]:
    ids = {c.actor_id for c in changes if c.actor_type == "staff" and c.actor_id}
    if not ids:
        return {}
    return {row.id: row.display_name or row.username
            for row in db.session.execute(db.select(StaffUser.id, StaffUser.display_name, StaffUser.username)
                                          .where(StaffUser.id.in_(ids)))}


def _step(change: StatusChange, names: dict[str, str]) -> Step:
    if change.actor_type == "staff":
        actor = names.get(change.actor_id or "", "工作人员")
    else:
        actor = "系统" if change.actor_type == "system" else "居民"
    return Step(change.at, change.action, change.from_status, change.to_status, change.reason, change.actor_type,
                actor, {k: v for k, v in (change.data or {}).items() if k in SHOWN_DATA})
