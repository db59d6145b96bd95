"""Booking a visit on an adoption open day: one booking per person per day, never more than the slot holds (one
conditional UPDATE, never read-then-write), cancellation up to a cut-off, a check-in code scanned once at the gate,
no-shows recorded and repeat no-shows held back for a while, and a reminder the day before."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy.exc import IntegrityError

from backend.audit import trail as audit
from backend.audit.trail import Actor
from backend.audit.transitions import check_move, transition
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.rows import get_row
from backend.core.database.uow import retrying, transaction
from backend.core.errors import Conflict, NotFound
from backend.media import qr
from backend.shelter import open_days
from backend.shelter.events import (
    VISIT_BOOKING_BOOKED,
    VISIT_BOOKING_CANCELLED,
    VISIT_BOOKING_CHECKED_IN,
    VISIT_BOOKING_NO_SHOW,
    VISIT_BOOKING_REMINDER,
)
from backend.shelter.models.adoption import VisitBooking, VisitSlot

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud at the gate


@dataclass(frozen=True)
class Booked:
    booking: VisitBooking
    slot: VisitSlot


@retrying
def book_visit(user_id: str, slot_id: str) -> Booked:
    with transaction() as session:
        slot = open_days.get_slot(slot_id)
        _check_bookable(slot)
        check_not_held_back(user_id)
        if _live_booking(user_id, slot.day) is not None:
            raise _already_booked(slot.day)
        # The place is taken by the database, not by us: the row lock of this UPDATE queues simultaneous requests,
        # and the condition refuses the one that would pass the capacity.
        taken = session.execute(
            db.update(VisitSlot).where(VisitSlot.id == slot.id, VisitSlot.booked < VisitSlot.capacity)
            .values(booked=VisitSlot.booked + 1).execution_options(synchronize_session=False)).rowcount
        if taken == 0:
            raise Conflict("该时段已约满，请选择其他时段", code="slot_full",
                           details={"slot_id": slot.id, "capacity": slot.capacity})
        day = slot.day  # read before the flush: a failed flush expires every object of the session
        booking = VisitBooking(user_id=user_id, slot_id=slot.id, day=day, live=True, status="booked",
                               checkin_code=_new_code())
        session.add(booking)
        try:
            session.flush()
        except IntegrityError as exc:  # a simultaneous booking of the same person for the same day won
            raise _already_booked(day) from exc
        audit.record(VISIT_BOOKING_BOOKED, booking.id, actor=Actor.resident(user_id), user_id=user_id,
                     to_status="booked", data=_facts(slot, booking))
    session.refresh(slot)
    return Booked(booking, slot)


def _already_booked(day: date) -> Conflict:
    return Conflict(f"您已预约{day.isoformat()}的参观，每人每天限约一次", code="already_booked",
                    details={"date": day.isoformat()})


def _check_bookable(slot: VisitSlot) -> None:
    refusal = open_days.booking_refusal(slot, open_days.closure_reason(slot.day), open_days.booking_opens_at(slot.day),
                                        clock.now())
    if refusal is not None:
        raise refusal


def check_not_held_back(user_id: str) -> None:
    """After BOOKING_NO_SHOW_LIMIT no-shows within the window, no booking until HOLD days after the last one."""
    config = current_app.config
    today = clock.today()
    days = list(db.session.scalars(
        db.select(VisitBooking.day).where(
            VisitBooking.user_id == user_id, VisitBooking.status == "no_show",
            VisitBooking.day >= today - timedelta(days=config["BOOKING_NO_SHOW_WINDOW_DAYS"]))
        .order_by(VisitBooking.day.desc())))
    if len(days) < config["BOOKING_NO_SHOW_LIMIT"]:
        return
    until = days[0] + timedelta(days=config["BOOKING_NO_SHOW_HOLD_DAYS"])
    if today <= until:
        raise Conflict(f"您近期有{len(days)}次预约未到场，{until.isoformat()}之后方可再次预约",
                       code="booking_suspended", details={"until": until.isoformat(), "no_shows": len(days)})


def _live_booking(user_id: str, day: date) -> VisitBooking | None:
    return db.session.scalar(db.select(VisitBooking).where(
        VisitBooking.user_id == user_id, VisitBooking.day == day, VisitBooking.live.is_(True)))


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def _facts(slot: VisitSlot, booking: VisitBooking) -> dict:
    return {"date": slot.day.isoformat(), "start": slot.start, "end": slot.end, "slot_id": slot.id,
            "checkin_code": booking.checkin_code}


@retrying
def cancel_booking(user_id: str, booking_id: str) -> Booked:
    with transaction() as session:
        booking = _own_booking(user_id, booking_id, for_update=True)
        check_move(booking, "cancelled")
        slot = session.get(VisitSlot, booking.slot_id)
        cutoff = slot.starts_at - timedelta(hours=current_app.config["BOOKING_CANCEL_CUTOFF_HOURS"])
        if clock.now() > cutoff:
            raise Conflict(f"开始前{current_app.config['BOOKING_CANCEL_CUTOFF_HOURS']}小时内不能取消预约",
                           code="cancel_cutoff_passed", details={"cutoff": clock.isoformat(cutoff)})
        booking.live, booking.cancelled_at = None, clock.now()
        session.execute(db.update(VisitSlot).where(VisitSlot.id == slot.id)
                        .values(booked=VisitSlot.booked - 1).execution_options(synchronize_session=False))
        transition(booking, "cancelled", Actor.resident(user_id), event=VISIT_BOOKING_CANCELLED,
                   **_facts(slot, booking))
    session.refresh(slot)
    return Booked(booking, slot)


@retrying
def check_in(staff_id: str, code: str) -> Booked:
    with transaction() as session:
        booking = session.scalar(db.select(VisitBooking).where(VisitBooking.checkin_code == code.strip().upper())
                                 .with_for_update())
        if booking is None:
            raise NotFound("签到码无效", code="checkin_code_invalid")
        slot = session.get(VisitSlot, booking.slot_id)
        check_move(booking, "checked_in")
        if booking.day != clock.today():
            raise Conflict(f"该预约日期为{booking.day.isoformat()}，不是今天", code="checkin_wrong_day")
        booking.checked_in_at, booking.checked_in_by = clock.now(), staff_id
        transition(booking, "checked_in", Actor.staff(staff_id), event=VISIT_BOOKING_CHECKED_IN,
                   **_facts(slot, booking))
    return Booked(booking, slot)


def mark_no_shows() -> int:
    """Bookings whose slot has ended without a check-in become no-shows (a scheduled job; also a command)."""
    count = 0
    while True:
        with transaction() as session:
            batch = list(session.scalars(
                db.select(VisitBooking).join(VisitSlot, VisitSlot.id == VisitBooking.slot_id)
                .where(VisitBooking.status == "booked", VisitSlot.ends_at < clock.now())
                .limit(200).with_for_update(skip_locked=True)))
            for booking in batch:
                transition(booking, "no_show", Actor.system(), event=VISIT_BOOKING_NO_SHOW,
                           date=booking.day.isoformat())
        count += len(batch)
        if len(batch) < 200:
            return count


def send_reminders() -> int:
    """The day before: one reminder per booking still standing."""
    tomorrow = clock.today() + timedelta(days=1)
    with transaction() as session:
        due = list(session.scalars(
            db.select(VisitBooking).where(VisitBooking.day == tomorrow, VisitBooking.status == "booked",
                                          VisitBooking.reminded_at.is_(None)).with_for_update(skip_locked=True)))
        for booking in due:
            booking.reminded_at = clock.now()
            slot = session.get(VisitSlot, booking.slot_id)
            audit.record(VISIT_BOOKING_REMINDER, booking.id, actor=Actor.system(), user_id=booking.user_id,
                         data=_facts(slot, booking))
    return len(due)


def list_own_bookings(user_id: str) -> list[tuple[VisitBooking, VisitSlot]]:
    return list(db.session.execute(
        db.select(VisitBooking, VisitSlot).join(VisitSlot, VisitSlot.id == VisitBooking.slot_id)
        .where(VisitBooking.user_id == user_id).order_by(VisitBooking.day.desc(), VisitSlot.start)).all())


def own_booking_qr_png(user_id: str, booking_id: str) -> bytes:
    return qr.png(_own_booking(user_id, booking_id).checkin_code)


def _own_booking(user_id: str, booking_id: str, for_update: bool = False) -> VisitBooking:
    return get_row(VisitBooking, booking_id, NotFound("预约不存在", code="booking_not_found"), owner=user_id,
                   for_update=for_update)
