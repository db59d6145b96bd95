"""The endpoints the console's shelter, open-day, adoption and dispatch pages added (issue 17): a dog's origin and
steps, captures taken in by the keeper, an adoption application with its eligibility re-read today, a slot's
bookings (never the full check-in code), closing a day cancels and tells its bookings, a report's duplicates. Each
endpoint is refused to the roles that do not work on it."""
from datetime import datetime, timedelta

from backend.core import clock
from tests.api.test_open_days_and_bookings import at, book, open_days
from tests.api.test_strays import CLOSE_BY, SPOT, report
from tests.support import shelter as sh


def code(response) -> str:
    return response.get_json()["error"]["code"]


def adopt_body(dog_id: str, **adopter) -> dict:
    return {"dog_id": dog_id, "adopter": sh.adopter(**adopter), "housing": "rented", "experience": "第一次养狗",
            "reason": "孩子很喜欢它"}


def test_a_dogs_history_tells_where_it_came_from_and_every_step_with_its_reason(staff, resident):
    alice = resident("alice")
    stray = report(alice, description="一只黄狗在小区门口").get_json()
    dispatcher, keeper = staff("dispatcher"), staff("shelter")
    dispatcher.post(f"/api/v1/staff/stray-reports/{stray['id']}/dispatch", json={"team": "赛罕一队"})
    keeper.post("/api/v1/staff/shelter/kennels", json={"code": "Q-001"})
    keeper.post("/api/v1/staff/shelter/kennels", json={"code": "Q-002"})
    intake = sh.intake_body([sh.staff_photo(keeper)], kennel_code="Q-001", quarantine_days=0)
    del intake["source"]
    taken = keeper.post(f"/api/v1/staff/shelter/arrivals/{stray['id']}/intake", json={"intakes": [intake]})
    assert taken.status_code == 200, taken.get_json()
    dog_id = taken.get_json()["shelter_dogs"][0]["id"]
    sh.vaccinate(keeper, dog_id)
    keeper.patch(f"/api/v1/staff/shelter/dogs/{dog_id}", json={"kennel_code": "Q-002"})
    keeper.post(f"/api/v1/staff/shelter/dogs/{dog_id}/status", json={"status": "available", "reason": "观察期满，健康"})

    history = keeper.get(f"/api/v1/staff/shelter/dogs/{dog_id}/history")
    assert history.status_code == 200, history.get_json()
    body = history.get_json()
    origin = body["origin"]
    assert origin["source"] == "stray_capture" and origin["surrendered"] is False
    assert origin["stray_report"]["id"] == stray["id"] and origin["stray_report"]["team"] == "赛罕一队"
    assert origin["stray_report"]["status"] == "captured"
    assert origin["stray_report"]["description"] == "一只黄狗在小区门口"
    steps = [(s["action"], s["to_status"]) for s in body["steps"]]
    assert steps == [("taken_in", "quarantine"), ("medical_entry", None), ("updated", None),
                     ("status_changed", "available")]
    assert body["steps"][0]["data"]["kennel"] == "Q-001" and body["steps"][2]["data"]["fields"] == ["kennel_code"]
    assert body["steps"][-1]["reason"] == "观察期满，健康"
    assert {s["actor_name"] for s in body["steps"]} == {keeper.username}  # the keeper's name, never an id

    assert staff("reviewer").get(f"/api/v1/staff/shelter/dogs/{dog_id}/history").status_code == 403
    assert keeper.get("/api/v1/staff/shelter/dogs/01JNOSUCHDOG0000000000000/history").status_code == 404


