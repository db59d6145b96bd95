"""What licensing charges for, as payments sees it: an application's registration fee and an inspection's fee.
Registered at app start (`backend.licensing.init_app`); payments calls these back when a gateway says paid, and
knows nothing else of licensing.

The locks are licensing's own order (the application; or the licence, then the inspection), taken before payments
locks the order. "Paid" finishes what the approval started, through the same functions review and inspections use
when nothing is to pay: `licences.issue_licence` and `inspections.extend`.
"""
from __future__ import annotations

from flask import Flask

from backend.audit.trail import Actor
from backend.core.database.extensions import db
from backend.core.database.locks import locked_row
from backend.licensing import licences
from backend.licensing.events import APPLICATION_PAID
from backend.licensing.lifecycle import inspections
from backend.licensing.models.applications import LicenceApplication
from backend.licensing.models.licences import Inspection, Licence
from backend.payments import payables
from backend.payments.payables import Payable


def _awaits_payment(subject: LicenceApplication | Inspection) -> bool:
    return subject.status == "awaiting_payment"


def _lock_application(application_id: str) -> LicenceApplication | None:
    return locked_row(LicenceApplication, application_id)


def _application_paid(application: LicenceApplication, order_id: str) -> str:
    licence = licences.issue_licence(application, Actor.system(), via="payment", event=APPLICATION_PAID,
                                     data={"order_id": order_id})
    return licence.id


def _inspection_paid(inspection: Inspection, order_id: str) -> str:
    licence = db.session.get(Licence, inspection.licence_id)
    inspections.extend(licence, inspection, Actor.system())
    return licence.id


PAYABLES = (
    Payable("application", lock=_lock_application, awaits_payment=_awaits_payment, paid=_application_paid),
    Payable("inspection", lock=inspections.locked, awaits_payment=_awaits_payment, paid=_inspection_paid),
)


def register(app: Flask) -> None:
    for payable in PAYABLES:
        payables.register(app, payable)
