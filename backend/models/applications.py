"""Licence applications: one per dog and owner, corrected and resubmitted in rounds until decided."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, Timestamps, id_column
from backend.models.owners import OwnerDetails

APPLICATION_STATUSES = ("pending_review", "rejected", "awaiting_payment", "issued", "withdrawn")
# Applications that still count towards a household's dogs (a second dog cannot slip in while one is reviewed).
LIVE_APPLICATION_STATUSES = ("pending_review", "awaiting_payment")


class LicenceApplication(OwnerDetails, Timestamps, Base):
    __tablename__ = "licence_applications"

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(24), index=True)
    round_no: Mapped[int] = mapped_column(default=1)
    # Submitted dog and vaccination details, as the resident entered them (validated).
    dog: Mapped[dict]
    # Copied out of `dog` so one chip cannot be on two applications or licences at once.
    chip_no: Mapped[str | None] = mapped_column(String(32), index=True)
    vaccination: Mapped[dict]
    submitted_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("staff_users.id"))
    reject_reason_code: Mapped[str | None] = mapped_column(String(48))
    reject_reason: Mapped[str | None] = mapped_column(Text)
    # The licence issued from this application (no foreign key: licences already point back here).
    licence_id: Mapped[str | None] = mapped_column(String(26), index=True)

    def can_be_resubmitted(self) -> bool:
        return self.status == "rejected"

    def is_awaiting_review(self) -> bool:
        return self.status == "pending_review"


class ApplicationRound(Base):
    """One submission of an application and its outcome: the history keeps every round."""

    __tablename__ = "application_rounds"
    # The dashboard (backend.indicators.applications) reads submissions and decisions per month, rejections by
    # reason and waiting times from these two alone (covering, the application id for the zone filter's join).
    __table_args__ = (UniqueConstraint("application_id", "round_no"),
                      Index("ix_application_rounds_submitted", "submitted_at", "round_no", "application_id"),
                      Index("ix_application_rounds_decided", "decided_at", "outcome", "reject_reason_code",
                            "submitted_at", "application_id"))

    id: Mapped[str] = id_column()
    application_id: Mapped[str] = mapped_column(ForeignKey("licence_applications.id"), index=True)
    round_no: Mapped[int]
    submitted_at: Mapped[datetime]
    # Dog, vaccination and owner (ID number masked) as submitted in this round.
    snapshot: Mapped[dict]
    outcome: Mapped[str] = mapped_column(String(24), default="pending_review")
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("staff_users.id"))
    reject_reason: Mapped[str | None] = mapped_column(Text)
    # The reason chosen from the list (RejectReason.code) when this round was rejected; the application keeps only
    # its latest round's, so the rejections by reason are counted here.
    reject_reason_code: Mapped[str | None] = mapped_column(String(48))
