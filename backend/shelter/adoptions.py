"""Adopting a shelter dog: apply (eligibility rules are configuration), staff review, approval reserves the dog,
completion hands it over and starts the adopter's licence application, pre-filled with the dog's data and the
shelter's rabies vaccination record."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app

from backend.audit import trail as audit
from backend.audit.trail import Actor
from backend.audit.transitions import check_move, transition
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.rows import get_row
from backend.core.database.uow import retrying, transaction
from backend.core.errors import Conflict, NotFound, ValidationFailed
from backend.core.security import idnumber
from backend.licensing import applications, keeping_rules
from backend.licensing.inputs import ApplicationInput
from backend.licensing.models.licences import Licence
from backend.media.models import Upload
from backend.reference import catalogue as reference
from backend.shelter import records as shelter
from backend.shelter.events import (
    ADOPTION_APPROVED,
    ADOPTION_COMPLETED,
    ADOPTION_REJECTED,
    ADOPTION_SUBMITTED,
    ADOPTION_WITHDRAWN,
)
from backend.shelter.inputs import AdoptionInput
from backend.shelter.models.adoption import AdoptionApplication
from backend.shelter.models.shelter import ShelterDog

OPEN = ("submitted", "approved")


@retrying
def apply(user_id: str, data: AdoptionInput) -> AdoptionApplication:
    with transaction() as session:
        dog = session.scalar(db.select(ShelterDog).where(ShelterDog.id == data.dog_id).with_for_update())
        if dog is None or dog.status not in ("available", "reserved"):
            raise NotFound("该犬只不在领养名单中", code="shelter_dog_not_found")
        if dog.status != "available":
            raise Conflict("该犬只已被预定", code="dog_reserved")
        check_eligible(user_id, data, dog)
        application = AdoptionApplication(user_id=user_id, dog_id=dog.id, status="submitted", housing=data.housing,
                                          experience=data.experience, reason=data.reason,
                                          submitted_at=clock.now())
        application.set_owner(name=data.adopter.name, id_number=data.adopter.id_number, phone=data.adopter.phone,
                              address=data.adopter.address, zone_code=data.adopter.zone_code)
        session.add(application)
        audit.record(ADOPTION_SUBMITTED, application.id, actor=Actor.resident(user_id), user_id=user_id,
                     to_status="submitted", data=_facts(dog))
    return application


def check_eligible(user_id: str, data: AdoptionInput, dog: ShelterDog) -> None:
    """The configured rules, each refused with its own code and reason."""
    config = current_app.config
    adopter = data.adopter
    if keeping_rules.age_on(adopter.id_number, clock.today()) < config["ADOPTION_MIN_AGE"]:
        raise ValidationFailed(f"领养人须年满{config['ADOPTION_MIN_AGE']}周岁", code="adopter_not_adult",
                               details={"adopter.id_number": "年龄不符"})
    zone = reference.active_zone(adopter.zone_code, "adopter.zone_code")
    keeping_rules.check_breed_allowed(zone, reference.canonical_breed(dog.breed).canonical, field="dog_id")
    keeping_rules.check_household_limit(zone, keeping_rules.Household.of(adopter.id_number, adopter.address))
    check_no_recent_surrender(user_id, adopter.id_number)
    open_count = db.session.scalar(db.select(db.func.count()).select_from(AdoptionApplication).where(
        AdoptionApplication.user_id == user_id, AdoptionApplication.status.in_(OPEN)))
    if open_count >= config["ADOPTION_OPEN_APPLICATIONS_MAX"]:
        raise Conflict(f"您已有{open_count}份领养申请在办理中", code="too_many_adoption_applications")
    if db.session.scalar(db.select(AdoptionApplication.id).where(
            AdoptionApplication.user_id == user_id, AdoptionApplication.dog_id == dog.id,
            AdoptionApplication.status.in_(OPEN))):
        raise Conflict("您已申请领养该犬只", code="adoption_already_applied")


def check_no_recent_surrender(user_id: str, id_number: str) -> None:
    since = clock.now() - timedelta(days=current_app.config["ADOPTION_SURRENDER_BAR_DAYS"])
    surrendered_licence = db.session.scalar(db.select(Licence.id).where(
        Licence.owner_id_hash == idnumber.lookup_hash(id_number), Licence.cancel_reason == "surrendered",
        Licence.updated_at >= since).limit(1))
    surrendered_dog = db.session.scalar(db.select(ShelterDog.id).where(
        ShelterDog.surrendered_by_user_id == user_id, ShelterDog.intake_at >= since).limit(1))
    if surrendered_licence or surrendered_dog:
        raise Conflict(f"近{current_app.config['ADOPTION_SURRENDER_BAR_DAYS']}天内有弃养记录，暂不能领养",
                       code="recent_surrender")


@retrying
def approve(staff_id: str, application_id: str) -> AdoptionApplication:
    """Approval reserves the dog for this adopter; the hand-over (complete) follows at the shelter."""
    with transaction():
        application = _lock(application_id)
        check_move(application, "approved")
        dog = shelter.get_dog(application.dog_id, for_update=True)
        shelter.move_dog(dog, "reserved", Actor.staff(staff_id), "领养审核通过", user_id=None)
        application.decided_at, application.decided_by = clock.now(), staff_id
        transition(application, "approved", Actor.staff(staff_id), event=ADOPTION_APPROVED, **_facts(dog))
    return application


@retrying
def reject(staff_id: str, application_id: str, reason: str) -> AdoptionApplication:
    with transaction():
        application = _lock(application_id)
        check_move(application, "rejected")
        dog = shelter.get_dog(application.dog_id, for_update=True)
        if application.status == "approved" and dog.status == "reserved":
            shelter.move_dog(dog, "available", Actor.staff(staff_id), "领养未完成，重新开放")
        _close(application, "rejected", Actor.staff(staff_id), reason, dog)
    return application


@retrying
def complete(staff_id: str, application_id: str) -> AdoptionApplication:
    """The adopter takes the dog home: the dog is adopted, the other applications for it are closed, and the
    adopter's licence application is submitted for them, pre-filled."""
    with transaction() as session:
        application = _lock(application_id)
        check_move(application, "completed")
        dog = shelter.get_dog(application.dog_id, for_update=True)
        vaccination = shelter.valid_rabies_vaccination(dog.id, clock.today())
        if vaccination is None:
            raise Conflict("犬只狂犬疫苗已过期，请先补种再交接", code="rabies_vaccination_missing")
        if not dog.photo_upload_ids:
            raise Conflict("请先为犬只上传照片（办理犬证需要）", code="dog_photo_missing")
        shelter.move_dog(dog, "adopted", Actor.staff(staff_id), "领养交接完成", user_id=None)
        dog.adopted_by_user_id = application.user_id
        # The photos become the adopter's, as if they had uploaded them: their licence application needs them.
        session.execute(db.update(Upload).where(Upload.id.in_(dog.photo_upload_ids))
                        .values(user_id=application.user_id))
        licence_application = applications.submit_application(
            application.user_id, _licence_input(application, dog, vaccination), actor=Actor.staff(staff_id),
            note="领养后自动发起")
        application.completed_at = clock.now()
        application.licence_application_id = licence_application.id
        transition(application, "completed", Actor.staff(staff_id), event=ADOPTION_COMPLETED, **_facts(dog),
                   licence_application_id=licence_application.id)
        for other in session.scalars(db.select(AdoptionApplication).where(
                AdoptionApplication.dog_id == dog.id, AdoptionApplication.id != application.id,
                AdoptionApplication.status.in_(OPEN)).with_for_update()):
            _close(other, "rejected", Actor.system(), "该犬只已被他人领养", dog)
    return application


