"""Shelter records (role `shelter`): kennels with QR codes, intake, status rules, medical entries, the QR scan,
the owner told at once when a dog taken in carries their tag or chip, and the public listing without staff notes."""
from tests.support import shelter as sh


def test_kennels_have_qr_codes_and_a_scan_brings_up_the_kennel_and_its_dog(staff):
    keeper = staff("shelter")
    kennel = keeper.post("/api/v1/staff/shelter/kennels", json={"code": "B-001", "area": "B区"}).get_json()
    assert keeper.post("/api/v1/staff/shelter/kennels", json={"code": "B-001"}).status_code == 409
    png = keeper.get(kennel["qrcode_url"])
    assert png.status_code == 200 and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    dog = sh.take_in(keeper, kennel_code="B-001")
    assert dog["status"] == "quarantine" and dog["dog_no"].startswith("SD-") and dog["kennel_code"] == "B-001"
    # the kennel holds one dog: a second is refused
    second = keeper.post("/api/v1/staff/shelter/dogs", json=sh.intake_body([], kennel_code="B-001"))
    assert second.status_code == 409 and second.get_json()["error"]["code"] == "kennel_full"

    from backend.shelter import records as shelter

    with keeper.client.application.app_context():
        kennel_text = shelter.scan_text("kennel", _kennel_token(kennel["id"]))
    scanned = keeper.post("/api/v1/staff/shelter/scan", json={"text": kennel_text}).get_json()
    assert scanned["kind"] == "kennel" and [d["id"] for d in scanned["dogs"]] == [dog["id"]]
    assert scanned["dogs"][0]["staff_notes"] == "左后腿旧伤"
    assert keeper.post("/api/v1/staff/shelter/scan", json={"text": "https://x/s/Knope"}).status_code == 404


def _kennel_token(kennel_id: str) -> str:
    from backend.core.database.extensions import db
    from backend.shelter.models.shelter import Kennel

    return db.session.get(Kennel, kennel_id).qr_token


def test_a_dog_scan_returns_the_full_record_with_medical_entries(staff):
    keeper = staff("shelter")
    dog = sh.take_in(keeper)
    sh.vaccinate(keeper, dog["id"])
    keeper.post(f"/api/v1/staff/shelter/dogs/{dog['id']}/medical",
                json={"kind": "deworming", "done_on": dog["intake_at"][:10], "product": "拜宠清"})
    record = keeper.get(f"/api/v1/staff/shelter/dogs/{dog['id']}").get_json()
    assert [m["kind"] for m in record["medical"]] == ["rabies_vaccination", "deworming"]
    png = keeper.get(record["qrcode_url"])
    assert png.status_code == 200 and png.data[:4] == b"\x89PNG"


def test_quarantine_and_vaccination_come_before_adoption(staff):
    keeper = staff("shelter")
    dog = sh.take_in(keeper)  # default quarantine of 14 days
    refused = keeper.post(f"/api/v1/staff/shelter/dogs/{dog['id']}/status", json={"status": "available"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "quarantine_not_over"
    fresh = sh.take_in(keeper, quarantine_days=0)
    refused = keeper.post(f"/api/v1/staff/shelter/dogs/{fresh['id']}/status", json={"status": "available"})
    assert refused.get_json()["error"]["code"] == "rabies_vaccination_missing"
    sh.vaccinate(keeper, fresh["id"])
    assert keeper.post(f"/api/v1/staff/shelter/dogs/{fresh['id']}/status",
                       json={"status": "available"}).get_json()["status"] == "available"
    died = keeper.post(f"/api/v1/staff/shelter/dogs/{fresh['id']}/status", json={"status": "died", "reason": "病故"})
    assert died.get_json()["status"] == "died"
    again = keeper.post(f"/api/v1/staff/shelter/dogs/{fresh['id']}/status", json={"status": "available"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "dog_status_conflict"


def test_intake_of_a_licensed_dog_tells_the_owner_at_once(staff, resident, licensed, follower, sent):
    alice = resident("alice")
    follower("alice").follows()
    licence = licensed(alice, dog_fields={"chip_no": "900123456789012"})
    keeper = staff("shelter")
    tag_token = licence["tag_url"].rsplit("/", 1)[1]
    by_tag = sh.take_in(keeper, tag_token=tag_token)
    assert by_tag["matched_licence_id"] == licence["id"]
    notices = alice.get("/api/v1/notifications").get_json()
    assert notices[0]["kind"] == "shelter_found_your_dog" and by_tag["dog_no"] in notices[0]["body"]
    assert any(m["touser"] == "sbx-mp-alice" and "留检所" in str(m["data"]) for m in sent(api="template_send"))
    by_chip = sh.take_in(keeper, chip_no="900123456789012")
    assert by_chip["matched_licence_id"] == licence["id"]
    stranger = sh.take_in(keeper, chip_no="111122223333444")
    assert stranger["matched_licence_id"] is None


def test_the_public_listing_filters_and_never_shows_staff_notes(staff, client):
    keeper = staff("shelter")
    small = sh.adoptable(keeper, size="small", sex="male", estimated_age_months=6)
    big = sh.adoptable(keeper, size="large", sex="female", estimated_age_months=60)
    sh.take_in(keeper)  # still in quarantine: not listed
    listed = client.get("/api/v1/shelter/dogs")
    assert listed.headers["X-Total-Count"] == "2"
    assert {d["id"] for d in listed.get_json()} == {small["id"], big["id"]}
    assert all("staff_notes" not in d and "tag_token" not in d for d in listed.get_json())
    assert [d["id"] for d in client.get("/api/v1/shelter/dogs?size=small").get_json()] == [small["id"]]
    assert [d["id"] for d in client.get("/api/v1/shelter/dogs?sex=female").get_json()] == [big["id"]]
    assert [d["id"] for d in client.get("/api/v1/shelter/dogs?max_age_months=12").get_json()] == [small["id"]]
    assert [d["id"] for d in client.get("/api/v1/shelter/dogs?min_age_months=24").get_json()] == [big["id"]]
    photo = client.get(small["photo_urls"][0].replace("/api/v1/staff/uploads/",
                                                      f"/api/v1/shelter/dogs/{small['id']}/photos/"))
    assert photo.status_code == 200 and photo.mimetype == "image/png"
    assert client.get("/api/v1/shelter/dogs?size=huge").status_code == 422


def test_shelter_endpoints_need_the_shelter_role(staff, resident):
    reviewer = staff("reviewer")
    assert reviewer.get("/api/v1/staff/shelter/dogs").status_code == 403
    assert resident("alice").get("/api/v1/staff/shelter/dogs").status_code == 401


def test_bad_intake_is_refused_and_nothing_is_stored(staff):
    keeper = staff("shelter")
    bad = keeper.post("/api/v1/staff/shelter/dogs", json=sh.intake_body([], size="huge", estimated_age_months=-1))
    assert bad.status_code == 422 and {"size", "estimated_age_months"} <= set(bad.get_json()["error"]["details"])
    unknown = keeper.post("/api/v1/staff/shelter/dogs", json=sh.intake_body(["01NOPE"]))
    assert unknown.status_code == 422 and unknown.get_json()["error"]["code"] == "unknown_upload"
    assert keeper.get("/api/v1/staff/shelter/dogs").headers["X-Total-Count"] == "0"
