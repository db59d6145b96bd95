"""An open-day booking rush on MariaDB: the places are taken by the database (one conditional UPDATE), so however
many people press the button at once, a slot never holds more than its capacity and one person never holds two
places on one day."""
from datetime import timedelta

import pytest

from tests.conftest import Api
from tests.support.parallel import in_parallel


@pytest.fixture
def database(mariadb_database):
    return mariadb_database


pytestmark = pytest.mark.services




def _bookable_day(app):
    """A day whose booking is open now (1–6 days ahead, inside book_days_ahead) and that no holiday closes."""
    from backend.core import clock
    from backend.shelter import open_days

    with app.app_context():
        for ahead in range(1, 7):
            day = clock.today() + timedelta(days=ahead)
            if open_days.closure_reason(day) is None:
                return day
    raise AssertionError("no open day in the next six days")


def _open_day(app, keeper, slots: list[dict]) -> list[dict]:
    response = keeper.post("/api/v1/staff/adoption/open-days",
                           json={"date": _bookable_day(app).isoformat(), "slots": slots})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _book(app, token: str, slot_id: str) -> tuple[int, str | None]:
    response = Api(app.test_client(), token).post("/api/v1/adoption/bookings", json={"slot_id": slot_id})
    body = response.get_json(silent=True) or {}
    return response.status_code, (body.get("error") or {}).get("code")


def _counts(app, slot_ids: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Each slot's `booked` column, and the live bookings actually stored for it."""
    from backend.core.database.extensions import db
    from backend.shelter.models.adoption import VisitBooking, VisitSlot

    with app.app_context():
        booked = {slot_id: count for slot_id, count in db.session.execute(
            db.select(VisitSlot.id, VisitSlot.booked).where(VisitSlot.id.in_(slot_ids)))}
        live = {slot_id: count for slot_id, count in db.session.execute(
            db.select(VisitBooking.slot_id, db.func.count()).where(
                VisitBooking.slot_id.in_(slot_ids), VisitBooking.live.is_(True), VisitBooking.status == "booked")
            .group_by(VisitBooking.slot_id))}
        db.session.remove()
    return booked, {slot_id: live.get(slot_id, 0) for slot_id in slot_ids}


def test_two_hundred_people_rushing_twenty_places_get_exactly_twenty(app, resident, staff):
    (slot,) = _open_day(app, staff("shelter"), [{"start": "10:00", "end": "11:30", "capacity": 20}])
    tokens = [resident(f"rusher{i}").token for i in range(200)]  # logging in is slow: done before the barrier

    results = in_parallel([lambda t=t: _book(app, t, slot["id"]) for t in tokens])

    codes = [code for code, _ in results]
    assert not [r for r in results if r[0] >= 500], [r for r in results if r[0] >= 500]
    assert codes.count(201) == 20, sorted(set(results))
    assert sorted(results).count((409, "slot_full")) == 180, sorted(set(results))
    booked, live = _counts(app, [slot["id"]])
    assert booked == {slot["id"]: 20}
    assert live == {slot["id"]: 20}


def test_one_person_booking_ten_slots_of_one_day_at_once_gets_one(app, resident, staff):
    slots = _open_day(app, staff("shelter"), [{"start": f"{9 + i:02d}:00", "end": f"{9 + i:02d}:45", "capacity": 5}
                                              for i in range(10)])
    alice = resident("alice")

    results = in_parallel([lambda s=s: _book(app, alice.token, s["id"]) for s in slots])

    assert sorted(results) == [(201, None)] + [(409, "already_booked")] * 9, results
    booked, live = _counts(app, [s["id"] for s in slots])
    assert sum(booked.values()) == 1, booked
    assert booked == live