@retrying
def withdraw(user_id: str, application_id: str) -> AdoptionApplication:
    with transaction():
        application = _lock(application_id)
        if application.user_id != user_id:
            raise NotFound("领养申请不存在", code="adoption_not_found")
        check_move(application, "withdrawn")
        dog = shelter.get_dog(application.dog_id, for_update=True)
        if application.status == "approved" and dog.status == "reserved":
            shelter.move_dog(dog, "available", Actor.resident(user_id), "领养人撤回申请")
        _close(application, "withdrawn", Actor.resident(user_id), None, dog)
    return application


def _licence_input(application: AdoptionApplication, dog: ShelterDog, vaccination) -> ApplicationInput:
    from backend.core.security.crypto import decrypt

    return ApplicationInput.model_validate({
        "dog": {"name": dog.name or dog.dog_no, "breed": dog.breed, "sex": dog.sex, "colour": dog.colour,
                "birth_date": dog.estimated_birth_date.isoformat(), "neutered": dog.neutered,
                "chip_no": dog.chip_no, "photo_upload_ids": dog.photo_upload_ids},
        "owner": {"name": application.owner_name, "id_number": decrypt(application.owner_id_encrypted),
                  "phone": application.owner_phone, "address": application.owner_address,
                  "zone_code": application.zone_code},
        "vaccination": {"certificate_no": vaccination.certificate_no, "clinic": vaccination.product or "犬只留检所",
                        "vaccinated_on": vaccination.done_on.isoformat(),
                        "expires_on": vaccination.expires_on.isoformat()}})


CLOSE_EVENTS = {"rejected": ADOPTION_REJECTED, "withdrawn": ADOPTION_WITHDRAWN}


def _close(application: AdoptionApplication, status: str, actor: Actor, reason: str | None, dog: ShelterDog) -> None:
    application.decided_at = clock.now()
    application.decided_by = actor.id if actor.type == "staff" else application.decided_by
    application.reject_reason = reason
    transition(application, status, actor, reason, event=CLOSE_EVENTS[status], **_facts(dog))


def _facts(dog: ShelterDog) -> dict:
    return {"dog_id": dog.id, "dog_no": dog.dog_no, "dog_name": dog.name or dog.dog_no}


def _lock(application_id: str) -> AdoptionApplication:
    return get_row(AdoptionApplication, application_id, _not_found(), for_update=True)


def _not_found() -> NotFound:
    return NotFound("领养申请不存在", code="adoption_not_found")


def get_own(user_id: str, application_id: str) -> AdoptionApplication:
    return get_row(AdoptionApplication, application_id, _not_found(), owner=user_id)


def _with_dogs():
    """Applications each with its dog, in one query (a list shows the dog's name beside every application)."""
    return db.select(AdoptionApplication, ShelterDog).join(ShelterDog, ShelterDog.id == AdoptionApplication.dog_id)


def list_own(user_id: str) -> list[tuple[AdoptionApplication, ShelterDog]]:
    return [tuple(row) for row in db.session.execute(
        _with_dogs().where(AdoptionApplication.user_id == user_id).order_by(AdoptionApplication.submitted_at.desc()))]


def queue(status: str, limit: int, offset: int) -> tuple[list[tuple[AdoptionApplication, ShelterDog]], int]:
    total = db.session.scalar(db.select(db.func.count()).select_from(AdoptionApplication)
                              .where(AdoptionApplication.status == status))
    rows = db.session.execute(_with_dogs().where(AdoptionApplication.status == status)
                              .order_by(AdoptionApplication.submitted_at).limit(limit).offset(offset))
    return [tuple(row) for row in rows], total


def get(application_id: str) -> AdoptionApplication:
    return get_row(AdoptionApplication, application_id, _not_found())
