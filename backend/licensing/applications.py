"""A resident's licence application: submit, correct and resubmit after a rejection, withdraw, read."""
from __future__ import annotations

from dataclasses import dataclass

from backend.audit import trail as audit
from backend.audit.models import StatusChange
from backend.audit.trail import Actor
from backend.audit.transitions import check_move, transition
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.uow import retrying, transaction
from backend.core.errors import NotFound
from backend.licensing import keeping_rules
from backend.licensing.events import APPLICATION_RESUBMITTED, APPLICATION_SUBMITTED, APPLICATION_WITHDRAWN
from backend.licensing.inputs import ApplicationInput
from backend.licensing.models.applications import ApplicationRound, LicenceApplication
from backend.media import uploads
from backend.payments import orders
from backend.payments.models import PaymentOrder
from backend.reference import catalogue as reference


@retrying
def submit_application(user_id: str, data: ApplicationInput, *, actor: Actor | None = None,
                       note: str | None = None) -> LicenceApplication:
    """`actor` and `note` when someone else submits for the resident (staff completing an adoption)."""
    with transaction() as session:
        application = LicenceApplication(user_id=user_id, status="pending_review", round_no=1)
        _apply_details(application, user_id, data)
        application.submitted_at = clock.now()
        session.add(application)
        session.flush()  # the round's foreign key needs the application row first (same INSERTs, earlier)
        _open_round(application)
        audit.record(APPLICATION_SUBMITTED, application.id, actor=actor or Actor.resident(user_id),
                     user_id=user_id, to_status="pending_review", reason=note,
                     data={"round": 1, "dog_name": application.dog["name"]})
    return application


@retrying
def resubmit_application(user_id: str, application_id: str, data: ApplicationInput) -> LicenceApplication:
    """A rejected application, corrected in full and sent back to the queue as a new round."""
    with transaction():
        application = _own_application(user_id, application_id, for_update=True)
        check_move(application, "pending_review")
        _apply_details(application, user_id, data)
        application.round_no += 1
        application.submitted_at = clock.now()
        application.decided_at = application.decided_by = None
        application.reject_reason = application.reject_reason_code = None
        _open_round(application)
        transition(application, "pending_review", Actor.resident(user_id), event=APPLICATION_RESUBMITTED,
                   round=application.round_no, dog_name=application.dog["name"])
    return application


@retrying
def withdraw_application(user_id: str, application_id: str) -> LicenceApplication:
    with transaction():
        application = _own_application(user_id, application_id, for_update=True)
        check_move(application, "withdrawn")
        if application.status == "pending_review":
            close_round(application, "withdrawn", decided_by=None, reason=None)
        if application.status == "awaiting_payment":
            orders.cancel_open_orders("application", application.id, Actor.resident(user_id), reason="申请已撤回")
        transition(application, "withdrawn", Actor.resident(user_id), event=APPLICATION_WITHDRAWN)
    return application


def get_own_application(user_id: str, application_id: str) -> LicenceApplication:
    return _own_application(user_id, application_id)


def list_own_applications(user_id: str) -> list[LicenceApplication]:
    return list(db.session.scalars(
        db.select(LicenceApplication).where(LicenceApplication.user_id == user_id)
        .order_by(LicenceApplication.created_at.desc())))


def count_open(user_id: str) -> int:
    """Applications still under way for the resident's profile: waiting for review, payment, or a correction."""
    return db.session.scalar(db.select(db.func.count(LicenceApplication.id)).where(
        LicenceApplication.user_id == user_id,
        LicenceApplication.status.in_(("pending_review", "rejected", "awaiting_payment"))))


@dataclass(frozen=True)
class ApplicationRecord:
    """An application as its detail page shows it: the recorded steps, every round, and the latest fee order."""
    application: LicenceApplication
    history: list[StatusChange]
    rounds: list[ApplicationRound]
    order: PaymentOrder | None


def application_record(application: LicenceApplication) -> ApplicationRecord:
    return ApplicationRecord(application, audit.history("application", application.id),
                             application_rounds(application.id), orders.latest_order("application", application.id))


def application_rounds(application_id: str) -> list[ApplicationRound]:
    return list(db.session.scalars(
        db.select(ApplicationRound).where(ApplicationRound.application_id == application_id)
        .order_by(ApplicationRound.round_no)))


def _own_application(user_id: str, application_id: str, for_update: bool = False) -> LicenceApplication:
    query = db.select(LicenceApplication).where(LicenceApplication.id == application_id)
    if for_update:
        query = query.with_for_update()
    application = db.session.scalar(query)
    if application is None or application.user_id != user_id:
        raise NotFound("申请不存在", code="application_not_found")
    return application


def _apply_details(application: LicenceApplication, user_id: str, data: ApplicationInput) -> None:
    """Run every pre-check, then copy the details onto the application. Nothing is written if a check fails."""
    zone = reference.active_zone(data.owner.zone_code, "owner.zone_code")
    keeping_rules.check_owner_adult(data.owner.id_number)
    keeping_rules.check_vaccination_valid(data.vaccination.vaccinated_on, data.vaccination.expires_on)
    breed = reference.canonical_breed(data.dog.breed)
    keeping_rules.check_breed_allowed(zone, breed.canonical)
    photos = uploads.check_owned(user_id, data.dog.photo_upload_ids, "dog.photo_upload_ids")
    keeping_rules.check_chip_free(data.dog.chip_no, exclude_application_id=application.id)
    keeping_rules.check_household_limit(
        zone, keeping_rules.Household.of(data.owner.id_number, data.owner.address),
        exclude_application_id=application.id)
    application.dog = {**data.dog.model_dump(mode="json"), "photo_upload_ids": photos,
                       "breed_canonical": breed.canonical, "size": breed.size, "breed_recognised": breed.recognised}
    application.chip_no = data.dog.chip_no
    application.vaccination = data.vaccination.model_dump(mode="json")
    application.set_owner(name=data.owner.name, id_number=data.owner.id_number, phone=data.owner.phone,
                          address=data.owner.address, zone_code=zone.code)


def _open_round(application: LicenceApplication) -> None:
    db.session.add(ApplicationRound(
        application_id=application.id, round_no=application.round_no, submitted_at=application.submitted_at,
        snapshot={"dog": application.dog, "vaccination": application.vaccination,
                  "owner": application.owner_public_dict()},
    ))


def close_round(application: LicenceApplication, outcome: str, *, decided_by: str | None,
                reason: str | None, reason_code: str | None = None) -> None:
    current = db.session.scalar(db.select(ApplicationRound).where(
        ApplicationRound.application_id == application.id, ApplicationRound.round_no == application.round_no))
    current.outcome = outcome
    current.decided_at = clock.now()
    current.decided_by = decided_by
    current.reject_reason = reason
    current.reject_reason_code = reason_code
