"""Adoption open days: a weekly rule with slots (default Tuesday, Thursday, Sunday), public holidays closed by the
maintained Chinese holiday calendar, manual closures, extra days staff add, and when each day's booking opens.

Slots of rule days are made on demand (listing, booking) with an insert that ignores existing rows, so the rule
needs no daily job and two requests making the same day's slots at once cannot make them twice.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import chinese_calendar

from backend.audit import trail as audit
from backend.audit.trail import Actor
from backend.audit.transitions import transition
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.locks import insert_ignoring_duplicates
from backend.core.database.uow import retrying, transaction
from backend.core.errors import Conflict, NotFound
from backend.shelter.events import (
    OPEN_DAY_CLOSED,
    OPEN_DAY_RULE_CHANGED,
    OPEN_DAY_SLOTS_ADDED,
    VISIT_BOOKING_DAY_CLOSED,
)
from backend.shelter.inputs import ClosureInput, OpenDayInput, OpenDayRuleInput
from backend.shelter.models.adoption import OpenDayClosure, OpenDayRule, VisitBooking, VisitSlot

log = logging.getLogger(__name__)
RULE_ID = "default"
DEFAULT_RULE = {"weekdays": [2, 4, 7], "slots": [{"start": "09:30", "end": "11:30", "capacity": 20},
                                                   {"start": "14:00", "end": "16:30", "capacity": 20}],
                "book_days_ahead": 7, "book_opens_hour": 9}


def rule() -> OpenDayRule:
    found = db.session.get(OpenDayRule, RULE_ID)
    return found if found is not None else OpenDayRule(id=RULE_ID, **DEFAULT_RULE)


@retrying
def set_rule(staff_id: str, data: OpenDayRuleInput) -> OpenDayRule:
    """Changes apply to days whose slots are not made yet; days already listed keep theirs (people booked them)."""
    with transaction() as session:
        current = session.get(OpenDayRule, RULE_ID, with_for_update=True)
        if current is None:
            current = OpenDayRule(id=RULE_ID, **DEFAULT_RULE)
            session.add(current)
        before = {"weekdays": current.weekdays, "slots": current.slots}
        current.weekdays = data.weekdays
        current.slots = [s.model_dump() for s in data.slots]
        current.book_days_ahead, current.book_opens_hour = data.book_days_ahead, data.book_opens_hour
        current.updated_by, current.updated_at = staff_id, clock.now()
        audit.record(OPEN_DAY_RULE_CHANGED, RULE_ID, actor=Actor.staff(staff_id), user_id=None,
                     data={"before": before, "after": {"weekdays": current.weekdays, "slots": current.slots}})
    return current


def holiday_name(day: date) -> str | None:
    """The public holiday on `day`, from the chinesecalendar package (updated each year when the State Council
    publishes the next year's arrangement). A year it does not know yet closes nothing by itself."""
    try:
        is_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        log.warning("holiday calendar has no data for %s; only manual closures apply", day.year)
        return None
    return HOLIDAY_NAMES.get(name, name) if is_holiday and name else None


HOLIDAY_NAMES = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
                 "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
                 "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利纪念日"}


def closure_reason(day: date) -> str | None:
    closed = closed_days(day, day)
    return closed[0].reason if closed else None


@dataclass(frozen=True)
class Closed:
    closure: OpenDayClosure
    cancelled_bookings: int


@retrying
def close_day(staff_id: str, data: ClosureInput) -> Closed:
    """The day closes, and whoever booked it is told and has the booking cancelled (their place is given back):
    left standing, the booking would turn into a no-show that counts against them."""
    with transaction() as session:
        if session.get(OpenDayClosure, data.date) is not None:
            raise Conflict("该日已设为闭馆", code="already_closed")
        closure = OpenDayClosure(day=data.date, reason=data.reason, staff_id=staff_id, created_at=clock.now())
        session.add(closure)
        audit.record(OPEN_DAY_CLOSED, data.date.isoformat(), actor=Actor.staff(staff_id), user_id=None,
                     reason=data.reason)
        cancelled = _cancel_bookings_of_closed_day(staff_id, data.date, data.reason)
    return Closed(closure, cancelled)


def _cancel_bookings_of_closed_day(staff_id: str, day: date, reason: str) -> int:
    booked = db.session.execute(
        db.select(VisitBooking, VisitSlot).join(VisitSlot, VisitSlot.id == VisitBooking.slot_id)
        .where(VisitBooking.day == day, VisitBooking.status == "booked").with_for_update()).all()
    now = clock.now()
    for booking, slot in booked:
        booking.live, booking.cancelled_at = None, now
        db.session.execute(db.update(VisitSlot).where(VisitSlot.id == slot.id)
                           .values(booked=VisitSlot.booked - 1).execution_options(synchronize_session=False))
        transition(booking, "cancelled", Actor.staff(staff_id), reason, event=VISIT_BOOKING_DAY_CLOSED,
                   date=day.isoformat(), start=slot.start, end=slot.end, slot_id=slot.id)
    return len(booked)


@dataclass(frozen=True)
class ClosedDay:
    day: date
    reason: str
    manual: bool  # set by staff (else a public holiday)


