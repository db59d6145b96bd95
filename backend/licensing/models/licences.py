"""Licences (犬证) and what happens to them: annual inspections (年检) and transfers (过户)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.audit.transitions import Stateful
from backend.core import clock
from backend.core.database.base import Base, Timestamps, id_column
from backend.core.errors import Conflict, DomainError
from backend.licensing.models.owners import OwnerDetails

# A licence lapses (expired) when its inspection is overdue past the grace period; it may be cancelled either way.
# Renewal and transfer keep it active (audited as renewed / transferred, not as moves).
LICENCE_TRANSITIONS = {
    "active": frozenset({"expired", "cancelled"}),
    "expired": frozenset({"cancelled"}),
    "cancelled": frozenset(),
}
LICENCE_STATUSES = tuple(LICENCE_TRANSITIONS)
# What residents read (the tag page, the public account's menu): said once, here.
LICENCE_STATUS_TEXT = {"active": "有效", "expired": "已过期", "cancelled": "已注销"}
CANCEL_REASONS = ("died", "lost", "relocated", "surrendered")


def add_years(day: date, years: int) -> date:
    """Same month and day `years` later; 29 February becomes 28 February in common years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def term_end(start: date, vaccination_expires_on: date) -> date:
    """Last valid day of a one-year term starting on `start`, never after the vaccination runs out."""
    return min(add_years(start, 1) - timedelta(days=1), vaccination_expires_on)


@dataclass(frozen=True)
class Term:
    """A licence's dates and status, and the rules about them: for a Licence row or for its stored card alike."""
    status: str
    issued_on: date
    expires_on: date

    def renewal_opens_on(self, window_days: int) -> date:
        return self.expires_on - timedelta(days=window_days)

    def renewal_closes_on(self, grace_days: int) -> date:
        return self.expires_on + timedelta(days=grace_days)

    def renewal_open(self, today: date, window_days: int, grace_days: int) -> bool:
        return (self.status == "active"
                and self.renewal_opens_on(window_days) <= today <= self.renewal_closes_on(grace_days))

    def overdue(self, today: date) -> bool:
        """Past its last valid day but still inside the grace period (not yet swept to `expired`)."""
        return self.status == "active" and today > self.expires_on

    def lapsed(self, today: date, grace_days: int) -> bool:
        return self.status == "active" and today > self.renewal_closes_on(grace_days)

    def valid_on(self, day: date) -> bool:
        return self.status == "active" and self.issued_on <= day <= self.expires_on


class Licence(Stateful, OwnerDetails, Timestamps, Base):
    __tablename__ = "licences"
    AUDIT_ENTITY = "licence"
    TRANSITIONS = LICENCE_TRANSITIONS
    __table_args__ = (
        # Staff find a licence by the ID number's last digits: a suffix match, so a scan, but of this narrow index
        # rather than of the licence rows with their cards (backend.workbench.licences).
        Index("ix_licences_owner_id_masked", "owner_id_masked"),
        # The dashboard (backend.indicators.licences) counts licences issued per day and zone, and active / expired
        # ones by zone and expiry day, from these two alone (covering: no table row is read).
        Index("ix_licences_issued_zone", "issued_on", "zone_code"),
        Index("ix_licences_status_expiry_zone", "status", "expires_on", "zone_code"),
    )

    id: Mapped[str] = id_column()
    licence_no: Mapped[str] = mapped_column(String(32), unique=True)
    tag_token: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    dog_id: Mapped[str] = mapped_column(ForeignKey("dogs.id"), index=True)
    vaccination_id: Mapped[str] = mapped_column(ForeignKey("vaccinations.id"))
    application_id: Mapped[str | None] = mapped_column(ForeignKey("licence_applications.id"))
    status: Mapped[str] = mapped_column(String(16), index=True)
    issued_on: Mapped[date]
    # Last day the licence is valid (有效期至).
    expires_on: Mapped[date] = mapped_column(index=True)
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(String(16))
    cancel_note: Mapped[str | None] = mapped_column(Text)
    # Set while an open lost report stands for this licence: the public tag page then says the dog is lost.
    lost_since: Mapped[datetime | None]
    # Read model for the hot reads, rebuilt on every flush that changes the licence (backend.licensing.cards).
    card: Mapped[dict | None]

    @property
    def status_text(self) -> str:
        return LICENCE_STATUS_TEXT.get(self.status, self.status)

    def term(self) -> Term:
        return Term(self.status, self.issued_on, self.expires_on)

    def renewal_open(self, today: date, window_days: int, grace_days: int) -> bool:
        return self.term().renewal_open(today, window_days, grace_days)

    def overdue(self, today: date) -> bool:
        return self.term().overdue(today)

    def lapsed(self, today: date, grace_days: int) -> bool:
        return self.term().lapsed(today, grace_days)

    def valid_on(self, day: date) -> bool:
        return self.term().valid_on(day)

    def refuse_move(self, to: str) -> DomainError:
        if self.status == "cancelled":
            return Conflict("该犬证已注销", code="licence_already_cancelled")
        return Conflict("犬证已不在有效状态", code="licence_not_active", details={"status": self.status})


