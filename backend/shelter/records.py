"""The shelter's records (role `shelter`): kennels, intake, status, medical entries, and the QR scan that brings
up a kennel's or a dog's full record. A dog taken in whose tag or chip matches a licence: its owner is told at once.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app

from backend.accounts.models.people import User
from backend.audit import trail as audit
from backend.audit.trail import Actor
from backend.audit.transitions import check_move, transition
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.locks import next_in_sequence
from backend.core.database.rows import get_row
from backend.core.database.uow import retrying, transaction
from backend.core.errors import Conflict, NotFound, ValidationFailed
from backend.licensing.models.dogs import Dog
from backend.licensing.models.licences import Licence
from backend.media import qr, uploads
from backend.reference import geo, places
from backend.shelter import hooks
from backend.shelter.events import (
    KENNEL_CREATED,
    SHELTER_DOG_MEDICAL_ENTRY,
    SHELTER_DOG_OWNER_FOUND,
    SHELTER_DOG_STATUS_CHANGED,
    SHELTER_DOG_TAKEN_IN,
    SHELTER_DOG_UPDATED,
)
from backend.shelter.inputs import DogStatusInput, DogUpdateInput, IntakeInput, KennelInput, MedicalInput
from backend.shelter.models.shelter import Kennel, MedicalEntry, ShelterDog, months_before

SCAN_PREFIX = {"kennel": "K", "dog": "D"}


@retrying
def add_kennel(staff_id: str, data: KennelInput) -> Kennel:
    with transaction() as session:
        if session.scalar(db.select(Kennel.id).where(Kennel.code == data.code)):
            raise Conflict("犬舍编号已存在", code="kennel_exists", details={"code": data.code})
        kennel = Kennel(code=data.code, area=data.area, capacity=data.capacity, qr_token=secrets.token_urlsafe(12))
        session.add(kennel)
        audit.record(KENNEL_CREATED, kennel.id, actor=Actor.staff(staff_id), user_id=None, to_status="active",
                     data={"code": kennel.code})
    return kennel


def list_kennels() -> list[tuple[Kennel, int]]:
    """Each kennel with how many dogs are in it now."""
    occupied = dict(db.session.execute(
        db.select(ShelterDog.kennel_id, db.func.count()).where(ShelterDog.status.in_(IN_CARE))
        .group_by(ShelterDog.kennel_id)).all())
    kennels = db.session.scalars(db.select(Kennel).order_by(Kennel.code))
    return [(k, occupied.get(k.id, 0)) for k in kennels]


IN_CARE = ("quarantine", "available", "reserved")


def scan_text(kind: str, qr_token: str) -> str:
    """What a kennel's or dog's QR code says: staff scanners send it back to /staff/shelter/scan."""
    return f"{current_app.config['PUBLIC_BASE_URL']}/s/{SCAN_PREFIX[kind]}{qr_token}"


def kennel_qr_png(kennel_id: str) -> bytes:
    kennel = db.session.get(Kennel, kennel_id)
    if kennel is None:
        raise NotFound("犬舍不存在", code="kennel_not_found")
    return qr.png(scan_text("kennel", kennel.qr_token))


def dog_qr_png(dog_id: str) -> bytes:
    return qr.png(scan_text("dog", get_dog(dog_id).qr_token))


@dataclass(frozen=True)
class Intake:
    dog: ShelterDog
    matched_licence: Licence | None


@retrying
def take_in(staff_id: str, data: IntakeInput, place: geo.Point | None = None, address: str = "") -> Intake:
    """`place`: where the dog was caught, when a capture brings it in (else the intake's own location)."""
    if place is None and data.location is not None:
        place, address = places.checked_point(data.location), data.location.address
    with transaction() as session:
        kennel = _kennel_with_room(data.kennel_code) if data.kennel_code else None
        photos = uploads.check_staff_uploaded(data.photo_upload_ids, "photo_upload_ids")
        _check_references(data)
        now, today = clock.now(), clock.today()
        days = current_app.config["SHELTER_QUARANTINE_DAYS"] if data.quarantine_days is None else data.quarantine_days
        dog = ShelterDog(
            dog_no=_next_dog_no(today.year), qr_token=secrets.token_urlsafe(12),
            kennel_id=kennel.id if kennel else None, status="quarantine", source=data.source,
            stray_report_id=data.stray_report_id, surrendered_by_user_id=data.surrendered_by_user_id,
            intake_at=now, intake_place=data.intake_place, quarantine_until=today + timedelta(days=days),
            name=data.name, breed=data.breed, sex=data.sex, colour=data.colour, size=data.size,
            estimated_birth_date=months_before(today, data.estimated_age_months), neutered=data.neutered,
            temperament=data.temperament, description=data.description, staff_notes=data.staff_notes,
            photo_upload_ids=photos, tag_token=data.tag_token,
            chip_no=data.chip_no)
        session.add(dog)
        audit.record(SHELTER_DOG_TAKEN_IN, dog.id, actor=Actor.staff(staff_id), user_id=None,
                     to_status="quarantine", data={"dog_no": dog.dog_no, "source": dog.source,
                                                   "kennel": kennel.code if kennel else None})
        licence = _matching_licence(data.tag_token, data.chip_no)
        if licence is not None:
            dog.matched_licence_id = licence.id
            # The owner hears at once (the notice is written in this transaction and queued after commit).
            audit.record(SHELTER_DOG_OWNER_FOUND, dog.id, actor=Actor.system(), user_id=licence.user_id,
                         data={"licence_id": licence.id, "licence_no": licence.licence_no, "dog_no": dog.dog_no,
                               "dog_name": licence_dog_name(licence), "matched_by":
                                   "tag" if data.tag_token and licence.tag_token == data.tag_token else "chip"})
        # Owners searching for a lost dog are matched against every dog the shelter takes in (reports does it).
        hooks.INTAKE.call(dog, place, address or data.intake_place, {licence.user_id} if licence else set())
    return Intake(dog, licence)


def _check_references(data: IntakeInput) -> None:
    """The records an intake names must exist: they are foreign keys, and a made-up id is the staff member's typo."""
    if data.stray_report_id and hooks.STRAY_REPORTS.first(data.stray_report_id) is None:
        raise ValidationFailed("所选流浪犬报告不存在", code="stray_report_not_found",
                               details={"stray_report_id": "未找到该报告"})
    if data.surrendered_by_user_id and db.session.get(User, data.surrendered_by_user_id) is None:
        raise ValidationFailed("送养的居民不存在", code="unknown_resident",
                               details={"surrendered_by_user_id": "未找到该居民"})


def licence_dog_name(licence: Licence) -> str:
    dog = db.session.get(Dog, licence.dog_id)
    return dog.name if dog else ""


def _matching_licence(tag_token: str | None, chip_no: str | None) -> Licence | None:
    if tag_token:
        licence = db.session.scalar(db.select(Licence).where(Licence.tag_token == tag_token))
        if licence is not None:
            return licence
    if chip_no:
        return db.session.scalar(
            db.select(Licence).join(Dog, Dog.id == Licence.dog_id)
            .where(Dog.chip_no == chip_no, Licence.status == "active").order_by(Licence.issued_on.desc()).limit(1))
    return None


@retrying
def update_dog(staff_id: str, dog_id: str, data: DogUpdateInput) -> ShelterDog:
    with transaction():
        dog = get_dog(dog_id, for_update=True)
        changes = data.model_dump(exclude_none=True)
        if "kennel_code" in changes:
            dog.kennel_id = _kennel_with_room(changes.pop("kennel_code"), moving=dog).id
        if "photo_upload_ids" in changes:
            changes["photo_upload_ids"] = uploads.check_staff_uploaded(changes["photo_upload_ids"],
                                                                       "photo_upload_ids")
        for name, value in changes.items():
            setattr(dog, name, value)
        audit.record(SHELTER_DOG_UPDATED, dog.id, actor=Actor.staff(staff_id), user_id=None,
                     data={"fields": sorted(data.model_dump(exclude_none=True))})
    return dog


@retrying
def change_status(staff_id: str, dog_id: str, data: DogStatusInput) -> ShelterDog:
    """Staff moves: quarantine ends (available), reclaimed by the owner, transferred, died. Reservation and
    adoption go through adoption applications, never straight from here."""
    with transaction():
        dog = get_dog(dog_id, for_update=True)
        move_dog(dog, data.status, Actor.staff(staff_id), data.reason)
    return dog


def move_dog(dog: ShelterDog, status: str, actor: Actor, reason: str = "", user_id: str | None = None) -> None:
    check_move(dog, status)
    if status == "available":
        _check_ready_for_adoption(dog)
    if status in ("adopted", "reclaimed", "transferred", "died"):
        dog.outcome_at = clock.now()
        dog.kennel_id = None
        hooks.LEFT_CARE.call(dog.id, actor)
    transition(dog, status, actor, reason or None, event=SHELTER_DOG_STATUS_CHANGED, user_id=user_id)


def _check_ready_for_adoption(dog: ShelterDog) -> None:
    today = clock.today()
    if dog.quarantine_until > today:
        raise Conflict(f"留检观察期至{dog.quarantine_until.isoformat()}，期满后方可开放领养",
                       code="quarantine_not_over", details={"quarantine_until": dog.quarantine_until.isoformat()})
    if valid_rabies_vaccination(dog.id, today) is None:
        raise Conflict("须有有效的狂犬疫苗接种记录，方可开放领养", code="rabies_vaccination_missing")


def valid_rabies_vaccination(dog_id: str, on_day: date) -> MedicalEntry | None:
    return db.session.scalar(
        db.select(MedicalEntry).where(MedicalEntry.dog_id == dog_id, MedicalEntry.kind == "rabies_vaccination",
                                      MedicalEntry.done_on <= on_day, MedicalEntry.expires_on >= on_day)
        .order_by(MedicalEntry.expires_on.desc()).limit(1))


@retrying
def add_medical_entry(staff_id: str, dog_id: str, data: MedicalInput) -> MedicalEntry:
    with transaction() as session:
        dog = get_dog(dog_id)
        entry = MedicalEntry(dog_id=dog.id, kind=data.kind, done_on=data.done_on, product=data.product,
                             certificate_no=data.certificate_no, expires_on=data.expires_on, note=data.note,
                             staff_id=staff_id, created_at=clock.now())
        session.add(entry)
        audit.record(SHELTER_DOG_MEDICAL_ENTRY, dog.id, actor=Actor.staff(staff_id), user_id=None,
                     data={"kind": data.kind, "done_on": data.done_on.isoformat()})
    return entry


def get_dog(dog_id: str, for_update: bool = False) -> ShelterDog:
    return get_row(ShelterDog, dog_id, NotFound("犬只记录不存在", code="shelter_dog_not_found"), for_update=for_update)


@dataclass(frozen=True)
class DogRecord:
    """A dog's full record as the keeper reads it: the row, its kennel's code and its medical entries."""
    dog: ShelterDog
    kennel_code: str | None
    medical: list[MedicalEntry]


def dog_records(dogs: list[ShelterDog]) -> list[DogRecord]:
    """Two queries for a page of any length (kennel codes, medical entries), never two per dog."""
    if not dogs:
        return []
    kennel_ids = {d.kennel_id for d in dogs if d.kennel_id}
    codes = dict(db.session.execute(db.select(Kennel.id, Kennel.code).where(Kennel.id.in_(kennel_ids))).all()) \
        if kennel_ids else {}
    medical: dict[str, list[MedicalEntry]] = {d.id: [] for d in dogs}
    for entry in db.session.scalars(db.select(MedicalEntry).where(MedicalEntry.dog_id.in_(medical))
                                    .order_by(MedicalEntry.done_on, MedicalEntry.created_at)):
        medical[entry.dog_id].append(entry)
    return [DogRecord(d, codes.get(d.kennel_id), medical[d.id]) for d in dogs]


def dog_record(dog: ShelterDog) -> DogRecord:
    return dog_records([dog])[0]


def list_dogs(status: str | None, limit: int, offset: int) -> tuple[list[DogRecord], int]:
    query = db.select(ShelterDog)
    if status:
        query = query.where(ShelterDog.status == status)
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    dogs = db.session.scalars(query.order_by(ShelterDog.intake_at.desc()).limit(limit).offset(offset))
    return dog_records(list(dogs)), total


@dataclass(frozen=True)
class Scan:
    kind: str  # kennel | dog
    kennel: Kennel | None
    dogs: list[DogRecord]


def scan(text: str) -> Scan:
    """A scanned QR code (the whole URL, or just its last part) → the kennel and its dogs, or the one dog."""
    code = text.strip().rstrip("/").rsplit("/", 1)[-1]
    kind, token = code[:1], code[1:]
    if kind == "K" and token:
        kennel = db.session.scalar(db.select(Kennel).where(Kennel.qr_token == token))
        if kennel is not None:
            dogs = db.session.scalars(db.select(ShelterDog).where(ShelterDog.kennel_id == kennel.id,
                                                                  ShelterDog.status.in_(IN_CARE)))
            return Scan("kennel", kennel, dog_records(list(dogs)))
    if kind == "D" and token:
        dog = db.session.scalar(db.select(ShelterDog).where(ShelterDog.qr_token == token))
        if dog is not None:
            kennel = db.session.get(Kennel, dog.kennel_id) if dog.kennel_id else None
            return Scan("dog", kennel, [dog_record(dog)])
    raise NotFound("无法识别的二维码", code="scan_unknown")


def _kennel_with_room(code: str, moving: ShelterDog | None = None) -> Kennel:
    kennel = db.session.scalar(db.select(Kennel).where(Kennel.code == code, Kennel.active.is_(True))
                               .with_for_update())
    if kennel is None:
        raise ValidationFailed("犬舍不存在", code="kennel_not_found", details={"kennel_code": "未找到该犬舍"})
    occupied = db.session.scalar(db.select(db.func.count()).select_from(ShelterDog).where(
        ShelterDog.kennel_id == kennel.id, ShelterDog.status.in_(IN_CARE),
        ShelterDog.id != (moving.id if moving else "")))
    if occupied >= kennel.capacity:
        raise Conflict(f"犬舍 {kennel.code} 已满", code="kennel_full", details={"capacity": kennel.capacity})
    return kennel


def _next_dog_no(year: int) -> str:
    prefix = current_app.config["SHELTER_DOG_NO_PREFIX"]
    return f"{prefix}-{year}-{next_in_sequence(f'shelter_dog_no:{year}'):06d}"