def closed_days(start: date, end: date) -> list[ClosedDay]:
    """Every closed day in [start, end], with or without slots made yet: manual closures, and public holidays unless
    staff added slots on one on purpose (a holiday adoption event). Two queries for a range of any length."""
    manual = dict(db.session.execute(db.select(OpenDayClosure.day, OpenDayClosure.reason)
                                     .where(OpenDayClosure.day.between(start, end))).all())
    staff_opened = set(db.session.scalars(db.select(VisitSlot.day).where(VisitSlot.day.between(start, end),
                                                                         VisitSlot.source == "staff")))
    closed = []
    for day in (start + timedelta(days=n) for n in range((end - start).days + 1)):
        if day in manual:
            closed.append(ClosedDay(day, manual[day], True))
        elif (name := holiday_name(day)) and day not in staff_opened:
            closed.append(ClosedDay(day, f"{name}假期闭馆", False))
    return closed


@retrying
def add_open_day(staff_id: str, data: OpenDayInput) -> list[VisitSlot]:
    """An open day (or more slots on one) set by staff, beside the weekly rule."""
    with transaction() as session:
        existing = {s.start: s for s in _slots_of(data.date)}
        clashes = [s.start for s in data.slots if s.start in existing]
        if clashes:
            raise Conflict("该日已有相同开始时间的时段", code="slot_exists", details={"start": clashes})
        made = [_new_slot(data.date, s.start, s.end, s.capacity, "staff") for s in data.slots]
        session.add_all(made)
        audit.record(OPEN_DAY_SLOTS_ADDED, data.date.isoformat(), actor=Actor.staff(staff_id), user_id=None,
                     data={"slots": [s.model_dump() for s in data.slots]})
    return made


@dataclass(frozen=True)
class OpenDay:
    day: date
    slots: list[VisitSlot]
    closed_reason: str | None
    booking_opens_at: datetime

    def bookable(self, slot: VisitSlot, now: datetime) -> bool:
        """What the listing shows: book_visit would take a place in `slot` now (as long as nobody is quicker)."""
        return booking_refusal(slot, self.closed_reason, self.booking_opens_at, now) is None and slot.places_left > 0


def booking_refusal(slot: VisitSlot, closed_reason: str | None, opens_at: datetime, now: datetime) -> Conflict | None:
    """Why `slot` cannot be booked at `now` whatever its places: its day is closed, it has begun, or booking has not
    opened yet. The one rule behind both the listing's `bookable` and book_visit's refusals. Places are not read
    here: book_visit takes one with a conditional UPDATE, never by reading `booked` first."""
    if closed_reason:
        return Conflict(f"{slot.day.isoformat()}闭馆：{closed_reason}", code="day_closed",
                        details={"reason": closed_reason})
    if slot.starts_at <= now:
        return Conflict("该时段已开始或已结束", code="slot_past")
    if now < opens_at:
        return Conflict(f"该日预约将于{clock.isoformat(opens_at)}开放", code="booking_not_open",
                        details={"opens_at": clock.isoformat(opens_at)})
    return None


def booking_opens_at(day: date, current: OpenDayRule | None = None) -> datetime:
    current = current or rule()
    opens_on = day - timedelta(days=current.book_days_ahead)
    return datetime.combine(opens_on, time(current.book_opens_hour), clock.SHANGHAI).astimezone(UTC)


def open_days(start: date, end: date) -> list[OpenDay]:
    """Every day in [start, end] that has slots or would by the rule, closed ones included with their reason."""
    ensure_rule_slots(start, end)
    current = rule()
    slots = db.session.scalars(db.select(VisitSlot).where(VisitSlot.day.between(start, end))
                               .order_by(VisitSlot.day, VisitSlot.start))
    by_day: dict[date, list[VisitSlot]] = {}
    for slot in slots:
        by_day.setdefault(slot.day, []).append(slot)
    reasons = {closed.day: closed.reason for closed in closed_days(start, end)}
    return [OpenDay(day, by_day[day], reasons.get(day), booking_opens_at(day, current)) for day in sorted(by_day)]


def upcoming(days: int) -> list[OpenDay]:
    """Open days from today for `days` days (what the public account's menu tells)."""
    return open_days(clock.today(), clock.today() + timedelta(days=days - 1))


def ensure_rule_slots(start: date, end: date) -> None:
    """Make the rule's slots for days in range that have none yet (only up to the furthest bookable day)."""
    current = rule()
    last = min(end, clock.today() + timedelta(days=current.book_days_ahead))
    day, rows = max(start, clock.today()), []
    while day <= last:
        if day.isoweekday() in current.weekdays:
            rows += [_slot_values(day, s["start"], s["end"], s["capacity"], "rule") for s in current.slots]
        day += timedelta(days=1)
    if rows:
        with transaction():
            insert_ignoring_duplicates(VisitSlot, rows)


def _slots_of(day: date) -> list[VisitSlot]:
    return list(db.session.scalars(db.select(VisitSlot).where(VisitSlot.day == day)))


def _slot_values(day: date, start: str, end: str, capacity: int, source: str) -> dict:
    from backend.core.ids import new_id

    return {"id": new_id(), "day": day, "start": start, "end": end, "starts_at": _instant(day, start),
            "ends_at": _instant(day, end), "capacity": capacity, "booked": 0, "source": source}


def _new_slot(day: date, start: str, end: str, capacity: int, source: str) -> VisitSlot:
    return VisitSlot(**_slot_values(day, start, end, capacity, source))


def _instant(day: date, hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), clock.SHANGHAI).astimezone(UTC)


def get_slot(slot_id: str) -> VisitSlot:
    slot = db.session.get(VisitSlot, slot_id)
    if slot is None:
        raise NotFound("时段不存在", code="slot_not_found")
    return slot
