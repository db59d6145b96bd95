"""Staff see a resident's phone and address masked; the full values come from one action that records who looked,
when, at which record and which fields, and why (查询留痕). The admin lists those records.

Which records a role may open in full follows the work it does: reviewers the licence applications they review,
shelter staff the adoption applications they decide, reviewers and customer service a licence's holder (the
licence page: the reviewer checking a renewal, customer service calling back a resident who asked). Admins may
open any. The record and the access row are read
and written in one transaction, so no full value leaves without its trace.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from backend.accounts.models.people import StaffUser
from backend.accounts.models.personal_data import PersonalDataAccess
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.uow import transaction
from backend.core.errors import Forbidden, NotFound
from backend.core.hooks import Registry

log = logging.getLogger("dogpass.personal_data")

# record type → roles that work on it besides admin. The types are fixed here (the API lists them); the model that
# holds each record is registered by its feature at app start: licensing its applications, the shelter its adoption
# applications (each a model with `user_id` and `owner_full_values(fields)`).
REVEALABLE_RECORDS = {
    "licence_application": ("reviewer",),
    "adoption_application": ("shelter",),
    "licence": ("reviewer", "service"),
}
RECORD_MODELS: Registry[type] = Registry("accounts.revealable_records")


@dataclass(frozen=True)
class Revealed:
    access: PersonalDataAccess
    values: dict


def reveal(staff_id: str, role: str, record_type: str, record_id: str, fields: list[str], reason: str,
           client_ip: str) -> Revealed:
    roles = REVEALABLE_RECORDS[record_type]
    if role != "admin" and role not in roles:
        raise Forbidden("您的岗位无权查看此类记录的完整个人信息", code="role_required",
                        details={"record_type": record_type, "roles": list(roles)})
    with transaction() as session:
        record = session.get(RECORD_MODELS.get(record_type), record_id)
        if record is None:
            raise NotFound("记录不存在", code="record_not_found")
        values = record.owner_full_values(fields)
        access = PersonalDataAccess(
            staff_id=staff_id, staff_role=role, accessed_at=clock.now(), record_type=record_type,
            record_id=record_id, subject_user_id=record.user_id, fields=list(fields), reason=reason.strip(),
            client_ip=(client_ip or "")[:45])
        session.add(access)
    log.info("staff %s (%s) viewed %s of %s %s", staff_id, role, ",".join(fields), record_type, record_id)
    return Revealed(access, values)


@dataclass(frozen=True)
class AccessFilter:
    staff_id: str | None = None
    username: str | None = None
    record_type: str | None = None
    record_id: str | None = None
    subject_user_id: str | None = None
    from_day: date | None = None
    to_day: date | None = None


def access_log(where: AccessFilter, limit: int, offset: int) -> tuple[list[tuple[PersonalDataAccess, str | None]],
                                                                       int]:
    """Newest first, with each staff member's username; and the total for X-Total-Count."""
    select = db.select(PersonalDataAccess, StaffUser.username).outerjoin(
        StaffUser, StaffUser.id == PersonalDataAccess.staff_id)
    for column, value in ((PersonalDataAccess.staff_id, where.staff_id), (StaffUser.username, where.username),
                          (PersonalDataAccess.record_type, where.record_type),
                          (PersonalDataAccess.record_id, where.record_id),
                          (PersonalDataAccess.subject_user_id, where.subject_user_id)):
        if value:
            select = select.where(column == value)
    if where.from_day:
        select = select.where(PersonalDataAccess.accessed_at >= clock.start_of_local_day(where.from_day))
    if where.to_day:
        select = select.where(PersonalDataAccess.accessed_at
                              < clock.start_of_local_day(where.to_day + timedelta(days=1)))
    total = db.session.scalar(db.select(db.func.count()).select_from(select.subquery()))
    rows = db.session.execute(select.order_by(PersonalDataAccess.accessed_at.desc(), PersonalDataAccess.id.desc())
                              .limit(limit).offset(offset)).all()
    return [(row[0], row[1]) for row in rows], total
