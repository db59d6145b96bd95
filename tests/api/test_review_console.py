"""What the console's review page needs of the API: filters and search on the queue, the pre-checks, the photos
of an application (and of no other), the inspection queue with its licence and vaccination."""
from datetime import date, timedelta

import pytest

from backend.core import clock
from tests.support import factories


def _second_owner(seq="456", **extra):
    return {"number": factories.id_number(seq=seq), "address": "回民区中山西路8号", "zone_code": "huimin-key", **extra}


def test_queue_filters_by_zone_date_and_searches_name_licence_and_id_tail(resident, staff, submitted):
    alice, bob = resident("alice"), resident("bob")
    with clock.travel_to(clock.now() - timedelta(days=3)):
        old = submitted(alice, dog_fields={"name": "旺财"})
    new = submitted(bob, dog_fields={"name": "小黑"}, owner_fields=_second_owner())
    reviewer = staff("reviewer")

    def ids(query):
        response = reviewer.get(f"/api/v1/staff/licence-applications?{query}")
        assert response.status_code == 200, response.get_json()
        return [item["id"] for item in response.get_json()]

    assert ids("zone_code=huimin-key") == [new]
    assert ids("zone_code=xincheng-key") == [old]
    today = clock.today()
    assert ids(f"submitted_from={today.isoformat()}") == [new]
    assert ids(f"submitted_to={(today - timedelta(days=1)).isoformat()}") == [old]
    assert ids("q=小") == [new]  # part of the dog's name
    bob_tail = factories.id_number(seq="456")[-4:]
    alice_tail = factories.id_number()[-4:]
    assert bob_tail != alice_tail
    assert ids(f"q={bob_tail}") == [new]  # the last digits of the ID number (stored encrypted; masked keeps them)
    assert ids(f"q={factories.id_number(seq='456')[6:14]}") == []  # the hidden middle is not searchable
    approved = reviewer.post(f"/api/v1/staff/licence-applications/{old}/approve").get_json()
    licence_no = alice.get(f"/api/v1/licences/{approved['licence_id']}").get_json()["licence_no"]
    assert ids(f"status=issued&q={licence_no.lower()}") == [old]
    assert ids("q=%25") == []  # LIKE wildcards are matched literally


def test_queue_refuses_bad_filters_in_chinese(staff):
    response = staff("reviewer").get("/api/v1/staff/licence-applications?submitted_from=yesterday")
    assert response.status_code == 422
    assert "query.submitted_from" in response.get_json()["error"]["details"]


def test_detail_shows_the_pre_checks_and_waiting_time(resident, staff, submitted):
    alice = resident("alice")
    with clock.travel_to(clock.now() - timedelta(hours=5)):
        application_id = submitted(alice, vaccination_fields={"days_ago": 360, "valid_days": 362})
    reviewer = staff("reviewer")
    detail = reviewer.get(f"/api/v1/staff/licence-applications/{application_id}").get_json()
    assert detail["waiting_seconds"] >= 5 * 3600 and detail["zone_name"]
    checks = {c["code"]: c for c in detail["checks"]}
    assert checks["vaccination_valid"]["passed"] is True
    assert checks["household_limit"]["passed"] is True and "已有0只" in checks["household_limit"]["detail"]
    assert checks["photos"]["detail"] == "1张"
    with clock.travel_to(clock.now() + timedelta(days=5)):  # the vaccination ran out while it waited
        later = reviewer.get(f"/api/v1/staff/licence-applications/{application_id}").get_json()
    assert {c["code"]: c["passed"] for c in later["checks"]}["vaccination_valid"] is False


def test_a_reviewer_reads_the_photos_of_the_application_and_no_other_upload(resident, staff, submitted):
    alice, bob = resident("alice"), resident("bob")
    application_id = submitted(alice)
    photo_id = alice.get(f"/api/v1/licence-applications/{application_id}").get_json()["dog"]["photo_upload_ids"][0]
    bobs_upload = bob.upload_photo()
    reviewer = staff("reviewer")
    photo = reviewer.get(f"/api/v1/staff/licence-applications/{application_id}/photos/{photo_id}")
    assert photo.status_code == 200 and photo.mimetype == "image/png" and photo.data.startswith(b"\x89PNG")
    other = reviewer.get(f"/api/v1/staff/licence-applications/{application_id}/photos/{bobs_upload}")
    assert other.status_code == 404
    assert staff("service").get(
        f"/api/v1/staff/licence-applications/{application_id}/photos/{photo_id}").status_code == 403


@pytest.mark.parametrize("config_overrides", [{"INSPECTION_REQUIRES_REVIEW": True}])
def test_inspection_queue_carries_licence_dog_and_vaccination(resident, staff, licensed, config_overrides):
    alice = resident("alice")
    licence = licensed(alice)
    with clock.travel_to(date.fromisoformat(licence["expires_on"]) - timedelta(days=3)):
        vaccination = factories.vaccination(days_ago=1, valid_days=3 * 365, certificate_no="HH-RV-2027")
        created = alice.post(f"/api/v1/licences/{licence['id']}/inspections", json={"vaccination": vaccination})
        assert created.status_code == 201, created.get_json()
        queue = staff("reviewer").get("/api/v1/staff/inspections").get_json()
    assert len(queue) == 1
    item = queue[0]
    assert item["licence_no"] == licence["licence_no"] and item["dog_name"] == "旺财"
    assert item["vaccination"]["certificate_no"] == "HH-RV-2027"
    assert "*" in item["owner_id_number"] and item["waiting_seconds"] >= 0
