"""Who booked an open-day slot, for the keeper at the gate and after: each booking's status (booked, checked in,
cancelled, no-show) and the visitor's no-shows in the hold-back window, so a repeat no-show stands out. Reads only.

Visitors are mini-program users, known by no name; the keeper sees the booking, never the person's data."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app

from backend.core import clock
from backend.core.database.extensions import db
from backend.shelter import open_days
from backend.shelter.models.adoption import VisitBooking, VisitSlot


@dataclass(frozen=True)
class SlotBooking:
    booking: VisitBooking
    recent_no_shows: int


def bookings_of_slot(slot_id: str) -> tuple[VisitSlot, list[SlotBooking]]:
    slot = open_days.get_slot(slot_id)
    bookings = list(db.session.scalars(db.select(VisitBooking).where(VisitBooking.slot_id == slot.id)
                                       .order_by(VisitBooking.created_at, VisitBooking.id)))
    since = clock.today() - timedelta(days=current_app.config["BOOKING_NO_SHOW_WINDOW_DAYS"])
    users = {b.user_id for b in bookings}
    no_shows = dict(db.session.execute(
        db.select(VisitBooking.user_id, db.func.count()).where(
            VisitBooking.user_id.in_(users), VisitBooking.status == "no_show", VisitBooking.day >= since)
        .group_by(VisitBooking.user_id)).all()) if users else {}
    return slot, [SlotBooking(b, no_shows.get(b.user_id, 0)) for b in bookings]
