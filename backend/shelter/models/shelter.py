"""The shelter (留检所): kennels, the dogs it takes in, and their medical records."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.audit.transitions import Stateful
from backend.core.database.base import Base, Timestamps, id_column
from backend.core.errors import Conflict, DomainError
from backend.media.attachments import attached_photos

INTAKE_SOURCES = ("stray_capture", "owner_surrender", "public_found")
SIZES = ("small", "medium", "large")
MEDICAL_KINDS = ("rabies_vaccination", "vaccination", "deworming", "disinfection", "medical")
# Where a dog may go from each status. Adoption moves available → reserved → adopted (and back to available when a
# reservation falls through); the other ends are recorded by staff.
DOG_TRANSITIONS = {
    "quarantine": {"available", "reclaimed", "transferred", "died"},
    "available": {"reserved", "reclaimed", "transferred", "died", "quarantine"},
    "reserved": {"available", "adopted", "reclaimed", "died"},
    "adopted": set(),
    "reclaimed": set(),
    "transferred": set(),
    "died": set(),
}
DOG_STATUSES = tuple(DOG_TRANSITIONS)
DOG_STATUS_NAMES = {"quarantine": "留检观察", "available": "待领养", "reserved": "已预定", "adopted": "已领养",
                    "reclaimed": "已被主人领回", "transferred": "已转出", "died": "已死亡"}


def months_before(day: date, months: int) -> date:
    """The date `months` months before `day` (day of month capped at 28, close enough for estimated ages)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, 28))


class Kennel(Timestamps, Base):
    __tablename__ = "kennels"

    id: Mapped[str] = id_column()
    code: Mapped[str] = mapped_column(String(16), unique=True)  # painted on the kennel, e.g. A-012
    area: Mapped[str] = mapped_column(String(32), default="")
    capacity: Mapped[int] = mapped_column(default=1)
    qr_token: Mapped[str] = mapped_column(String(32), unique=True)  # what the kennel's QR code carries
    active: Mapped[bool] = mapped_column(default=True)


@attached_photos("shelter_dog")
class ShelterDog(Stateful, Timestamps, Base):
    __tablename__ = "shelter_dogs"
    AUDIT_ENTITY = "shelter_dog"
    TRANSITIONS = DOG_TRANSITIONS
    AUDIT_RECIPIENT = None  # the dog's own moves concern no resident (adoption and the owner match tell theirs)
    # The dashboard's intakes by month and source, and outcomes (adoptions…) by month (backend.indicators.shelter).
    __table_args__ = (Index("ix_shelter_dogs_intake", "intake_at", "source"),
                      Index("ix_shelter_dogs_outcome", "status", "outcome_at"))

    id: Mapped[str] = id_column()
    dog_no: Mapped[str] = mapped_column(String(24), unique=True)  # e.g. SD-2026-000123, on the collar tag
    qr_token: Mapped[str] = mapped_column(String(32), unique=True)
    kennel_id: Mapped[str | None] = mapped_column(ForeignKey("kennels.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    source: Mapped[str] = mapped_column(String(16))
    stray_report_id: Mapped[str | None] = mapped_column(String(26), index=True)
    surrendered_by_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
    intake_at: Mapped[datetime]
    intake_place: Mapped[str] = mapped_column(String(255), default="")
    quarantine_until: Mapped[date]
    name: Mapped[str] = mapped_column(String(32), default="")
    breed: Mapped[str] = mapped_column(String(64))
    sex: Mapped[str] = mapped_column(String(8))
    colour: Mapped[str] = mapped_column(String(32))
    size: Mapped[str] = mapped_column(String(8), index=True)
    estimated_birth_date: Mapped[date]
    neutered: Mapped[bool] = mapped_column(default=False)
    temperament: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    staff_notes: Mapped[str] = mapped_column(Text, default="")  # never shown to the public
    photo_upload_ids: Mapped[list] = mapped_column(default=list)
    tag_token: Mapped[str | None] = mapped_column(String(32), index=True)
    chip_no: Mapped[str | None] = mapped_column(String(20), index=True)
    matched_licence_id: Mapped[str | None] = mapped_column(ForeignKey("licences.id"))
    adopted_by_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    outcome_at: Mapped[datetime | None]

    def refuse_move(self, to: str) -> DomainError:
        return Conflict(f"犬只当前状态为{DOG_STATUS_NAMES[self.status]}，不能改为{DOG_STATUS_NAMES[to]}",
                        code="dog_status_conflict", details={"from": self.status, "to": to})

    def age_months(self, today: date) -> int:
        return max(0, (today.year - self.estimated_birth_date.year) * 12 + today.month
                   - self.estimated_birth_date.month - (today.day < self.estimated_birth_date.day))


class MedicalEntry(Base):
    __tablename__ = "shelter_medical_entries"

    id: Mapped[str] = id_column()
    dog_id: Mapped[str] = mapped_column(ForeignKey("shelter_dogs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    done_on: Mapped[date]
    product: Mapped[str] = mapped_column(String(64), default="")
    certificate_no: Mapped[str | None] = mapped_column(String(64))
    expires_on: Mapped[date | None]  # for vaccinations
    note: Mapped[str] = mapped_column(Text, default="")
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime]
