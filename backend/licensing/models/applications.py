"""Licence applications: one per dog and owner, corrected and resubmitted in rounds until decided."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.audit.transitions import Stateful
from backend.core.database.base import Base, Timestamps, id_column
from backend.core.errors import Conflict, DomainError
from backend.licensing.models.owners import OwnerDetails
from backend.media.attachments import attached_photos

# Reviewed in rounds: a rejected application is corrected and resubmitted; approval issues the licence, or waits for
# the fee; the resident may withdraw until the licence is issued.
APPLICATION_TRANSITIONS = {
    "pending_review": frozenset({"awaiting_payment", "issued", "rejected", "withdrawn"}),
    "rejected": frozenset({"pending_review", "withdrawn"}),
    "awaiting_payment": frozenset({"issued", "rejected", "withdrawn"}),
    "issued": frozenset(),
    "withdrawn": frozenset(),
}
APPLICATION_STATUSES = tuple(APPLICATION_TRANSITIONS)
APPLICATION_STATUS_TEXT = {"pending_review": "审核中", "rejected": "未通过（可修改后重新提交）",
                           "awaiting_payment": "待缴费", "issued": "已发证", "withdrawn": "已撤回"}
# Applications that still count towards a household's dogs (a second dog cannot slip in while one is reviewed).
LIVE_APPLICATION_STATUSES = ("pending_review", "awaiting_payment")


def _dog_photos(application: LicenceApplication) -> list:
    return list((application.dog or {}).get("photo_upload_ids") or [])


@attached_photos("licence_application", "dog", _dog_photos)  # the photos are in the dog's JSON
class LicenceApplication(Stateful, OwnerDetails, Timestamps, Base):
    __tablename__ = "licence_applications"
    AUDIT_ENTITY = "application"
    TRANSITIONS = APPLICATION_TRANSITIONS
    # The review queue (oldest first) and the 工作台's count and oldest waiting, from the index alone.
    __table_args__ = (Index("ix_licence_applications_waiting", "status", "submitted_at"),)

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

    @property
    def status_text(self) -> str:
        return APPLICATION_STATUS_TEXT.get(self.status, self.status)

    def can_be_resubmitted(self) -> bool:
        return self.status == "rejected"

    def is_awaiting_review(self) -> bool:
        return self.status == "pending_review"

    def refuse_move(self, to: str) -> DomainError:
        if to == "pending_review":
            return Conflict("只有被驳回的申请可以修改后重新提交", code="application_not_rejected",
                            details={"status": self.status})
        if to == "withdrawn":
            return Conflict("当前状态的申请不能撤回", code="application_not_withdrawable",
                            details={"status": self.status})
        return Conflict("该申请不在待审核状态", code="application_not_pending", details={"status": self.status})


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
