"""Models and service results into the JSON shapes of API.md (schemas in miniprogram_api/schemas). Nothing here
queries: what a shape shows beside its record (history, rounds, the fee order) comes from the service."""
from __future__ import annotations

from backend.core import clock
from backend.licensing import licences
from backend.licensing.applications import ApplicationRecord
from backend.licensing.licences import LicenceCard
from backend.licensing.lifecycle import transfers
from backend.licensing.lifecycle.cancellation import CANCEL_REASON_TEXT
from backend.licensing.models.applications import LicenceApplication
from backend.licensing.models.licences import Inspection, Transfer
from backend.notices.models import Notice
from backend.payments.models import PaymentOrder
from backend.reference.models import Zone
from miniprogram_api.payments import serializers as payment_serializers


def zone(item: Zone) -> dict:
    return {"code": item.code, "name": item.name, "kind": item.kind, "district": item.district,
            "max_dogs_per_household": item.max_dogs_per_household, "banned_breeds": list(item.banned_breeds)}


def _dog_fields(dog: dict) -> dict:
    fields = {key: dog.get(key) for key in
              ("name", "breed", "sex", "colour", "birth_date", "neutered", "chip_no", "photo_upload_ids",
               "assistance_certificate_no")}
    fields["breed_recognised"] = dog.get("breed_recognised", True)
    return fields


def application(record: ApplicationRecord) -> dict:
    item = record.application
    return {
        "id": item.id,
        "status": item.status,
        "round": item.round_no,
        "submitted_at": clock.isoformat(item.submitted_at),
        "decided_at": clock.isoformat(item.decided_at),
        "reject_reason": item.reject_reason,
        "reject_reason_code": item.reject_reason_code,
        "licence_id": item.licence_id,
        "dog": _dog_fields(item.dog),
        "owner": item.owner_public_dict(),
        "vaccination": dict(item.vaccination),
        "history": [change.to_dict() for change in record.history],
        "rounds": [{
            "round": r.round_no, "submitted_at": clock.isoformat(r.submitted_at), "outcome": r.outcome,
            "decided_at": clock.isoformat(r.decided_at), "reject_reason": r.reject_reason,
        } for r in record.rounds],
        "order": payment_serializers.order_brief(record.order),
    }


def application_summary(item: LicenceApplication) -> dict:
    return {"id": item.id, "status": item.status, "round": item.round_no,
            "submitted_at": clock.isoformat(item.submitted_at), "dog_name": item.dog["name"],
            "reject_reason": item.reject_reason, "licence_id": item.licence_id}


def licence(item: LicenceCard) -> dict:
    card = item.card
    term = item.term()
    window = licences.renewal_window(term)
    return {
        "id": item.id,
        "licence_no": card["licence_no"],
        "status": card["status"],
        "valid": term.valid_on(clock.today()),
        "issued_on": card["issued_on"],
        "expires_on": card["expires_on"],
        "dog": card["dog"],
        "owner": card["owner"],
        "vaccination": card["vaccination"],
        "renewal": {key: value.isoformat() if hasattr(value, "isoformat") else value
                    for key, value in window.items()},
        "tag_url": licences.tag_url(card["tag_token"]),
        "qrcode_url": f"/api/v1/licences/{item.id}/qrcode.png",
        "cancel_reason": CANCEL_REASON_TEXT.get(card["cancel_reason"]) if card["cancel_reason"] else None,
    }


def inspection(item: Inspection, order: PaymentOrder | None) -> dict:
    return {"id": item.id, "licence_id": item.licence_id, "status": item.status,
            "previous_expires_on": item.previous_expires_on.isoformat(),
            "new_expires_on": item.new_expires_on.isoformat(), "reject_reason": item.reject_reason,
            "order": payment_serializers.order_brief(order)}


def transfer(item: Transfer, user_id: str, licence_no: str | None = None) -> dict:
    return {
        "id": item.id,
        "licence_id": item.licence_id,
        "licence_no": licence_no,
        "direction": "outgoing" if item.from_user_id == user_id else "incoming",
        "status": transfers.effective_status(item),
        "expires_at": clock.isoformat(item.expires_at),
        "accepted_at": clock.isoformat(item.accepted_at),
        "created_at": clock.isoformat(item.created_at),
    }


def notice(item: Notice) -> dict:
    return item.to_dict()
