"""Open days and visit bookings: the weekly rule, holiday and manual closures, when booking opens, one booking per
person per day, full slots, the cancellation cut-off, the gate check-in (once), no-shows and the hold-back, and the
reminder the day before. Time is moved with clock.travel_to; the rule's days are Tuesday, Thursday and Sunday."""
from datetime import datetime

import pytest

from backend.core import clock

MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=clock.SHANGHAI)


def at(day: int, hour: int = 10, minute: int = 0):
    return clock.travel_to(datetime(2026, 12, day, hour, minute, tzinfo=clock.SHANGHAI))


def open_days(client, start: str, end: str) -> dict:
    response = client.get(f"/api/v1/adoption/open-days?from={start}&to={end}")
    assert response.status_code == 200, response.get_json()
    return {d["date"]: d for d in response.get_json()}


def book(who, slot_id: str):
    return who.post("/api/v1/adoption/bookings", json={"slot_id": slot_id})


def code(response) -> str:
    return response.get_json()["error"]["code"]


def test_the_weekly_rule_lists_tuesday_thursday_and_sunday_with_slots(client):
    with at(8, 12, 0):  # Tuesday noon: the morning slot has begun, the afternoon one can still be booked
        today = open_days(client, "2026-12-08", "2026-12-08")["2026-12-08"]
        assert [s["bookable"] for s in today["slots"]] == [False, True]
    with at(7):
        days = open_days(client, "2026-12-07", "2026-12-20")
    # booking opens 7 days ahead, so the rule's days are listed up to 14 December
    assert list(days) == ["2026-12-08", "2026-12-10", "2026-12-13"]
    tuesday = days["2026-12-08"]
    assert not tuesday["closed"] and tuesday["booking_opens_at"] == "2026-12-01T09:00:00+08:00"
    assert [(s["starts_at"][11:16], s["capacity"], s["remaining"], s["bookable"]) for s in tuesday["slots"]] == [
        ("09:30", 20, 20, True), ("14:00", 20, 20, True)]


def test_public_holidays_close_from_the_holiday_calendar(client, resident):
    with clock.travel_to(datetime(2026, 9, 28, 10, 0, tzinfo=clock.SHANGHAI)):
        days = open_days(client, "2026-09-28", "2026-10-05")
        assert not days["2026-09-29"]["closed"]
        assert days["2026-10-01"]["closed"] and "国庆节" in days["2026-10-01"]["closed_reason"]
        assert not any(slot["bookable"] for slot in days["2026-10-01"]["slots"])
        refused = book(resident("alice"), days["2026-10-01"]["slots"][0]["id"])
    assert refused.status_code == 409 and code(refused) == "day_closed"


def test_staff_may_open_a_holiday_on_purpose(client, staff, resident):
    with clock.travel_to(datetime(2026, 9, 28, 10, 0, tzinfo=clock.SHANGHAI)):
        keeper = staff("shelter")
        [slot] = keeper.post("/api/v1/staff/adoption/open-days", json={
            "date": "2026-10-02", "slots": [{"start": "10:00", "end": "12:00", "capacity": 30}]}).get_json()
        assert not open_days(client, "2026-10-02", "2026-10-02")["2026-10-02"]["closed"]
        assert book(resident("alice"), slot["id"]).status_code == 201


def test_manual_closures_and_extra_open_days(client, staff, resident):
    with at(7):
        keeper = staff("shelter")
        closed = keeper.post("/api/v1/staff/adoption/closures", json={"date": "2026-12-10", "reason": "设备检修"})
        assert closed.status_code == 201
        assert keeper.post("/api/v1/staff/adoption/closures",
                           json={"date": "2026-12-10", "reason": "x"}).status_code == 409
        extra = keeper.post("/api/v1/staff/adoption/open-days", json={
            "date": "2026-12-12", "slots": [{"start": "10:00", "end": "11:00", "capacity": 5}]})
        assert extra.status_code == 201
        days = open_days(client, "2026-12-07", "2026-12-14")
        assert days["2026-12-10"]["closed_reason"] == "设备检修"
        assert days["2026-12-12"]["slots"][0]["capacity"] == 5
        assert code(book(resident("alice"), days["2026-12-10"]["slots"][0]["id"])) == "day_closed"
        overlapping = keeper.post("/api/v1/staff/adoption/open-days", json={
            "date": "2026-12-12", "slots": [{"start": "10:00", "end": "11:00", "capacity": 5},
                                            {"start": "10:30", "end": "12:00", "capacity": 5}]})
        assert overlapping.status_code == 422


