"""Adoption applications: eligibility (configuration), staff review, approval reserves the dog, completion hands it
over and starts the adopter's licence application pre-filled from the shelter's records; notices at each step."""
from tests.support import factories
from tests.support import shelter as sh


def adopt_body(dog_id: str, **adopter) -> dict:
    return {"dog_id": dog_id, "adopter": sh.adopter(**adopter), "housing": "owned", "experience": "养过两只狗",
            "reason": "家里有院子，想给它一个家"}


def code(response) -> str:
    return response.get_json()["error"]["code"]


def test_apply_approve_complete_hands_over_and_starts_a_prefilled_licence_application(staff, resident, client):
    keeper = staff("shelter")
    dog = sh.adoptable(keeper, chip_no="900000000000123")
    alice = resident("alice")
    applied = alice.post("/api/v1/adoption/applications", json=adopt_body(dog["id"]))
    assert applied.status_code == 201, applied.get_json()
    application = applied.get_json()
    assert application["status"] == "submitted" and application["adopter"]["id_number"].count("*") >= 8

    queue = keeper.get("/api/v1/staff/adoption/applications").get_json()
    assert [a["id"] for a in queue] == [application["id"]]
    approved = keeper.post(f"/api/v1/staff/adoption/applications/{application['id']}/approve", json={})
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    assert client.get(f"/api/v1/shelter/dogs/{dog['id']}").get_json()["status"] == "reserved"
    taken = resident("bob").post("/api/v1/adoption/applications", json=adopt_body(dog["id"], name="王五"))
    assert taken.status_code == 409 and code(taken) == "dog_reserved"

    done = keeper.post(f"/api/v1/staff/adoption/applications/{application['id']}/complete", json={})
    assert done.status_code == 200, done.get_json()
    licence_application_id = done.get_json()["licence_application_id"]
    assert keeper.get(f"/api/v1/staff/shelter/dogs/{dog['id']}").get_json()["status"] == "adopted"
    assert client.get(f"/api/v1/shelter/dogs/{dog['id']}").status_code == 404  # off the public board

    licence_application = alice.get(f"/api/v1/licence-applications/{licence_application_id}").get_json()
    assert licence_application["status"] == "pending_review"
    assert licence_application["dog"]["name"] == "小黄" and licence_application["dog"]["chip_no"] == "900000000000123"
    assert licence_application["vaccination"]["certificate_no"] == f"SY-{dog['id'][-8:]}"
    assert licence_application["owner"]["zone_code"] == "saihan-general"
    kinds = [n["kind"] for n in alice.get("/api/v1/notifications").get_json()]
    assert kinds[:4] == ["adoption_completed", "application_received", "adoption_approved", "adoption_received"]
    # the adopter can see the photo now on their own application
    photo_id = licence_application["dog"]["photo_upload_ids"][0]
    assert alice.get(f"/api/v1/uploads/{photo_id}").status_code == 200


def test_ineligible_adopters_are_refused_with_the_rule(staff, resident, licensed):
    keeper = staff("shelter")
    dog = sh.adoptable(keeper)
    minor = resident("minor").post("/api/v1/adoption/applications", json=adopt_body(
        dog["id"], number=factories.id_number(birth="20120101")))
    assert minor.status_code == 422 and code(minor) == "adopter_not_adult"
    # a key zone allows one dog per household: someone who already has a licence there cannot adopt into it
    carol = resident("carol")
    licensed(carol, owner_fields={"number": factories.id_number(seq="555")})
    full = carol.post("/api/v1/adoption/applications", json=adopt_body(
        dog["id"], number=factories.id_number(seq="555"), zone_code="xincheng-key",
        address="新城区海拉尔东街1号院2单元301"))
    assert full.status_code == 409 and code(full) == "household_limit_reached"
    assert keeper.get("/api/v1/staff/adoption/applications").get_json() == []


def test_someone_who_recently_surrendered_a_dog_cannot_adopt(staff, resident, licensed):
    keeper = staff("shelter")
    dog = sh.adoptable(keeper)
    dave = resident("dave")
    number = factories.id_number(seq="777")
    licence = licensed(dave, owner_fields={"number": number, "zone_code": "saihan-general",
                                           "address": "赛罕区大学西街9号"})
    cancelled = dave.post(f"/api/v1/licences/{licence['id']}/cancellation", json={"reason": "surrendered"})
    assert cancelled.status_code == 200
    refused = dave.post("/api/v1/adoption/applications", json=adopt_body(dog["id"], number=number))
    assert refused.status_code == 409 and code(refused) == "recent_surrender"


def test_rejection_tells_the_reason_and_withdrawal_frees_a_reserved_dog(staff, resident, client):
    keeper = staff("shelter")
    dog = sh.adoptable(keeper)
    alice, bob = resident("alice"), resident("bob")
    first = alice.post("/api/v1/adoption/applications", json=adopt_body(dog["id"])).get_json()
    second = bob.post("/api/v1/adoption/applications", json=adopt_body(dog["id"], name="王五")).get_json()
    rejected = keeper.post(f"/api/v1/staff/adoption/applications/{second['id']}/reject",
                           json={"reason": "居住条件不符合"})
    assert rejected.get_json()["status"] == "rejected"
    notice = bob.get("/api/v1/notifications").get_json()[0]
    assert notice["kind"] == "adoption_rejected" and "居住条件不符合" in notice["body"]
    keeper.post(f"/api/v1/staff/adoption/applications/{first['id']}/approve", json={})
    withdrawn = alice.delete(f"/api/v1/adoption/applications/{first['id']}")
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "withdrawn"
    assert client.get(f"/api/v1/shelter/dogs/{dog['id']}").get_json()["status"] == "available"
    again = keeper.post(f"/api/v1/staff/adoption/applications/{first['id']}/approve", json={})
    assert again.status_code == 409 and code(again) == "adoption_status_conflict"


def test_completing_needs_a_valid_vaccination_and_nothing_is_half_written(staff, resident, app):
    from datetime import timedelta

    from backend.core import clock

    keeper = staff("shelter")
    dog = sh.adoptable(keeper)
    alice = resident("alice")
    application = alice.post("/api/v1/adoption/applications", json=adopt_body(dog["id"])).get_json()
    keeper.post(f"/api/v1/staff/adoption/applications/{application['id']}/approve", json={})
    with clock.travel_to(clock.now() + timedelta(days=400)):  # the shelter's vaccination has run out
        late = staff("shelter").post(f"/api/v1/staff/adoption/applications/{application['id']}/complete", json={})
    assert late.status_code == 409 and code(late) == "rabies_vaccination_missing"
    assert keeper.get(f"/api/v1/staff/shelter/dogs/{dog['id']}").get_json()["status"] == "reserved"
    assert alice.get("/api/v1/licence-applications").get_json() == []


def test_privacy_and_roles(staff, resident):
    keeper = staff("shelter")
    dog = sh.adoptable(keeper)
    application = resident("alice").post("/api/v1/adoption/applications", json=adopt_body(dog["id"])).get_json()
    assert resident("bob").get(f"/api/v1/adoption/applications/{application['id']}").status_code == 404
    assert staff("reviewer").post(f"/api/v1/staff/adoption/applications/{application['id']}/approve",
                                  json={}).status_code == 403
    bad = resident("bob").post("/api/v1/adoption/applications", json={"dog_id": dog["id"], "housing": "castle"})
    assert bad.status_code == 422 and {"adopter", "housing", "reason"} <= set(bad.get_json()["error"]["details"])
