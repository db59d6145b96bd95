"""Automatic pre-checks (养犬条件): the zone's rules, applied before staff ever see an application and again
whenever a dog changes zone or owner. The rules themselves are data on the Zone row."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import func, or_

from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.locks import lock_keys
from backend.core.errors import Conflict, ValidationFailed
from backend.core.security import idnumber
from backend.licensing.models.applications import LIVE_APPLICATION_STATUSES, LicenceApplication
from backend.licensing.models.dogs import Dog
from backend.licensing.models.licences import Licence
from backend.licensing.models.owners import address_hash
from backend.reference.models import Zone

ADULT_AGE = 18


@dataclass(frozen=True)
class Household:
    """Dogs belong to a household: the same person (ID hash) or the same normalised address."""
    id_hash: str
    address_hash: str

    @classmethod
    def of(cls, id_number: str, address: str) -> Household:
        return cls(idnumber.lookup_hash(id_number), address_hash(address))


def check_breed_allowed(zone: Zone, canonical_breed: str, field: str = "dog.breed") -> None:
    if zone.bans(canonical_breed):
        raise ValidationFailed(
            f"{zone.name}禁止饲养{canonical_breed}", code="breed_banned",
            details={field: f"{canonical_breed}属于{zone.name}禁养犬种", "zone_code": zone.code})


def age_on(id_number: str, on_day: date) -> int:
    """Whole years of age on `on_day`, from the birth date inside the ID number."""
    born = idnumber.birth_date(id_number)
    return on_day.year - born.year - ((on_day.month, on_day.day) < (born.month, born.day))


def check_owner_adult(id_number: str, on_day: date | None = None, field: str = "owner.id_number") -> None:
    if age_on(id_number, on_day or clock.today()) < ADULT_AGE:
        raise ValidationFailed("养犬人须年满18周岁", code="owner_not_adult", details={field: "未满18周岁"})


def check_vaccination_valid(vaccinated_on: date, expires_on: date, on_day: date | None = None,
                            field: str = "vaccination.expires_on") -> None:
    on_day = on_day or clock.today()
    longest = current_app.config["VACCINATION_MAX_VALID_DAYS"]
    if (expires_on - vaccinated_on).days > longest:
        raise ValidationFailed(f"狂犬疫苗免疫有效期不应超过{longest}天，请核对证书", code="vaccination_implausible",
                               details={field: "有效期过长"})
    if not vaccinated_on <= on_day <= expires_on:
        raise ValidationFailed("狂犬疫苗免疫已过期或尚未生效，请接种后再办理", code="vaccination_invalid",
                               details={field: f"免疫有效期至{expires_on.isoformat()}，办理当日须在有效期内"})


def check_household_limit(zone: Zone, household: Household, *, exclude_licence_id: str | None = None,
                          exclude_application_id: str | None = None) -> None:
    """Lock the household, count its dogs, refuse one too many.

    Counted: active licences of the same person or at the same address, and applications in progress of the same
    person. Another person's pending application at this address does not count (anybody can type an address, and
    must not block a household with it); it meets the limit at approval, where licences are counted again. The
    lock makes simultaneous requests for one household queue up, so two cannot pass the count together.
    """
    if zone.max_dogs_per_household is None:
        return
    lock_keys("household", [household.id_hash, household.address_hash])
    count = household_dog_count(household, exclude_licence_id, exclude_application_id)
    if count >= zone.max_dogs_per_household:
        raise Conflict(
            f"{zone.name}每户限养{zone.max_dogs_per_household}只犬，您的住户已有{count}只登记或在办",
            code="household_limit_reached",
            details={"zone_code": zone.code, "limit": zone.max_dogs_per_household, "current": count})


def household_dog_count(household: Household, exclude_licence_id: str | None = None,
                        exclude_application_id: str | None = None) -> int:
    licences = db.select(func.count(Licence.id)).where(
        Licence.status == "active",
        or_(Licence.owner_id_hash == household.id_hash, Licence.owner_address_hash == household.address_hash))
    if exclude_licence_id:
        licences = licences.where(Licence.id != exclude_licence_id)
    applications = db.select(func.count(LicenceApplication.id)).where(
        LicenceApplication.status.in_(LIVE_APPLICATION_STATUSES),
        LicenceApplication.owner_id_hash == household.id_hash)
    if exclude_application_id:
        applications = applications.where(LicenceApplication.id != exclude_application_id)
    # One roundtrip for both counts.
    counts = db.session.execute(db.select(licences.scalar_subquery(), applications.scalar_subquery())).one()
    return sum(counts)


def check_chip_free(chip_no: str | None, exclude_application_id: str | None = None) -> None:
    """One dog, one licence: a microchip on an active licence or on an application in progress cannot be used
    again. Locked per chip, so two simultaneous applications with one chip cannot both pass."""
    if not chip_no:
        return
    lock_keys("chip", [chip_no])
    if chip_in_use(chip_no, exclude_application_id):
        raise Conflict("该芯片号的犬只已登记或正在办理犬证", code="chip_already_licensed",
                       details={"dog.chip_no": chip_no})


def chip_in_use(chip_no: str, exclude_application_id: str | None = None) -> bool:
    """On an active licence or an application in progress (a read: callers that decide take the chip's lock)."""
    licensed = db.select(Licence.id).join(Dog, Dog.id == Licence.dog_id).where(
        Dog.chip_no == chip_no, Licence.status == "active")
    applied = db.select(LicenceApplication.id).where(
        LicenceApplication.chip_no == chip_no, LicenceApplication.status.in_(LIVE_APPLICATION_STATUSES))
    if exclude_application_id:
        applied = applied.where(LicenceApplication.id != exclude_application_id)
    return bool(db.session.scalar(licensed.limit(1)) or db.session.scalar(applied.limit(1)))
