"""Stray reports: duplicates linked, the dispatch queue, capture straight into the shelter, the reporter told at
each step, volunteers' counts, and hotspots."""
from datetime import timedelta

import pytest

from backend.core import clock
from tests.support import shelter as shelter_support

SPOT = {"lat": 40.842, "lng": 111.749, "address": "新华广场东门"}
CLOSE_BY = {"lat": 40.8428, "lng": 111.7495, "address": "新华广场北侧"}  # ~100 m away
ELSEWHERE = {"lat": 40.80, "lng": 111.70, "address": "回民区通道街"}


def report(who, location=SPOT, **fields):
    body = {"location": location, "count": 2, "description": "两只黄狗在翻垃圾桶", "photo_upload_ids": [], **fields}
    return who.post("/api/v1/stray-reports", json=body)


def notice_statuses(who) -> list[str]:
    return [n["kind"] for n in who.get("/api/v1/notifications").get_json()]


def test_a_report_is_received_and_a_nearby_one_is_linked_as_a_duplicate(resident, staff):
    alice, bob, carol = resident("alice"), resident("bob"), resident("carol")
    first = report(alice)
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["status"] == "received"
    second = report(bob, CLOSE_BY, injured=True).get_json()
    assert second["status"] == "duplicate" and second["duplicate_of"] == first.get_json()["id"]
    third = report(carol, ELSEWHERE).get_json()
    assert third["status"] == "received"
    dispatcher = staff("dispatcher")
    queue = dispatcher.get("/api/v1/staff/stray-reports").get_json()
    assert [r["id"] for r in queue] == [first.get_json()["id"], third["id"]]  # the injured one first
    assert queue[0]["injured"] is True and queue[0]["linked_reports"] == 1


def test_an_old_report_nearby_is_not_a_duplicate(resident):
    first = report(resident("alice")).get_json()
    with clock.travel_to(clock.now() + timedelta(hours=7)):
        later = report(resident("bob"), CLOSE_BY).get_json()
    assert later["status"] == "received" and later["duplicate_of"] is None
    assert first["status"] == "received"


def test_dispatch_and_capture_into_the_shelter_tell_every_reporter(resident, staff):
    alice, bob = resident("alice"), resident("bob")
    first = report(alice).get_json()
    report(bob, CLOSE_BY)
    dispatcher = staff("dispatcher")
    dispatched = dispatcher.post(f"/api/v1/staff/stray-reports/{first['id']}/dispatch", json={"team": "赛罕一队"})
    assert dispatched.status_code == 200 and dispatched.get_json()["status"] == "dispatched"
    assert "stray_dispatched" in notice_statuses(alice)
    keeper = staff("shelter")
    photo = shelter_support.staff_photo(keeper)
    intake = shelter_support.intake_body([photo])
    del intake["source"]
    resolved = dispatcher.post(f"/api/v1/staff/stray-reports/{first['id']}/resolve",
                               json={"outcome": "captured", "intakes": [intake, {**intake, "name": "小黑"}]})
    assert resolved.status_code == 200, resolved.get_json()
    body = resolved.get_json()
    assert body["report"]["status"] == "captured" and body["report"]["captured_count"] == 2
    assert len(body["shelter_dogs"]) == 2
    dog = keeper.get(f"/api/v1/staff/shelter/dogs/{body['shelter_dogs'][0]['id']}").get_json()
    assert dog["source"] == "stray_capture" and dog["stray_report_id"] == first["id"]
    assert "stray_captured" in notice_statuses(alice)
    assert "stray_original_captured" in notice_statuses(bob)
    assert alice.get("/api/v1/stray-reports/stats").get_json() == {
        "reports": 1, "open": 0, "led_to_capture": 1, "dogs_captured": 2}
    assert bob.get("/api/v1/stray-reports/stats").get_json()["led_to_capture"] == 1


