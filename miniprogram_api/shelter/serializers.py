"""Turning shelter and adoption records into the API's JSON. Nothing here queries: the services hand over every
row a shape needs (a dog's kennel code and medical entries come in its DogRecord)."""
from __future__ import annotations

from backend.core import clock
from backend.shelter.models.adoption import AdoptionApplication, VisitBooking, VisitSlot
from backend.shelter.models.shelter import Kennel, ShelterDog
from backend.shelter.records import DogRecord


def public_dog(dog: ShelterDog) -> dict:
    return {"id": dog.id, "dog_no": dog.dog_no, "name": dog.name, "breed": dog.breed, "sex": dog.sex,
            "colour": dog.colour, "size": dog.size, "age_months": dog.age_months(clock.today()),
            "neutered": dog.neutered, "temperament": dog.temperament, "description": dog.description,
            "status": dog.status,
            "photo_urls": [f"/api/v1/shelter/dogs/{dog.id}/photos/{p}" for p in dog.photo_upload_ids]}


def staff_dog(record: DogRecord) -> dict:
    dog = record.dog
    return {**public_dog(dog), "kennel_code": record.kennel_code, "source": dog.source,
            "stray_report_id": dog.stray_report_id, "intake_at": clock.isoformat(dog.intake_at),
            "intake_place": dog.intake_place, "quarantine_until": dog.quarantine_until.isoformat(),
            "staff_notes": dog.staff_notes, "tag_token": dog.tag_token, "chip_no": dog.chip_no,
            "matched_licence_id": dog.matched_licence_id,
            "photo_urls": [f"/api/v1/staff/uploads/{p}" for p in dog.photo_upload_ids],
            "medical": [medical(e) for e in record.medical],
            "qrcode_url": f"/api/v1/staff/shelter/dogs/{dog.id}/qrcode.png"}


def medical(entry) -> dict:
    return {"id": entry.id, "kind": entry.kind, "done_on": entry.done_on.isoformat(), "product": entry.product,
            "certificate_no": entry.certificate_no,
            "expires_on": entry.expires_on.isoformat() if entry.expires_on else None, "note": entry.note}


def kennel(item: Kennel, occupied: int) -> dict:
    return {"id": item.id, "code": item.code, "area": item.area, "capacity": item.capacity, "occupied": occupied,
            "qrcode_url": f"/api/v1/staff/shelter/kennels/{item.id}/qrcode.png"}


def slot(item: VisitSlot) -> dict:
    return {"id": item.id, "starts_at": clock.isoformat(item.starts_at), "ends_at": clock.isoformat(item.ends_at),
            "capacity": item.capacity, "remaining": item.places_left}


def booking(item: VisitBooking, its_slot: VisitSlot) -> dict:
    return {"id": item.id, "status": item.status, "checkin_code": item.checkin_code, "date": item.day.isoformat(),
            "slot": slot(its_slot), "qrcode_url": f"/api/v1/adoption/bookings/{item.id}/qrcode.png",
            "checked_in_at": clock.isoformat(item.checked_in_at)}


def adoption(item: AdoptionApplication, dog: ShelterDog) -> dict:
    """The adopter's own view: their details in full (the ID number masked)."""
    return {"id": item.id, "status": item.status, "dog_id": dog.id, "dog_no": dog.dog_no,
            "dog_name": dog.name or dog.dog_no, "submitted_at": clock.isoformat(item.submitted_at),
            "reject_reason": item.reject_reason, "licence_application_id": item.licence_application_id,
            "adopter": item.owner_public_dict(), "housing": item.housing}


def staff_adoption(item: AdoptionApplication, dog: ShelterDog) -> dict:
    """The shelter's view: phone and address masked (shown in full only through the recorded reveal)."""
    return {**adoption(item, dog), "adopter": item.owner_staff_dict()}