def test_staff_edit_the_weekly_rule(client, staff):
    with at(7):
        keeper = staff("shelter")
        changed = keeper.put("/api/v1/staff/adoption/open-day-rule", json={
            "weekdays": [6], "slots": [{"start": "10:00", "end": "12:00", "capacity": 8}],
            "book_days_ahead": 6, "book_opens_hour": 8})
        assert changed.status_code == 200 and changed.get_json()["weekdays"] == [6]
        days = open_days(client, "2026-12-07", "2026-12-20")
        assert list(days) == ["2026-12-12"] and days["2026-12-12"]["slots"][0]["capacity"] == 8
        assert keeper.put("/api/v1/staff/adoption/open-day-rule", json={
            "weekdays": [8], "slots": [], "book_days_ahead": 0, "book_opens_hour": 30}).status_code == 422


def test_booking_gives_a_checkin_code_and_qr_and_one_booking_per_day(client, resident, sent):
    with at(7):
        days = open_days(client, "2026-12-07", "2026-12-14")
        alice = resident("alice")
        morning, afternoon = days["2026-12-08"]["slots"]
        made = book(alice, morning["id"])
        assert made.status_code == 201
        booking = made.get_json()
        assert booking["status"] == "booked" and len(booking["checkin_code"]) == 10
        assert booking["slot"]["remaining"] == 19
        png = alice.get(booking["qrcode_url"])
        assert png.status_code == 200 and png.data[:4] == b"\x89PNG"
        second = book(alice, afternoon["id"])
        assert second.status_code == 409 and code(second) == "already_booked"
        assert book(alice, days["2026-12-10"]["slots"][0]["id"]).status_code == 201  # another day is fine
        assert [b["date"] for b in alice.get("/api/v1/adoption/bookings").get_json()] == ["2026-12-10", "2026-12-08"]
        notices = alice.get("/api/v1/notifications").get_json()
        assert notices[-1]["kind"] == "booking_confirmed" and booking["checkin_code"] in notices[-1]["body"]
        # nobody else sees it
        assert resident("bob").delete(f"/api/v1/adoption/bookings/{booking['id']}").status_code == 404


def test_a_full_slot_refuses_with_slot_full(client, staff, resident):
    with at(7):
        keeper = staff("shelter")
        [slot] = keeper.post("/api/v1/staff/adoption/open-days", json={
            "date": "2026-12-09", "slots": [{"start": "10:00", "end": "11:00", "capacity": 1}]}).get_json()
        assert book(resident("alice"), slot["id"]).status_code == 201
        full = book(resident("bob"), slot["id"])
        assert full.status_code == 409 and code(full) == "slot_full"
        listed = open_days(client, "2026-12-09", "2026-12-09")["2026-12-09"]["slots"][0]
        assert (listed["remaining"], listed["bookable"]) == (0, False)


def test_booking_before_it_opens_is_refused(client, resident):
    with at(8, 8, 0):  # Tuesday 15 December opens today at 09:00
        days = open_days(client, "2026-12-08", "2026-12-15")
        assert not days["2026-12-15"]["slots"][0]["bookable"]
        early = book(resident("alice"), days["2026-12-15"]["slots"][0]["id"])
        assert early.status_code == 409 and code(early) == "booking_not_open"
        assert early.get_json()["error"]["details"]["opens_at"] == "2026-12-08T09:00:00+08:00"
    with at(8, 9, 1):
        assert book(resident("alice"), days["2026-12-15"]["slots"][0]["id"]).status_code == 201


def test_cancel_up_to_the_cut_off_and_the_place_comes_back(client, resident):
    with at(7):
        days = open_days(client, "2026-12-07", "2026-12-14")
        alice = resident("alice")
        first = book(alice, days["2026-12-08"]["slots"][0]["id"]).get_json()
        cancelled = alice.delete(f"/api/v1/adoption/bookings/{first['id']}")
        assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
        assert cancelled.get_json()["slot"]["remaining"] == 20
        again = book(alice, days["2026-12-08"]["slots"][0]["id"]).get_json()  # the day is free again
    with at(8, 8, 0):  # 09:30 slot, cut-off two hours before
        late = alice.delete(f"/api/v1/adoption/bookings/{again['id']}")
    assert late.status_code == 409 and code(late) == "cancel_cutoff_passed"


