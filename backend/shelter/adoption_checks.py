"""The adoption rules as the keeper sees them on an application: each one re-read today, passed or not, with why.

Applying already refused whoever broke a rule then; this shows what holds today (the adopter's household may have
licensed another dog, a surrender may have been recorded, the dog may be reserved for someone else), and what the
hand-over will need (a valid rabies vaccination, a photo for the licence application). Reads only: approval and
hand-over check again under their locks."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from backend.core import clock
from backend.core.database.extensions import db
from backend.core.errors import DomainError
from backend.core.security.crypto import decrypt
from backend.licensing import keeping_rules
from backend.reference import catalogue as reference
from backend.shelter import adoptions
from backend.shelter import records as shelter
from backend.shelter.models.adoption import AdoptionApplication
from backend.shelter.models.shelter import DOG_STATUS_NAMES, ShelterDog


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    passed: bool
    detail: str


def eligibility(application: AdoptionApplication, dog: ShelterDog) -> list[Check]:
    id_number = decrypt(application.owner_id_encrypted)
    checks = [_adult(id_number), *_zone_rules(application, dog), _no_recent_surrender(application, id_number),
              _dog_free(application, dog), _other_applications(application, dog)]
    if application.status in ("submitted", "approved"):
        checks += [_vaccination(dog), _photo(dog)]
    return checks


def _adult(id_number: str) -> Check:
    minimum = current_app.config["ADOPTION_MIN_AGE"]
    age = keeping_rules.age_on(id_number, clock.today())
    return Check("adopter_adult", f"领养人年满{minimum}周岁", age >= minimum, f"{age}周岁")


def _zone_rules(application: AdoptionApplication, dog: ShelterDog) -> list[Check]:
    try:
        zone = reference.active_zone(application.zone_code, "adopter.zone_code")
    except DomainError as exc:
        return [Check("zone_active", "住址所在管理区", False, exc.message)]
    breed = reference.canonical_breed(dog.breed).canonical
    banned = zone.bans(breed)
    household = keeping_rules.Household(application.owner_id_hash, application.owner_address_hash)
    count = keeping_rules.household_dog_count(household)
    limit = zone.max_dogs_per_household
    return [
        Check("breed_allowed", "犬种不在本区禁养名录", not banned,
              f"{zone.name}禁止饲养{breed}" if banned else f"{zone.name}：{dog.breed}"),
        Check("household_limit", "每户限养数量", limit is None or count < limit,
              f"本区不限数量（已有{count}只）" if limit is None else f"限养{limit}只，该户已有{count}只登记或在办"),
    ]


def _no_recent_surrender(application: AdoptionApplication, id_number: str) -> Check:
    days = current_app.config["ADOPTION_SURRENDER_BAR_DAYS"]
    try:
        adoptions.check_no_recent_surrender(application.user_id, id_number)
    except DomainError as exc:
        return Check("no_recent_surrender", f"近{days}天内无弃养记录", False, exc.message)
    return Check("no_recent_surrender", f"近{days}天内无弃养记录", True, "无")


def _dog_free(application: AdoptionApplication, dog: ShelterDog) -> Check:
    label, now = "犬只可供领养", f"犬只当前为{DOG_STATUS_NAMES[dog.status]}"
    if application.status == "submitted":
        return Check("dog_available", label, dog.status == "available", "待领养" if dog.status == "available" else now)
    if application.status == "approved":
        return Check("dog_available", label, dog.status == "reserved",
                     "已为该申请人保留" if dog.status == "reserved" else now)
    return Check("dog_available", label, True, now)


def _other_applications(application: AdoptionApplication, dog: ShelterDog) -> Check:
    others = db.session.scalar(db.select(db.func.count()).select_from(AdoptionApplication).where(
        AdoptionApplication.dog_id == dog.id, AdoptionApplication.id != application.id,
        AdoptionApplication.status.in_(adoptions.OPEN)))
    # Information, not a refusal: the first approved takes the dog, the others are closed at the hand-over.
    return Check("other_applications", "同一犬只的其他在办申请", True, f"{others}份" if others else "无")


def _vaccination(dog: ShelterDog) -> Check:
    entry = shelter.valid_rabies_vaccination(dog.id, clock.today())
    return Check("rabies_vaccination", "交接时狂犬疫苗在有效期内", entry is not None,
                 f"有效期至{entry.expires_on.isoformat()}" if entry else "无有效的狂犬疫苗记录，交接前须补种")


def _photo(dog: ShelterDog) -> Check:
    count = len(dog.photo_upload_ids or [])
    return Check("dog_photo", "犬只照片（办理犬证需要）", count > 0, f"{count}张" if count else "请先上传犬只照片")
