"""Licences: issuing one, reading one's own, and the public tag view (never any owner data)."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from flask import current_app

from backend.audit import trail as audit
from backend.audit.trail import Actor
from backend.audit.transitions import transition
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.locks import next_in_sequence
from backend.core.errors import NotFound
from backend.core.events import EventName
from backend.licensing.events import LICENCE_ISSUED
from backend.licensing.models.applications import LicenceApplication
from backend.licensing.models.dogs import Dog, Vaccination
from backend.licensing.models.licences import Licence, Term, term_end
from backend.media import qr


def issue_licence(application: LicenceApplication, actor: Actor, *, via: str, event: EventName, data: dict) -> Licence:
    """The application becomes issued: its dog, vaccination and licence are made, the application points at the
    licence, and both steps are recorded. The one place this happens, whatever finished the application: review's
    approval when there is nothing to pay (`via="approval"`, event APPLICATION_APPROVED), or the payment of its fee
    (`via="payment"`, event APPLICATION_PAID, called back by payments through licensing's payable). `data` joins the
    application's audit record. In the caller's transaction, with the application locked."""
    licence = _new_licence(application, actor, via)
    application.licence_id = licence.id
    transition(application, "issued", actor, event=event, licence_id=licence.id, licence_no=licence.licence_no,
               **data)
    return licence


def _new_licence(application: LicenceApplication, actor: Actor, via: str) -> Licence:
    """`via` says what triggered the issue ("approval", "payment")."""
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
    audit.record(LICENCE_ISSUED, licence.id, actor=actor, user_id=licence.user_id, to_status="active",
                 data={"licence_no": licence.licence_no, "expires_on": licence.expires_on.isoformat(),
                       "dog_name": dog.name, "application_id": application.id, "via": via})
    return licence


def _next_licence_no(year: int) -> str:
    """`DP-2026-000123`: readable, unique in the city, counted per year under a row lock."""
    prefix = current_app.config["LICENCE_NO_PREFIX"]
    return f"{prefix}-{year}-{next_in_sequence(f'licence_no:{year}'):06d}"


@dataclass(frozen=True)
class LicenceCard:
    """A licence as its holder sees it: the stored card plus what depends on today (validity, renewal)."""
    id: str
    card: dict

    def term(self) -> Term:
        return Term(self.card["status"], date.fromisoformat(self.card["issued_on"]),
                    date.fromisoformat(self.card["expires_on"]))


def list_own_licences(user_id: str) -> list[LicenceCard]:
    """Newest first, from the stored cards: one narrow query, no joins."""
    rows = db.session.execute(
        db.select(Licence.id, Licence.card).where(Licence.user_id == user_id)
        .order_by(Licence.issued_on.desc(), Licence.id.desc())).all()
    return [LicenceCard(licence_id, card or _rebuild_card(licence_id)) for licence_id, card in rows]


def count_active(user_id: str) -> int:
    return db.session.scalar(db.select(db.func.count(Licence.id)).where(
        Licence.user_id == user_id, Licence.status == "active"))


def get_own_licence(user_id: str, licence_id: str) -> LicenceCard:
    row = db.session.execute(
        db.select(Licence.user_id, Licence.card).where(Licence.id == licence_id)).first()
    if row is None or row.user_id != user_id:
        raise NotFound("犬证不存在", code="licence_not_found")
    return LicenceCard(licence_id, row.card or _rebuild_card(licence_id))


def _rebuild_card(licence_id: str) -> dict:
    """Licences written before cards existed get theirs on first read (and keep it from the next change on)."""
    from backend.licensing.cards import build_card

    licence = db.session.get(Licence, licence_id)
    return build_card(licence, db.session.get(Dog, licence.dog_id),
                      db.session.get(Vaccination, licence.vaccination_id))


def own_licence_for_update(user_id: str, licence_id: str) -> Licence:
    licence = db.session.scalar(db.select(Licence).where(Licence.id == licence_id).with_for_update())
    if licence is None or licence.user_id != user_id:
        raise NotFound("犬证不存在", code="licence_not_found")
    return licence


def tag_url(tag_token: str) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL']}/t/{tag_token}"


def own_licence_qr_png(user_id: str, licence_id: str) -> bytes:
    return qr.png(tag_url(get_own_licence(user_id, licence_id).card["tag_token"]))


def renewal_window(term: Term) -> dict:
    """When the annual inspection may be done, under the configured window and grace period."""
    config = current_app.config
    today = clock.today()
    window, grace = config["LICENCE_RENEWAL_WINDOW_DAYS"], config["LICENCE_RENEWAL_GRACE_DAYS"]
    return {
        "opens_on": term.renewal_opens_on(window),
        "closes_on": term.renewal_closes_on(grace),
        "open": term.renewal_open(today, window, grace),
        "overdue": term.overdue(today),
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
    public = _public_tag_facts(tag_token)
    today = clock.today()
    expires_on = date.fromisoformat(public["expires_on"])
    return TagView(
        dog_name=public["dog_name"], breed=public["breed"], colour=public["colour"],
        photo_upload_id=public["photo_upload_id"], licence_status=public["status"],
        licence_valid=public["status"] == "active" and date.fromisoformat(public["issued_on"]) <= today <= expires_on,
        expires_on=expires_on,
        vaccination_valid=date.fromisoformat(public["vaccinated_on"]) <= today
        <= date.fromisoformat(public["vaccine_expires_on"]),
        lost=public["lost"],
    )


def _public_tag_facts(tag_token: str) -> dict:
    """Only the public part of the card is read out: the owner never leaves this function."""
    row = db.session.execute(db.select(Licence.id, Licence.card).where(Licence.tag_token == tag_token)).first()
    if row is None:
        raise NotFound("该犬牌不存在", code="tag_not_found")
    card = row.card or _rebuild_card(row.id)
    photos = card["dog"]["photo_upload_ids"]
    return {"dog_name": card["dog"]["name"], "breed": card["dog"]["breed"], "colour": card["dog"]["colour"],
            "photo_upload_id": photos[0] if photos else None, "status": card["status"],
            "issued_on": card["issued_on"], "expires_on": card["expires_on"],
            "vaccinated_on": card["vaccination"]["vaccinated_on"],
            "vaccine_expires_on": card["vaccination"]["expires_on"], "lost": card["lost"]}


def tag_photo(tag_token: str) -> str:
    """The upload id of the dog's first photo, for the public tag page."""
    photo = _public_tag_facts(tag_token)["photo_upload_id"]
    if not photo:
        raise NotFound("图片不存在")
    return photo
