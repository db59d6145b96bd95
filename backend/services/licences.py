"""Licences: issuing one, reading one's own, and the public tag view (never any owner data)."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from flask import current_app

from backend import clock, qr
from backend.errors import NotFound
from backend.extensions import db
from backend.locks import next_in_sequence
from backend.models import Dog, Licence, LicenceApplication, Vaccination
from backend.models.licences import term_end
from backend.services import audit
from backend.services.audit import Actor


def issue_from_application(application: LicenceApplication, actor: Actor, via: str) -> Licence:
    """Create dog, vaccination and licence for an approved (and, where due, paid) application.

    `via` says what triggered the issue ("approval", "payment"). Runs inside the caller's transaction."""
    details = application.dog
    dog = Dog(name=details["name"], breed=details["breed"], breed_canonical=details["breed_canonical"],
              sex=details["sex"], colour=details["colour"], birth_date=date.fromisoformat(details["birth_date"]),
              neutered=details["neutered"], chip_no=details.get("chip_no"),
              photo_upload_ids=details["photo_upload_ids"])
    db.session.add(dog)
    db.session.flush()
    vaccination = Vaccination(dog_id=dog.id, certificate_no=application.vaccination["certificate_no"],
                              clinic=application.vaccination["clinic"],
                              vaccinated_on=date.fromisoformat(application.vaccination["vaccinated_on"]),
                              expires_on=date.fromisoformat(application.vaccination["expires_on"]))
    db.session.add(vaccination)
    db.session.flush()
    today = clock.today()
    licence = Licence(
        licence_no=_next_licence_no(today.year), tag_token=secrets.token_urlsafe(16), user_id=application.user_id,
        dog_id=dog.id, vaccination_id=vaccination.id, application_id=application.id, status="active",
        issued_on=today, expires_on=term_end(today, vaccination.expires_on))
    licence.copy_owner_from(application)
    db.session.add(licence)
    db.session.flush()
    audit.record("licence", licence.id, "issued", actor=actor, user_id=licence.user_id, to_status="active",
                 data={"licence_no": licence.licence_no, "expires_on": licence.expires_on.isoformat(),
                       "dog_name": dog.name, "application_id": application.id, "via": via})
    return licence


def _next_licence_no(year: int) -> str:
    """`DP-2026-000123`: readable, unique in the city, counted per year under a row lock."""
    prefix = current_app.config["LICENCE_NO_PREFIX"]
    return f"{prefix}-{year}-{next_in_sequence(f'licence_no:{year}'):06d}"


@dataclass(frozen=True)
class LicenceView:
    licence: Licence
    dog: Dog
    vaccination: Vaccination


def list_own_licences(user_id: str) -> list[LicenceView]:
    rows = db.session.execute(
        db.select(Licence, Dog, Vaccination)
        .join(Dog, Dog.id == Licence.dog_id)
        .join(Vaccination, Vaccination.id == Licence.vaccination_id)
        .where(Licence.user_id == user_id)
        .order_by(Licence.issued_on.desc(), Licence.id.desc()))
    return [LicenceView(*row) for row in rows]


def get_own_licence(user_id: str, licence_id: str) -> LicenceView:
    row = db.session.execute(
        db.select(Licence, Dog, Vaccination)
        .join(Dog, Dog.id == Licence.dog_id)
        .join(Vaccination, Vaccination.id == Licence.vaccination_id)
        .where(Licence.id == licence_id)).first()
    if row is None or row[0].user_id != user_id:
        raise NotFound("犬证不存在", code="licence_not_found")
    return LicenceView(*row)


def own_licence_for_update(user_id: str, licence_id: str) -> Licence:
    licence = db.session.scalar(db.select(Licence).where(Licence.id == licence_id).with_for_update())
    if licence is None or licence.user_id != user_id:
        raise NotFound("犬证不存在", code="licence_not_found")
    return licence


def tag_url(tag_token: str) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL']}/t/{tag_token}"


def own_licence_qr_png(user_id: str, licence_id: str) -> bytes:
    view = get_own_licence(user_id, licence_id)
    return qr.png(tag_url(view.licence.tag_token))


def renewal_window(licence: Licence) -> dict:
    config = current_app.config
    today = clock.today()
    return {
        "opens_on": licence.renewal_opens_on(config["LICENCE_RENEWAL_WINDOW_DAYS"]),
        "closes_on": licence.renewal_closes_on(config["LICENCE_RENEWAL_GRACE_DAYS"]),
        "open": licence.renewal_open(today, config["LICENCE_RENEWAL_WINDOW_DAYS"],
                                     config["LICENCE_RENEWAL_GRACE_DAYS"]),
        "overdue": licence.overdue(today),
    }


@dataclass(frozen=True)
class TagView:
    """What anybody scanning the tag may see: the dog, and whether its licence and vaccination are good."""
    dog_name: str
    breed: str
    colour: str
    photo_upload_id: str | None
    licence_status: str
    licence_valid: bool
    expires_on: date
    vaccination_valid: bool
    lost: bool


def tag_view(tag_token: str) -> TagView:
    row = db.session.execute(
        db.select(Licence.status, Licence.issued_on, Licence.expires_on, Dog.name, Dog.breed, Dog.colour,
                  Dog.photo_upload_ids, Vaccination.vaccinated_on, Vaccination.expires_on.label("vaccine_expires"))
        .join(Dog, Dog.id == Licence.dog_id)
        .join(Vaccination, Vaccination.id == Licence.vaccination_id)
        .where(Licence.tag_token == tag_token)).first()
    if row is None:
        raise NotFound("该犬牌不存在", code="tag_not_found")
    today = clock.today()
    photos = row.photo_upload_ids or []
    return TagView(
        dog_name=row.name, breed=row.breed, colour=row.colour, photo_upload_id=photos[0] if photos else None,
        licence_status=row.status, licence_valid=row.status == "active" and row.issued_on <= today <= row.expires_on,
        expires_on=row.expires_on, vaccination_valid=row.vaccinated_on <= today <= row.vaccine_expires,
        lost=False,  # lost reports (issue 5) set this
    )


def tag_photo(tag_token: str) -> str:
    """The upload id of the dog's first photo, for the public tag page."""
    photos = db.session.scalar(
        db.select(Dog.photo_upload_ids).join(Licence, Licence.dog_id == Dog.id).where(Licence.tag_token == tag_token))
    if not photos:
        raise NotFound("图片不存在")
    return photos[0]
