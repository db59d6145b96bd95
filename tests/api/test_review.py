"""Staff review: the queue, approval (issuing the licence), rejection, and resubmission in rounds."""
import re
from datetime import date, timedelta

from backend.core import clock
from tests.support import factories


def test_queue_is_oldest_first_with_waiting_time(resident, staff, submitted):
    alice, bob = resident("alice"), resident("bob")
    with clock.travel_to(clock.now() - timedelta(days=3, hours=2)):
        older = submitted(alice)
    newer = submitted(bob, owner_fields={"number": factories.id_number(seq="456"), "address": "回民区中山西路8号",
                                         "zone_code": "huimin-key"})
    queue = staff("reviewer").get("/api/v1/staff/licence-applications?status=pending_review")
    assert queue.headers["X-Total-Count"] == "2"
    items = queue.get_json()
    assert [i["id"] for i in items] == [older, newer]
    assert items[0]["waiting"].startswith("3天2小时") and items[0]["waiting_seconds"] >= 3 * 86400
    assert "*" in items[0]["owner_id_number"]


def test_approval_issues_the_licence(resident, staff, submitted):
    alice = resident("alice")
    application_id = submitted(alice, vaccination_fields={"days_ago": 10, "valid_days": 200})
    approved = staff("reviewer").post(f"/api/v1/staff/licence-applications/{application_id}/approve")
    assert approved.status_code == 200 and approved.get_json()["status"] == "issued"
    licence = alice.get(f"/api/v1/licences/{approved.get_json()['licence_id']}").get_json()
    assert re.fullmatch(rf"DP-{clock.today().year}-\d{{6}}", licence["licence_no"])
    assert licence["issued_on"] == clock.today().isoformat()
    vaccine_end = clock.today() - timedelta(days=10) + timedelta(days=200)
    assert licence["expires_on"] == vaccine_end.isoformat()  # capped by the vaccination, not a full year
    assert licence["tag_url"].startswith("https://dogpass.example.cn/t/") and len(licence["tag_url"]) > 45
    detail = alice.get(f"/api/v1/licence-applications/{application_id}").get_json()
    assert detail["status"] == "issued" and detail["licence_id"] == licence["id"]
    assert [(h["action"], h["by"]) for h in detail["history"]] == [("submitted", "resident"), ("approved", "staff")]


def test_a_full_year_when_the_vaccination_lasts_longer(resident, licensed):
    licence = licensed(resident("alice"), vaccination_fields={"days_ago": 1, "valid_days": 3 * 365})
    issued = date.fromisoformat(licence["issued_on"])
    assert licence["expires_on"] == (issued.replace(year=issued.year + 1) - timedelta(days=1)).isoformat()


def test_licence_numbers_are_unique_and_sequential(resident, licensed):
    first = licensed(resident("alice"))
    second = licensed(resident("bob"), owner_fields={"number": factories.id_number(seq="456"),
                                                     "address": "回民区中山西路8号", "zone_code": "huimin-key"})
    assert int(second["licence_no"][-6:]) == int(first["licence_no"][-6:]) + 1


def test_reject_with_a_listed_reason_and_free_text(resident, staff, submitted):
    alice, reviewer = resident("alice"), staff("reviewer")
    reasons = reviewer.get("/api/v1/staff/reject-reasons").get_json()
    assert {"code": "photo_unclear", "text": "犬只照片不清晰，无法辨认犬只特征"} in reasons
    application_id = submitted(alice)
    rejected = reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/reject",
                             json={"reason_code": "photo_unclear", "reason": "请上传正面全身照"})
    assert rejected.status_code == 200
    detail = alice.get(f"/api/v1/licence-applications/{application_id}").get_json()
    assert detail["status"] == "rejected"
    assert detail["reject_reason"] == "犬只照片不清晰，无法辨认犬只特征：请上传正面全身照"


def test_reject_needs_a_reason_and_a_known_code(resident, staff, submitted):
    application_id, reviewer = submitted(resident("alice")), staff("reviewer")
    empty = reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/reject", json={})
    assert empty.status_code == 422
    unknown = reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/reject",
                            json={"reason_code": "looks_grumpy"})
    assert unknown.status_code == 422 and unknown.get_json()["error"]["code"] == "unknown_reject_reason"
    free_text = reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/reject",
                              json={"reason": "住址与证件不符"})
    assert free_text.status_code == 200


def test_decided_applications_cannot_be_decided_again(resident, staff, submitted):
    application_id, reviewer = submitted(resident("alice")), staff("reviewer")
    assert reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/approve").status_code == 200
    for action, body in (("approve", None), ("reject", {"reason": "迟到的驳回"})):
        response = reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/{action}", json=body)
        assert response.status_code == 409
        assert response.get_json()["error"]["code"] == "application_not_pending"


def test_resubmission_after_rejection_keeps_every_round(resident, staff, submitted):
    alice, reviewer = resident("alice"), staff("reviewer")
    application_id = submitted(alice)
    assert alice.put(f"/api/v1/licence-applications/{application_id}",
                     json=factories.application([alice.upload_photo()])).status_code == 409  # not rejected yet
    reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/reject", json={"reason_code": "photo_unclear"})
    corrected = factories.application([alice.upload_photo()], dog_fields={"colour": "黄色"})
    resubmitted = alice.put(f"/api/v1/licence-applications/{application_id}", json=corrected)
    assert resubmitted.status_code == 200
    assert resubmitted.get_json() == {"id": application_id, "status": "pending_review", "round": 2}
    reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/approve")
    detail = alice.get(f"/api/v1/licence-applications/{application_id}").get_json()
    assert [(r["round"], r["outcome"]) for r in detail["rounds"]] == [(1, "rejected"), (2, "approved")]
    assert detail["rounds"][0]["reject_reason"] == "犬只照片不清晰，无法辨认犬只特征"
    assert [h["action"] for h in detail["history"]] == ["submitted", "rejected", "resubmitted", "approved"]
    assert detail["dog"]["colour"] == "黄色" and detail["reject_reason"] is None


def test_resubmission_runs_the_pre_checks_again(resident, staff, submitted):
    alice, reviewer = resident("alice"), staff("reviewer")
    application_id = submitted(alice)
    reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/reject", json={"reason": "请核对品种"})
    banned = factories.application([alice.upload_photo()], dog_fields={"breed": "藏獒"})
    response = alice.put(f"/api/v1/licence-applications/{application_id}", json=banned)
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "breed_banned"
    assert alice.get(f"/api/v1/licence-applications/{application_id}").get_json()["status"] == "rejected"


def test_approval_rechecks_the_vaccination_on_the_day_of_issue(resident, staff, submitted):
    alice, reviewer = resident("alice"), staff("reviewer")
    application_id = submitted(alice, vaccination_fields={"days_ago": 360, "valid_days": 365})
    with clock.travel_to(clock.today() + timedelta(days=8)):
        response = reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/approve")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "vaccination_invalid"
    assert "请驳回" in response.get_json()["error"]["message"]


def test_staff_see_the_application_with_id_phone_and_address_masked(resident, staff, submitted):
    alice = resident("alice")
    application_id = submitted(alice)
    detail = staff("reviewer").get(f"/api/v1/staff/licence-applications/{application_id}").get_json()
    assert detail["user_id"] == alice.user_id and detail["owner"]["phone"] == "138****8000"
    assert detail["owner"]["address"] == "新城区****"  # in full only through the recorded reveal
    assert "*" in detail["owner"]["id_number"]


def test_unknown_application_for_staff_is_404(staff):
    response = staff("reviewer").post("/api/v1/staff/licence-applications/NOPE/approve")
    assert response.status_code == 404