def test_the_gate_checks_a_code_in_once_and_only_on_its_day(client, resident, staff):
    with at(7):
        days = open_days(client, "2026-12-07", "2026-12-14")
        alice = resident("alice")
        tuesday = book(alice, days["2026-12-08"]["slots"][0]["id"]).get_json()
        thursday = book(alice, days["2026-12-10"]["slots"][0]["id"]).get_json()
    with at(8, 9, 35):
        gate = staff("shelter")
        done = gate.post("/api/v1/staff/adoption/checkins", json={"checkin_code": tuesday["checkin_code"]})
        assert done.status_code == 200 and done.get_json()["status"] == "checked_in"
        twice = gate.post("/api/v1/staff/adoption/checkins", json={"checkin_code": tuesday["checkin_code"]})
        assert twice.status_code == 409 and code(twice) == "already_checked_in"
        wrong_day = gate.post("/api/v1/staff/adoption/checkins", json={"checkin_code": thursday["checkin_code"]})
        assert wrong_day.status_code == 409 and code(wrong_day) == "checkin_wrong_day"
        unknown = gate.post("/api/v1/staff/adoption/checkins", json={"checkin_code": "ZZZZZZZZZZ"})
        assert unknown.status_code == 404 and code(unknown) == "checkin_code_invalid"
        assert staff("reviewer").post("/api/v1/staff/adoption/checkins",
                                      json={"checkin_code": thursday["checkin_code"]}).status_code == 403


@pytest.fixture
def config_overrides():
    return {"BOOKING_NO_SHOW_LIMIT": 2, "BOOKING_NO_SHOW_HOLD_DAYS": 30}


def test_repeated_no_shows_hold_a_person_back(client, resident, app):
    from backend.shelter.bookings import mark_no_shows

    with at(7):
        days = open_days(client, "2026-12-07", "2026-12-14")
        alice = resident("alice")
        book(alice, days["2026-12-08"]["slots"][0]["id"])
        book(alice, days["2026-12-10"]["slots"][0]["id"])
    with at(11), app.app_context():
        assert mark_no_shows() == 2
        assert mark_no_shows() == 0
    with at(11):
        statuses = [b["status"] for b in alice.get("/api/v1/adoption/bookings").get_json()]
        assert statuses == ["no_show", "no_show"]
        held = book(alice, days["2026-12-13"]["slots"][0]["id"])
        assert held.status_code == 409 and code(held) == "booking_suspended"
        assert held.get_json()["error"]["details"]["until"] == "2027-01-09"
        assert book(resident("bob"), days["2026-12-13"]["slots"][0]["id"]).status_code == 201


def test_a_reminder_the_day_before_once(client, resident, app):
    from backend.shelter.bookings import send_reminders

    with at(7):
        days = open_days(client, "2026-12-07", "2026-12-14")
        alice = resident("alice")
        book(alice, days["2026-12-08"]["slots"][0]["id"])
        book(resident("bob"), days["2026-12-10"]["slots"][0]["id"])
        with app.app_context():
            assert send_reminders() == 1
            assert send_reminders() == 0
        assert alice.get("/api/v1/notifications").get_json()[0]["kind"] == "booking_reminder"


def test_bad_booking_input(client, resident):
    alice = resident("alice")
    assert alice.post("/api/v1/adoption/bookings", json={}).status_code == 422
    unknown = alice.post("/api/v1/adoption/bookings", json={"slot_id": "01NOSUCHSLOT"})
    assert unknown.status_code == 404 and code(unknown) == "slot_not_found"
    assert client.get("/api/v1/adoption/open-days?from=2026-12-10&to=2026-12-01").status_code == 422
    assert client.get("/api/v1/adoption/open-days?from=nonsense").status_code == 422
    assert client.post("/api/v1/adoption/bookings", json={"slot_id": "x"}).status_code == 401
