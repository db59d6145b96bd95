"""Adoption: open days (a weekly rule, closures, slots), visit bookings, and adoption applications."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.audit.transitions import Stateful
from backend.core import clock
from backend.core.database.base import Base, Timestamps, id_column
from backend.core.errors import Conflict, DomainError
from backend.licensing.models.owners import OwnerDetails

# A booking holds its place until it is cancelled (by the resident, or because the day closed), checked in at the
# gate, or swept as a no-show after its slot.
BOOKING_TRANSITIONS = {"booked": frozenset({"cancelled", "checked_in", "no_show"}), "cancelled": frozenset(),
                       "checked_in": frozenset(), "no_show": frozenset()}
BOOKING_STATUSES = tuple(BOOKING_TRANSITIONS)
# Approval reserves the dog; completion hands it over. Open applications may be rejected or withdrawn.
ADOPTION_TRANSITIONS = {"submitted": frozenset({"approved", "rejected", "withdrawn"}),
                        "approved": frozenset({"completed", "rejected", "withdrawn"}),
                        "rejected": frozenset(), "completed": frozenset(), "withdrawn": frozenset()}
ADOPTION_STATUSES = tuple(ADOPTION_TRANSITIONS)


class OpenDayRule(Base):
    """The one weekly rule (row id 'default'): which weekdays are open days, their slots, and when booking opens."""

    __tablename__ = "open_day_rules"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    weekdays: Mapped[list] = mapped_column()  # ISO weekdays, 1 = Monday … 7 = Sunday
    slots: Mapped[list] = mapped_column()  # [{"start": "HH:MM", "end": "HH:MM", "capacity": n}]
    book_days_ahead: Mapped[int]
    book_opens_hour: Mapped[int]  # Asia/Shanghai hour at which a day's booking opens, book_days_ahead days before
    updated_by: Mapped[str | None] = mapped_column(String(26))
    updated_at: Mapped[datetime | None]


class OpenDayClosure(Base):
    __tablename__ = "open_day_closures"

    day: Mapped[date] = mapped_column(primary_key=True)
    reason: Mapped[str] = mapped_column(String(128))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime]


class VisitSlot(Base):
    """A bookable time on an open day. `booked` only moves through one conditional UPDATE (book_visit), so it can
    never pass `capacity`, however many people press the button at once."""

    __tablename__ = "visit_slots"
    __table_args__ = (UniqueConstraint("day", "start", name="uq_visit_slots_day_start"),)

    id: Mapped[str] = id_column()
    day: Mapped[date] = mapped_column(index=True)
    start: Mapped[str] = mapped_column(String(5))  # HH:MM, Asia/Shanghai
    end: Mapped[str] = mapped_column(String(5))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    capacity: Mapped[int]
    booked: Mapped[int] = mapped_column(default=0)
    source: Mapped[str] = mapped_column(String(8))  # rule | staff

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.booked)


class VisitBooking(Stateful, Timestamps, Base):
    __tablename__ = "visit_bookings"
    AUDIT_ENTITY = "visit_booking"
    TRANSITIONS = BOOKING_TRANSITIONS
    # `live` is 1 while the booking holds a place and NULL after: NULLs never collide in a unique index (SQLite and
    # MariaDB alike), so this allows one live booking per person per day and any number of cancelled ones.
    __table_args__ = (UniqueConstraint("user_id", "day", "live", name="uq_visit_bookings_one_per_day"),
                      Index("ix_visit_bookings_reminders", "day", "status"))

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    slot_id: Mapped[str] = mapped_column(ForeignKey("visit_slots.id"), index=True)
    day: Mapped[date]
    live: Mapped[bool | None] = mapped_column(default=True)
    status: Mapped[str] = mapped_column(String(16))
    checkin_code: Mapped[str] = mapped_column(String(16), unique=True)
    checked_in_at: Mapped[datetime | None]
    checked_in_by: Mapped[str | None] = mapped_column(String(26))
    cancelled_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]

    def refuse_move(self, to: str) -> DomainError:
        if to == "cancelled":
            return Conflict("该预约不能取消", code="booking_not_cancellable", details={"status": self.status})
        if to == "checked_in" and self.status == "checked_in":
            return Conflict(f"该预约已于{clock.isoformat(self.checked_in_at)}签到", code="already_checked_in",
                            details={"checked_in_at": clock.isoformat(self.checked_in_at)})
        return Conflict("该预约已取消或已记为未到场", code="booking_not_active", details={"status": self.status})


class AdoptionApplication(Stateful, OwnerDetails, Timestamps, Base):
    __tablename__ = "adoption_applications"
    AUDIT_ENTITY = "adoption"
    TRANSITIONS = ADOPTION_TRANSITIONS
    __table_args__ = (Index("ix_adoption_applications_waiting", "status", "submitted_at"),)  # queue, 工作台

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    dog_id: Mapped[str] = mapped_column(ForeignKey("shelter_dogs.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    housing: Mapped[str] = mapped_column(String(16))  # owned | rented
    experience: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(26))
    reject_reason: Mapped[str | None] = mapped_column(String(255))
    completed_at: Mapped[datetime | None]
    licence_application_id: Mapped[str | None] = mapped_column(ForeignKey("licence_applications.id"))

    def refuse_move(self, to: str) -> DomainError:
        return Conflict("当前状态的领养申请不能执行此操作", code="adoption_status_conflict",
                        details={"status": self.status})
