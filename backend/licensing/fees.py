"""Licensing's fees: the facts each fee depends on, read from licensing's records at the moment of the decision, and
the quote the fee schedule gives for them. The schedule (backend.payments.fees) reads no record of ours: it is
handed these facts."""
from __future__ import annotations

from backend.core import clock
from backend.core.database.extensions import db
from backend.core.security import idnumber
from backend.licensing.keeping_rules import age_on
from backend.licensing.models.applications import LicenceApplication
from backend.licensing.models.dogs import Dog
from backend.licensing.models.licences import Licence
from backend.payments import orders
from backend.payments.fees import FeeFacts, Quote
from backend.reference.models import Zone


def quote_for_application(application: LicenceApplication) -> Quote:
    return orders.quote("new_licence", _facts(application.zone_code, application.owner_id_encrypted,
                                              neutered=application.dog.get("neutered", False),
                                              assistance=application.dog.get("assistance_certificate_no")))


def quote_for_inspection(licence: Licence) -> Quote:
    dog = db.session.get(Dog, licence.dog_id)
    application = db.session.get(LicenceApplication, licence.application_id) if licence.application_id else None
    assistance = application.dog.get("assistance_certificate_no") if application else None
    return orders.quote("annual_inspection", _facts(licence.zone_code, licence.owner_id_encrypted,
                                                    neutered=dog.neutered, assistance=assistance))


def _facts(zone_code: str, owner_id_encrypted: str, *, neutered: bool, assistance: str | None) -> FeeFacts:
    zone = db.session.get(Zone, zone_code)
    return FeeFacts(zone_code=zone_code, zone_kind=zone.kind if zone else "general", neutered=bool(neutered),
                    owner_age=age_on(idnumber.decrypt(owner_id_encrypted), clock.today()),
                    assistance_dog=bool(assistance))
