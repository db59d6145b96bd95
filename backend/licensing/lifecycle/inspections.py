"""Annual inspection (年检): within the renewal window, a new valid vaccination extends the licence by a year
from its old expiry date (never beyond the new vaccination)."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app

from backend.audit import trail as audit
from backend.audit.trail import Actor
from backend.audit.transitions import transition
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.locks import locked_row
from backend.core.database.uow import retrying, transaction
from backend.core.errors import Conflict, NotFound, ValidationFailed
from backend.licensing import fees, keeping_rules, licences
from backend.licensing.events import (
    INSPECTION_APPROVED,
    INSPECTION_ISSUED,
    INSPECTION_REJECTED,
    INSPECTION_SUBMITTED,
    LICENCE_RENEWED,
)
from backend.licensing.inputs import InspectionInput, RejectInput
from backend.licensing.lifecycle.in_progress import open_inspection, pending_transfer
from backend.licensing.models.dogs import Dog, Vaccination
from backend.licensing.models.licences import Inspection, Licence, term_end
from backend.payments import orders
from backend.reference import catalogue as reference


@retrying
def submit_inspection(user_id: str, licence_id: str, data: InspectionInput) -> Inspection:
    with transaction() as session:
        licence = licences.own_licence_for_update(user_id, licence_id)
        _check_renewal_open(licence)
        if open_inspection(licence.id):
            raise Conflict("该犬证已有办理中的年检", code="inspection_pending")
        if pending_transfer(licence.id):
            raise Conflict("该犬证正在过户，请先完成或取消过户", code="transfer_pending")
        vaccine = data.vaccination
        keeping_rules.check_vaccination_valid(vaccine.vaccinated_on, vaccine.expires_on)
        _check_new_vaccination(licence, vaccine)
        new_expires_on = term_end(licence.expires_on + timedelta(days=1), vaccine.expires_on)
        if new_expires_on <= licence.expires_on:
            raise ValidationFailed("新的免疫有效期须晚于当前犬证到期日", code="vaccination_too_short",
                                   details={"vaccination.expires_on": f"须晚于{licence.expires_on.isoformat()}"})
        vaccination = Vaccination(dog_id=licence.dog_id, **vaccine.model_dump())
        session.add(vaccination)
        session.flush()
        needs_review = current_app.config["INSPECTION_REQUIRES_REVIEW"]
        inspection = Inspection(licence_id=licence.id, user_id=user_id, vaccination_id=vaccination.id,
                                status="pending_review",
                                previous_expires_on=licence.expires_on, new_expires_on=new_expires_on)
        session.add(inspection)
        session.flush()
        audit.record(INSPECTION_SUBMITTED, inspection.id, actor=Actor.resident(user_id), user_id=user_id,
                     to_status="pending_review",
                     data={"licence_id": licence.id, "licence_no": licence.licence_no, "needs_review": needs_review})
        if not needs_review:
            _extend_or_charge(licence, inspection, Actor.resident(user_id))
    return inspection


@retrying
def approve_inspection(staff_id: str, inspection_id: str) -> Inspection:
    with transaction():
        inspection = _pending_for_update(inspection_id)
        licence = db.session.get(Licence, inspection.licence_id)
        if licence.status != "active":
            raise Conflict("犬证已不在有效状态，不能完成年检", code="licence_not_active")
        _extend_or_charge(licence, inspection, Actor.staff(staff_id), decided_by=staff_id)
    return inspection


@retrying
def reject_inspection(staff_id: str, inspection_id: str, data: RejectInput) -> Inspection:
    reason = reference.compose_reject_reason(data)
    with transaction():
        inspection = _pending_for_update(inspection_id, ("pending_review", "awaiting_payment"))
        inspection.reject_reason = reason
        inspection.decided_at = clock.now()
        inspection.decided_by = staff_id
        orders.cancel_open_orders("inspection", inspection.id, Actor.staff(staff_id), reason="年检被驳回")
        transition(inspection, "rejected", Actor.staff(staff_id), reason, event=INSPECTION_REJECTED)
    return inspection


def list_inspections(status: str = "pending_review") -> list[Inspection]:
    return list(db.session.scalars(
        db.select(Inspection).where(Inspection.status == status).order_by(Inspection.created_at)))


def review_queue(status: str = "pending_review") -> list[tuple[Inspection, Licence, Vaccination, Dog]]:
    """Oldest first, with what a reviewer reads: the licence, its dog and the new vaccination."""
    return [tuple(row) for row in db.session.execute(
        db.select(Inspection, Licence, Vaccination, Dog)
        .join(Licence, Licence.id == Inspection.licence_id)
        .join(Vaccination, Vaccination.id == Inspection.vaccination_id)
        .join(Dog, Dog.id == Licence.dog_id)
        .where(Inspection.status == status).order_by(Inspection.created_at, Inspection.id))]


def get_own_inspection(user_id: str, inspection_id: str) -> Inspection:
    inspection = db.session.get(Inspection, inspection_id)
    if inspection is None or inspection.user_id != user_id:
        raise NotFound("年检记录不存在", code="inspection_not_found")
    return inspection


def _check_new_vaccination(licence: Licence, vaccine) -> None:
    """年检 needs a new vaccination: another certificate, given after the one the licence stands on."""
    current = db.session.get(Vaccination, licence.vaccination_id)
    if vaccine.certificate_no == current.certificate_no or vaccine.vaccinated_on <= current.vaccinated_on:
        since = current.vaccinated_on.isoformat()
        raise ValidationFailed("年检需要新的狂犬疫苗接种记录", code="vaccination_not_new",
                               details={"vaccination.certificate_no": f"须为{since}之后接种的新证书"})


def _check_renewal_open(licence: Licence) -> None:
    window = licences.renewal_window(licence.term())
    if licence.status != "active":
        # API.md: outside the window is renewal_not_open; an expired or cancelled licence is outside for good.
        raise Conflict("犬证已失效，不能办理年检，请重新申请", code="renewal_not_open",
                       details={"status": licence.status, "opens_on": window["opens_on"].isoformat(),
                                "closes_on": window["closes_on"].isoformat()})
    if not window["open"]:
        raise Conflict(
            f"年检办理时间为{window['opens_on'].isoformat()}至{window['closes_on'].isoformat()}",
            code="renewal_not_open",
            details={"opens_on": window["opens_on"].isoformat(), "closes_on": window["closes_on"].isoformat()})


def _extend_or_charge(licence: Licence, inspection: Inspection, actor: Actor, decided_by: str | None = None) -> None:
    """Extend now, or, where the fee schedule asks for a fee, open the order: payment extends the licence."""
    order = orders.open_order(user_id=inspection.user_id, purpose="inspection", subject_id=inspection.id,
                              quote=fees.quote_for_inspection(licence), actor=actor,
                              description=f"犬证年检费（{licence.licence_no}）")
    if order is None:
        extend(licence, inspection, actor, decided_by=decided_by)
        return
    inspection.decided_at = clock.now()
    inspection.decided_by = decided_by
    transition(inspection, "awaiting_payment", actor, event=INSPECTION_APPROVED, licence_id=licence.id,
               licence_no=licence.licence_no, order_id=order.id, amount_fen=order.amount_fen)


def extend(licence: Licence, inspection: Inspection, actor: Actor, decided_by: str | None = None) -> None:
    """The inspection is complete (approved, and paid where due): the licence runs a year longer. Runs inside the
    caller's transaction, with licence and inspection locked."""
    inspection.decided_at = inspection.decided_at if inspection.status == "awaiting_payment" else clock.now()
    inspection.decided_by = decided_by or inspection.decided_by
    old_expiry = licence.expires_on
    licence.expires_on = inspection.new_expires_on
    licence.vaccination_id = inspection.vaccination_id
    transition(inspection, "issued", actor, event=INSPECTION_ISSUED, licence_id=licence.id)
    audit.record(LICENCE_RENEWED, licence.id, actor=actor, user_id=licence.user_id,
                 from_status=licence.status, to_status=licence.status,
                 data={"licence_no": licence.licence_no, "previous_expires_on": old_expiry.isoformat(),
                       "expires_on": licence.expires_on.isoformat(), "inspection_id": inspection.id})


def locked(inspection_id: str) -> Inspection | None:
    """Lock the licence, then the inspection: the same order as every other service, so no deadlock."""
    found = db.session.get(Inspection, inspection_id)
    if found is None:
        return None
    db.session.scalar(db.select(Licence.id).where(Licence.id == found.licence_id).with_for_update())
    return locked_row(Inspection, inspection_id)


def _pending_for_update(inspection_id: str, allowed: tuple[str, ...] = ("pending_review",)) -> Inspection:
    inspection = locked(inspection_id)
    if inspection is None:
        raise NotFound("年检记录不存在", code="inspection_not_found")
    if inspection.status not in allowed:
        raise Conflict("该年检不在待审核状态", code="inspection_not_pending", details={"status": inspection.status})
    return inspection
