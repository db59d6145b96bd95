"""Staff review of licence applications: the queue, approval, rejection with a reason."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_

from backend.audit.trail import Actor
from backend.audit.transitions import transition
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.rows import get_row
from backend.core.database.uow import retrying, transaction
from backend.core.errors import Conflict, NotFound, ValidationFailed
from backend.licensing import fees, keeping_rules, licences
from backend.licensing.applications import application_rounds, close_round
from backend.licensing.events import APPLICATION_APPROVED, APPLICATION_REJECTED
from backend.licensing.inputs import RejectInput
from backend.licensing.models.applications import APPLICATION_STATUSES, LicenceApplication
from backend.licensing.models.licences import Licence
from backend.media import uploads
from backend.payments import orders
from backend.reference import catalogue as reference
from backend.reference.models import Zone


@dataclass(frozen=True)
class QueuePage:
    items: list[LicenceApplication]
    total: int
    now: datetime


@dataclass(frozen=True)
class QueueFilter:
    status: str = "pending_review"
    zone_code: str | None = None
    submitted_from: date | None = None  # Beijing days, both ends included
    submitted_to: date | None = None
    search: str | None = None  # dog name (part of), licence number, or the last digits of the owner's ID number


# The ID number is encrypted at rest; its masked form keeps the last four characters, which staff ask residents for.
ID_TAIL = re.compile(r"[0-9]{1,3}[0-9Xx]")


def review_queue(filters: QueueFilter | None = None, limit: int = 50, offset: int = 0) -> QueuePage:
    """Oldest first: the application that has waited longest is reviewed next."""
    filters = filters or QueueFilter()
    if filters.status not in APPLICATION_STATUSES:
        raise ValidationFailed("状态参数无效", details={"status": f"可选值: {', '.join(APPLICATION_STATUSES)}"})
    base = db.select(LicenceApplication).where(*_queue_conditions(filters))
    total = db.session.scalar(db.select(db.func.count()).select_from(base.subquery()))
    items = list(db.session.scalars(
        base.order_by(LicenceApplication.submitted_at, LicenceApplication.id).limit(limit).offset(offset)))
    return QueuePage(items=items, total=total, now=clock.now())


def _queue_conditions(filters: QueueFilter) -> list:
    conditions = [LicenceApplication.status == filters.status]
    if filters.zone_code:
        conditions.append(LicenceApplication.zone_code == filters.zone_code)
    if filters.submitted_from:
        conditions.append(LicenceApplication.submitted_at >= clock.start_of_local_day(filters.submitted_from))
    if filters.submitted_to:
        conditions.append(
            LicenceApplication.submitted_at < clock.start_of_local_day(filters.submitted_to + timedelta(days=1)))
    term = (filters.search or "").strip()
    if term:
        matches = [LicenceApplication.dog["name"].as_string().contains(term, autoescape=True),
                   LicenceApplication.licence_id.in_(db.select(Licence.id).where(Licence.licence_no == term.upper()))]
        if ID_TAIL.fullmatch(term):
            matches.append(LicenceApplication.owner_id_masked.endswith(term.upper(), autoescape=True))
        conditions.append(or_(*matches))
    return conditions


def get_application(application_id: str) -> LicenceApplication:
    return get_row(LicenceApplication, application_id, NotFound("申请不存在", code="application_not_found"))


@retrying
def approve_application(staff_id: str, application_id: str) -> LicenceApplication:
    """Re-check the rules on the day of issue (they may have changed while the application waited), then issue the
    licence, or, where the fee schedule asks for a fee, open the order and wait for payment."""
    with transaction():
        application = _for_update(application_id, ("pending_review",))
        _recheck_on_issue_day(application)
        actor = Actor.staff(staff_id)
        order = orders.open_order(user_id=application.user_id, purpose="application", subject_id=application.id,
                                  quote=fees.quote_for_application(application), actor=actor,
                                  description=f"犬只登记费（{application.dog['name']}）")
        application.decided_at = clock.now()
        application.decided_by = staff_id
        close_round(application, "approved", decided_by=staff_id, reason=None)
        if order is not None:
            transition(application, "awaiting_payment", actor, event=APPLICATION_APPROVED, order_id=order.id,
                       amount_fen=order.amount_fen, dog_name=application.dog["name"])
            return application
        licences.issue_licence(application, actor, via="approval", event=APPLICATION_APPROVED,
                               data={"dog_name": application.dog["name"]})
    return application


@retrying
def reject_application(staff_id: str, application_id: str, data: RejectInput) -> LicenceApplication:
    """Also after approval while the fee is unpaid (the reviewer found a problem): the order is cancelled, and a
    payment that still arrives for it is refunded."""
    reason = reference.compose_reject_reason(data)
    with transaction():
        application = _for_update(application_id, ("pending_review", "awaiting_payment"))
        actor = Actor.staff(staff_id)
        application.reject_reason_code = data.reason_code
        application.reject_reason = reason
        application.decided_at = clock.now()
        application.decided_by = staff_id
        close_round(application, "rejected", decided_by=staff_id, reason=reason, reason_code=data.reason_code)
        orders.cancel_open_orders("application", application.id, actor, reason="申请被驳回")
        transition(application, "rejected", actor, reason, event=APPLICATION_REJECTED, reason_code=data.reason_code,
                   dog_name=application.dog["name"])
    return application


def _for_update(application_id: str, allowed: tuple[str, ...]) -> LicenceApplication:
    application = db.session.scalar(
        db.select(LicenceApplication).where(LicenceApplication.id == application_id).with_for_update())
    if application is None:
        raise NotFound("申请不存在", code="application_not_found")
    if application.status not in allowed:
        raise Conflict("该申请不在待审核状态", code="application_not_pending", details={"status": application.status})
    return application


def _recheck_on_issue_day(application: LicenceApplication) -> None:
    zone = db.session.get(Zone, application.zone_code)
    try:
        keeping_rules.check_vaccination_valid(
            date.fromisoformat(application.vaccination["vaccinated_on"]),
            date.fromisoformat(application.vaccination["expires_on"]))
        keeping_rules.check_breed_allowed(zone, application.dog["breed_canonical"])
    except ValidationFailed as exc:
        # For the reviewer this is a conflict with the application's state: it must be rejected instead.
        raise Conflict(f"{exc.message}，请驳回该申请", code=exc.code, details=exc.details) from exc
    keeping_rules.check_household_limit(
        zone, keeping_rules.Household(application.owner_id_hash, application.owner_address_hash),
        exclude_application_id=application.id)
    keeping_rules.check_chip_free(application.chip_no, exclude_application_id=application.id)


def application_photo(application_id: str, upload_id: str) -> tuple[bytes, str]:
    """A photo of this application, for its reviewer; an upload that is not one of its photos is not found."""
    application = get_application(application_id)
    rounds = [application.dog.get("photo_upload_ids") or []]
    rounds += [r.snapshot.get("dog", {}).get("photo_upload_ids") or [] for r in application_rounds(application.id)]
    if not any(upload_id in photos for photos in rounds):
        raise NotFound("图片不存在", code="not_found")
    return uploads.read_image(upload_id)