# Reviewed (or not: INSPECTION_REQUIRES_REVIEW), then paid where a fee is due; `rejected` also when the licence is
# cancelled first.
INSPECTION_TRANSITIONS = {
    "pending_review": frozenset({"awaiting_payment", "issued", "rejected"}),
    "awaiting_payment": frozenset({"issued", "rejected"}),
    "issued": frozenset(),
    "rejected": frozenset(),
}
INSPECTION_STATUSES = tuple(INSPECTION_TRANSITIONS)


class Inspection(Stateful, Timestamps, Base):
    """An annual inspection (年检): a new vaccination that extends the licence from its old expiry."""

    __tablename__ = "inspections"
    AUDIT_ENTITY = "inspection"
    TRANSITIONS = INSPECTION_TRANSITIONS
    __table_args__ = (Index("ix_inspections_waiting", "status", "created_at"),)  # the queue, the 工作台

    id: Mapped[str] = id_column()
    licence_id: Mapped[str] = mapped_column(ForeignKey("licences.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    vaccination_id: Mapped[str] = mapped_column(ForeignKey("vaccinations.id"))
    status: Mapped[str] = mapped_column(String(24), index=True)
    previous_expires_on: Mapped[date]
    new_expires_on: Mapped[date]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("staff_users.id"))
    reject_reason: Mapped[str | None] = mapped_column(Text)

    def refuse_move(self, to: str) -> DomainError:
        return Conflict("该年检不在待审核状态", code="inspection_not_pending", details={"status": self.status})


# `expired` is never stored: a transfer still awaiting its recipient past `expires_at` reads as expired
# (backend.licensing.lifecycle.transfers.effective_status).
TRANSFER_TRANSITIONS = {
    "awaiting_recipient": frozenset({"accepted", "cancelled"}),
    "accepted": frozenset(),
    "cancelled": frozenset(),
    "expired": frozenset(),
}
TRANSFER_STATUSES = tuple(TRANSFER_TRANSITIONS)


class Transfer(Stateful, Timestamps, Base):
    """A hand-over (过户) started by the owner; the recipient accepts with a one-time code."""

    __tablename__ = "transfers"
    AUDIT_ENTITY = "transfer"
    TRANSITIONS = TRANSFER_TRANSITIONS
    AUDIT_RECIPIENT = "from_user_id"  # the owner who started it

    id: Mapped[str] = id_column()
    licence_id: Mapped[str] = mapped_column(ForeignKey("licences.id"), index=True)
    from_user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    to_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(24))
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]

    def expired_at(self, now: datetime) -> bool:
        return now >= self.expires_at

    def refuse_move(self, to: str) -> DomainError:
        if to == "accepted":
            if self.status == "accepted":
                return Conflict("该过户码已被使用", code="transfer_code_used")
            return Conflict("该过户已被取消", code="transfer_cancelled")
        return Conflict("该过户已结束，不能取消", code="transfer_not_pending", details={"status": self.status})

class ReminderSent(Base):
    """Renewal reminders already written, so a job that runs twice does not remind twice."""

    __tablename__ = "reminders_sent"

    licence_id: Mapped[str] = mapped_column(ForeignKey("licences.id"), primary_key=True)
    expires_on: Mapped[str] = mapped_column(String(10), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # due_30, due_7, due_0, overdue
    sent_at: Mapped[datetime] = mapped_column(default=clock.now)