def test_status_moves_follow_the_rules(resident, staff):
    first = report(resident("alice")).get_json()
    dispatcher = staff("dispatcher")
    url = f"/api/v1/staff/stray-reports/{first['id']}"
    assert dispatcher.post(f"{url}/resolve", json={"outcome": "not_found"}).status_code == 200
    again = dispatcher.post(f"{url}/dispatch", json={"team": "一队"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "stray_status_conflict"
    intake = dispatcher.post(f"{url}/resolve", json={"outcome": "not_found", "intakes": [{}]})
    assert intake.status_code == 422
    assert dispatcher.post("/api/v1/staff/stray-reports/nosuch/dispatch", json={"team": "一队"}).status_code == 404


def test_staff_mark_a_duplicate_by_hand(resident, staff):
    first = report(resident("alice")).get_json()
    other = report(resident("bob"), ELSEWHERE).get_json()
    dispatcher = staff("dispatcher")
    response = dispatcher.post(f"/api/v1/staff/stray-reports/{other['id']}/resolve",
                               json={"outcome": "duplicate", "duplicate_of": first["id"]})
    assert response.status_code == 200
    assert response.get_json()["report"]["duplicate_of"] == first["id"]
    self_link = dispatcher.post(f"/api/v1/staff/stray-reports/{first['id']}/resolve",
                                json={"outcome": "duplicate", "duplicate_of": first["id"]})
    assert self_link.status_code == 422


def test_only_dispatchers_work_the_queue_and_reporters_see_only_their_own(resident, staff):
    alice_report = report(resident("alice")).get_json()
    assert staff("reviewer").get("/api/v1/staff/stray-reports").status_code == 403
    assert resident("bob").get(f"/api/v1/stray-reports/{alice_report['id']}").status_code == 404
    assert resident("bob").get("/api/v1/stray-reports").get_json() == []
    assert [r["id"] for r in resident("alice").get("/api/v1/stray-reports").get_json()] == [alice_report["id"]]


@pytest.mark.parametrize("body, field", [
    ({"location": {"lat": -91, "lng": 111}}, "location.lat"),
    ({"count": 0}, "count"),
    ({"description": "长" * 1001}, "description"),
    ({"photo_upload_ids": ["nosuchupload"]}, "photo_upload_ids"),
])
def test_bad_reports_are_refused_and_nothing_is_stored(resident, body, field):
    alice = resident("alice")
    response = report(alice, **body) if "location" not in body else alice.post(
        "/api/v1/stray-reports", json={"count": 1, "description": "一只黑狗", **body})
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["details"]
    assert alice.get("/api/v1/stray-reports").get_json() == []


def test_a_file_that_is_not_an_image_is_refused(client, resident):
    import io

    alice = resident("alice")
    response = client.post("/api/v1/uploads", headers={"Authorization": f"Bearer {alice.token}"},
                           data={"file": (io.BytesIO(b"%PDF-1.4 not a picture"), "dog.png")},
                           content_type="multipart/form-data")
    assert response.status_code in (415, 422) and response.get_json()["error"]["code"] == "file_not_image"


def test_risky_text_is_refused(resident):
    alice = resident("alice")
    response = report(alice, description="这里有人赌博")
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "content_risky"
    assert alice.get("/api/v1/stray-reports").get_json() == []


@pytest.mark.parametrize("config_overrides", [{"SERVICE_AREA": (40.5, 111.3, 41.2, 112.2)}])
def test_places_outside_the_service_area_are_refused(resident, config_overrides):
    response = report(resident("alice"), {"lat": 39.9, "lng": 116.4, "address": "北京"})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "location_out_of_area"


def test_hotspots_count_reports_and_captures_per_cell_and_district(resident, staff):
    dispatcher = staff("dispatcher")
    first = report(resident("alice")).get_json()
    report(resident("bob"), CLOSE_BY)  # a duplicate: a report, not a new incident
    report(resident("carol"), ELSEWHERE, district="回民区")
    dispatcher.post(f"/api/v1/staff/stray-reports/{first['id']}/resolve",
                    json={"outcome": "captured", "captured_count": 2})
    result = dispatcher.get("/api/v1/staff/stray-hotspots?cell_m=1000").get_json()
    assert result["totals"] == {"reports": 3, "incidents": 2, "captures": 1, "dogs_captured": 2}
    top = result["cells"][0]
    assert (top["reports"], top["incidents"], top["captures"]) == (2, 1, 1)
    assert abs(top["lat"] - 40.842) < 0.01 and abs(top["lng"] - 111.749) < 0.02
    districts = {d["district"]: d["reports"] for d in result["districts"]}
    assert districts["回民区"] == 1 and sum(districts.values()) == 3
    last_year = dispatcher.get("/api/v1/staff/stray-hotspots?from=2025-01-01&to=2025-01-31").get_json()
    assert last_year["cells"] == [] and last_year["totals"]["reports"] == 0
    bad = dispatcher.get("/api/v1/staff/stray-hotspots?from=2026-02-01&to=2026-01-01")
    assert bad.status_code == 422
