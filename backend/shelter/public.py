"""What the public sees of the shelter: adoptable dogs, with facts and photos, never staff notes."""
from __future__ import annotations

from backend.core import clock
from backend.core.database.extensions import db
from backend.core.errors import NotFound
from backend.media import uploads
from backend.media.models import Upload
from backend.shelter.inputs import ListingQuery
from backend.shelter.models.shelter import ShelterDog, months_before

LISTED = ("available", "reserved")  # a reserved dog stays on the board, marked, until the adoption completes


def list_adoptable(query: ListingQuery) -> tuple[list[ShelterDog], int]:
    today = clock.today()
    select = db.select(ShelterDog).where(ShelterDog.status.in_(LISTED))
    if query.sex:
        select = select.where(ShelterDog.sex == query.sex)
    if query.size:
        select = select.where(ShelterDog.size == query.size)
    if query.min_age_months is not None:
        select = select.where(ShelterDog.estimated_birth_date <= months_before(today, query.min_age_months))
    if query.max_age_months is not None:
        select = select.where(ShelterDog.estimated_birth_date > months_before(today, query.max_age_months + 1))
    total = db.session.scalar(db.select(db.func.count()).select_from(select.subquery()))
    dogs = db.session.scalars(select.order_by(ShelterDog.status, ShelterDog.intake_at)
                              .limit(query.limit).offset(query.offset))
    return list(dogs), total


def adoptable_dog(dog_id: str) -> ShelterDog:
    dog = db.session.get(ShelterDog, dog_id)
    if dog is None or dog.status not in LISTED:
        raise NotFound("该犬只不在领养名单中", code="shelter_dog_not_found")
    return dog


def adoptable_dog_photo(dog_id: str, upload_id: str) -> tuple[bytes, str]:
    dog = adoptable_dog(dog_id)
    if upload_id not in dog.photo_upload_ids or db.session.get(Upload, upload_id) is None:
        raise NotFound("照片不存在", code="not_found")
    return uploads.read_image(upload_id)
