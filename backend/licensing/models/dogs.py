"""A licensed dog and its rabies vaccinations."""
from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.database.base import Base, Timestamps, id_column
from backend.media.attachments import attached_photos

SEXES = ("male", "female")


@attached_photos("dog")
class Dog(Timestamps, Base):
    __tablename__ = "dogs"

    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(String(32))
    breed: Mapped[str] = mapped_column(String(64))
    breed_canonical: Mapped[str] = mapped_column(String(64))
    sex: Mapped[str] = mapped_column(String(8))
    colour: Mapped[str] = mapped_column(String(32))
    birth_date: Mapped[date]
    neutered: Mapped[bool] = mapped_column(default=False)
    chip_no: Mapped[str | None] = mapped_column(String(32), index=True)
    photo_upload_ids: Mapped[list] = mapped_column(default=list)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "breed": self.breed,
            "sex": self.sex,
            "colour": self.colour,
            "birth_date": self.birth_date.isoformat(),
            "neutered": self.neutered,
            "chip_no": self.chip_no,
            "photo_upload_ids": list(self.photo_upload_ids or []),
        }


class Vaccination(Timestamps, Base):
    """A rabies vaccination certificate. A licence never outlives the vaccination it was issued on."""

    __tablename__ = "vaccinations"

    id: Mapped[str] = id_column()
    dog_id: Mapped[str] = mapped_column(ForeignKey("dogs.id"), index=True)
    certificate_no: Mapped[str] = mapped_column(String(64))
    clinic: Mapped[str] = mapped_column(String(128))
    vaccinated_on: Mapped[date]
    expires_on: Mapped[date]

    def valid_on(self, day: date) -> bool:
        """`expires_on` is the last day of protection (有效期至), as printed on the certificate."""
        return self.vaccinated_on <= day <= self.expires_on

    def to_dict(self) -> dict:
        return {
            "certificate_no": self.certificate_no,
            "clinic": self.clinic,
            "vaccinated_on": self.vaccinated_on.isoformat(),
            "expires_on": self.expires_on.isoformat(),
        }