def test_the_keeper_takes_in_a_dispatched_capture_once_and_the_reporters_hear_it(staff, resident):
    alice, bob, carol = resident("alice"), resident("bob"), resident("carol")
    dispatched = report(alice).get_json()
    report(bob, CLOSE_BY)  # linked to alice's as a duplicate
    waiting = report(carol, {"lat": 40.80, "lng": 111.70, "address": "回民区通道街"}).get_json()
    dispatcher, keeper = staff("dispatcher"), staff("shelter")
    dispatcher.post(f"/api/v1/staff/stray-reports/{dispatched['id']}/dispatch", json={"team": "新城一队"})

    arrivals = keeper.get("/api/v1/staff/shelter/arrivals").get_json()
    assert [a["id"] for a in arrivals] == [dispatched["id"]]  # received, not dispatched: not yet on its way
    assert arrivals[0]["team"] == "新城一队" and arrivals[0]["linked_reports"] == 1

    intake = sh.intake_body([sh.staff_photo(keeper)], intake_place="")  # the report's place, by default
    del intake["source"]
    empty = keeper.post(f"/api/v1/staff/shelter/arrivals/{dispatched['id']}/intake", json={"intakes": []})
    assert empty.status_code == 422
    taken = keeper.post(f"/api/v1/staff/shelter/arrivals/{dispatched['id']}/intake",
                        json={"intakes": [intake], "note": "已送达留检所"})
    assert taken.status_code == 200, taken.get_json()
    assert taken.get_json()["report"]["status"] == "captured"
    dog = keeper.get(f"/api/v1/staff/shelter/dogs/{taken.get_json()['shelter_dogs'][0]['id']}").get_json()
    assert dog["source"] == "stray_capture" and dog["stray_report_id"] == dispatched["id"]
    assert dog["intake_place"] == "新华广场东门"
    assert keeper.get("/api/v1/staff/shelter/arrivals").get_json() == []
    for reporter in (alice, bob):  # the reporter and whoever's report was linked to it
        kinds = [n["kind"] for n in reporter.get("/api/v1/notifications").get_json()]
        assert any(kind.startswith("stray_") and "captured" in kind for kind in kinds), kinds

    again = keeper.post(f"/api/v1/staff/shelter/arrivals/{dispatched['id']}/intake", json={"intakes": [intake]})
    assert again.status_code == 409 and code(again) == "stray_status_conflict"
    # Only the keeper's role takes dogs in this way; the dispatcher resolves through the dispatch endpoints
    for other in ("dispatcher", "reviewer", "service"):
        refused = staff(other).post(f"/api/v1/staff/shelter/arrivals/{waiting['id']}/intake",
                                    json={"intakes": [intake]})
        assert refused.status_code == 403, other
    assert resident("carol").get("/api/v1/staff/shelter/arrivals").status_code == 401


def test_an_adoption_application_shows_the_answers_and_the_rules_as_they_stand_today(staff, resident):
    keeper = staff("shelter")
    dog = sh.adoptable(keeper)
    first = resident("alice").post("/api/v1/adoption/applications", json=adopt_body(dog["id"])).get_json()
    second = resident("bob").post("/api/v1/adoption/applications",
                                  json=adopt_body(dog["id"], name="王五", address="赛罕区大学东街9号")).get_json()

    detail = keeper.get(f"/api/v1/staff/adoption/applications/{second['id']}")
    assert detail.status_code == 200, detail.get_json()
    body = detail.get_json()
    assert body["experience"] == "第一次养狗" and body["reason"] == "孩子很喜欢它" and body["housing"] == "rented"
    assert body["dog"]["id"] == dog["id"] and body["dog"]["medical"][0]["kind"] == "rabies_vaccination"
    assert "*" in body["adopter"]["phone"] and "13" not in body["adopter"]["address"]  # masked for staff
    checks = {c["code"]: c for c in body["eligibility"]}
    assert all(c["passed"] for c in checks.values()), body["eligibility"]
    assert checks["other_applications"]["detail"] == "1份"
    assert [h["action"] for h in body["history"]] == ["submitted"]

    keeper.post(f"/api/v1/staff/adoption/applications/{first['id']}/approve", json={})
    checks = {c["code"]: c for c in keeper.get(f"/api/v1/staff/adoption/applications/{second['id']}")
              .get_json()["eligibility"]}
    assert checks["dog_available"]["passed"] is False and checks["dog_available"]["detail"] == "犬只当前为已预定"
    approved = {c["code"]: c for c in keeper.get(f"/api/v1/staff/adoption/applications/{first['id']}")
                .get_json()["eligibility"]}
    assert approved["dog_available"]["passed"] and approved["rabies_vaccination"]["passed"]
    assert approved["dog_photo"]["passed"]

    assert staff("reviewer").get(f"/api/v1/staff/adoption/applications/{first['id']}").status_code == 403
    assert keeper.get("/api/v1/staff/adoption/applications/01JNOSUCHAPP00000000000000").status_code == 404


def test_a_slot_lists_its_bookings_without_the_full_checkin_codes(client, staff, resident):
    with at(8):  # Tuesday 2026-12-08, an open day of the rule
        keeper = staff("shelter")
        slot = open_days(client, "2026-12-08", "2026-12-10")["2026-12-10"]["slots"][0]
        alice = book(resident("alice"), slot["id"]).get_json()
        bob = book(resident("bob"), slot["id"]).get_json()
        resident("bob").delete(f"/api/v1/adoption/bookings/{bob['id']}")
    with at(10, 9, 45):
        keeper.post("/api/v1/staff/adoption/checkins", json={"checkin_code": alice["checkin_code"]})
        listed = keeper.get(f"/api/v1/staff/adoption/slots/{slot['id']}/bookings")
    assert listed.status_code == 200, listed.get_json()
    body = listed.get_json()
    assert body["date"] == "2026-12-10" and body["slot"]["capacity"] == slot["capacity"]
    assert [(b["id"], b["status"]) for b in body["bookings"]] == [(alice["id"], "checked_in"),
                                                                   (bob["id"], "cancelled")]
    assert body["bookings"][0]["checkin_code_tail"] == alice["checkin_code"][-4:]
    assert alice["checkin_code"] not in listed.get_data(as_text=True)  # the code stays the visitor's credential
    assert body["bookings"][0]["recent_no_shows"] == 0 and body["bookings"][0]["visitor"].startswith("访客…")
    assert staff("dispatcher").get(f"/api/v1/staff/adoption/slots/{slot['id']}/bookings").status_code == 403
    assert keeper.get("/api/v1/staff/adoption/slots/01JNOSUCHSLOT0000000000000/bookings").status_code == 404


def test_closing_a_day_cancels_its_bookings_gives_the_places_back_and_tells_the_visitors(client, staff, resident):
    with at(8):
        keeper = staff("shelter")
        slot = open_days(client, "2026-12-08", "2026-12-10")["2026-12-10"]["slots"][0]
        alice = resident("alice")
        booking = book(alice, slot["id"]).get_json()
        closed = keeper.post("/api/v1/staff/adoption/closures", json={"date": "2026-12-10", "reason": "设备检修"})
        assert closed.status_code == 201 and closed.get_json()["cancelled_bookings"] == 1
        mine = alice.get("/api/v1/adoption/bookings").get_json()
        assert [(b["id"], b["status"]) for b in mine] == [(booking["id"], "cancelled")]
        after = open_days(client, "2026-12-08", "2026-12-10")["2026-12-10"]
        assert after["closed"] and after["slots"][0]["remaining"] == slot["capacity"]
        notice = alice.get("/api/v1/notifications").get_json()[0]
        assert notice["kind"] == "booking_day_closed" and "设备检修" in notice["body"]
    # After the day a cancelled booking is not a no-show (which would count against Alice)
    with clock.travel_to(datetime(2026, 12, 11, 10, 0, tzinfo=clock.SHANGHAI)):
        from backend.shelter import bookings

        with keeper.client.application.app_context():
            bookings.mark_no_shows()
        assert alice.get("/api/v1/adoption/bookings").get_json()[0]["status"] == "cancelled"


def test_a_reports_duplicates_are_listed_for_the_dispatcher_only(staff, resident):
    first = report(resident("alice")).get_json()
    second = report(resident("bob"), CLOSE_BY, injured=True).get_json()
    later = clock.now() + timedelta(minutes=5)
    with clock.travel_to(later):
        third = report(resident("carol"), SPOT).get_json()
    dispatcher = staff("dispatcher")
    linked = dispatcher.get(f"/api/v1/staff/stray-reports/{first['id']}/linked")
    assert linked.status_code == 200, linked.get_json()
    assert [r["id"] for r in linked.get_json()["linked"]] == [second["id"], third["id"]]
    assert linked.get_json()["linked"][0]["injured"] is True
    assert dispatcher.get(f"/api/v1/staff/stray-reports/{second['id']}/linked").get_json()["linked"] == []
    assert staff("shelter").get(f"/api/v1/staff/stray-reports/{first['id']}/linked").status_code == 403
    assert dispatcher.get("/api/v1/staff/stray-reports/01JNOSUCHREPORT00000000000/linked").status_code == 404


def test_closed_days_are_listed_before_their_slots_are_made(staff):
    with clock.travel_to(datetime(2026, 9, 20, 10, 0, tzinfo=clock.SHANGHAI)):
        keeper = staff("shelter")
        # Three weeks ahead: beyond the seven days of booking, so no slots exist for it yet
        keeper.post("/api/v1/staff/adoption/closures", json={"date": "2026-10-13", "reason": "全所消杀"})
        closed = keeper.get("/api/v1/staff/adoption/closures?from=2026-09-28&to=2026-10-14")
        assert closed.status_code == 200, closed.get_json()
        days = {d["date"]: d for d in closed.get_json()}
    assert days["2026-10-13"] == {"date": "2026-10-13", "reason": "全所消杀", "manual": True}
    assert days["2026-10-01"]["manual"] is False and "国庆节" in days["2026-10-01"]["reason"]
    assert "2026-09-29" not in days
    assert staff("reviewer").get("/api/v1/staff/adoption/closures").status_code == 403
