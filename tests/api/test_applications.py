"""Submitting an application, and every automatic pre-check that refuses one before staff see it."""
from datetime import timedelta

import pytest

from backend.core import clock
from backend.core.database.extensions import db
from backend.licensing.models.applications import ApplicationRound, LicenceApplication
from tests.support import factories


def count_applications(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(LicenceApplication.id)))


def test_submit_then_read_it_back_with_the_id_number_masked(resident):
    alice = resident("alice")
    body = factories.application([alice.upload_photo()])
    created = alice.post("/api/v1/licence-applications", json=body)
    assert created.status_code == 201
    assert created.get_json()["status"] == "pending_review"
    detail = alice.get(f"/api/v1/licence-applications/{created.get_json()['id']}")
    assert detail.status_code == 200
    data = detail.get_json()
    assert data["owner"]["id_number"] == body["owner"]["id_number"][:6] + "********" + body["owner"]["id_number"][-4:]
    assert body["owner"]["id_number"] not in detail.get_data(as_text=True)
    assert data["reject_reason"] is None and data["order"] is None
    assert [h["action"] for h in data["history"]] == ["submitted"]
    assert data["dog"]["breed"] == "柯基"
    assert [a["id"] for a in alice.get("/api/v1/licence-applications").get_json()] == [data["id"]]


def test_id_number_is_stored_encrypted_with_a_lookup_hash(resident, app):
    alice = resident("alice")
    body = factories.application([alice.upload_photo()])
    alice.post("/api/v1/licence-applications", json=body)
    with app.app_context():
        row = db.session.scalar(db.select(LicenceApplication))
        assert body["owner"]["id_number"] not in row.owner_id_encrypted
        assert body["owner"]["id_number"] not in row.owner_id_hash
        from backend.core.security import idnumber

        assert idnumber.decrypt(row.owner_id_encrypted) == body["owner"]["id_number"]


def test_bad_id_checksum_is_refused_and_nothing_is_stored(resident, app):
    alice = resident("alice")
    body = factories.application([alice.upload_photo()],
                                 owner_fields={"number": factories.bad_checksum(factories.id_number())})
    response = alice.post("/api/v1/licence-applications", json=body)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert error["details"]["owner.id_number"] == "身份证号码校验位错误，请核对"
    assert count_applications(app) == 0


@pytest.mark.parametrize("breed", ["藏獒", "比特", "美国比特犬", "黑背", "德牧串", "pit-bull", "ＰＩＴ ＢＵＬＬ",
                                   "比·特", "羅威納", "Rott-weiler"])
def test_banned_breeds_in_a_key_zone_are_refused_with_the_rule(resident, app, breed):
    alice = resident("alice")
    body = factories.application([alice.upload_photo()], dog_fields={"breed": breed})
    response = alice.post("/api/v1/licence-applications", json=body)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "breed_banned"
    assert "新城区重点管理区禁止饲养" in error["message"]
    assert "dog.breed" in error["details"]
    assert count_applications(app) == 0


def test_large_breeds_allowed_in_a_general_zone_but_fierce_ones_are_not(resident):
    alice = resident("alice")
    general = {"zone_code": "saihan-general", "address": "赛罕区大学东路10号"}
    allowed = alice.post("/api/v1/licence-applications", json=factories.application(
        [alice.upload_photo()], dog_fields={"breed": "德国牧羊犬"}, owner_fields=general))
    assert allowed.status_code == 201
    fierce = alice.post("/api/v1/licence-applications", json=factories.application(
        [alice.upload_photo()], dog_fields={"breed": "藏獒"}, owner_fields=general))
    assert fierce.status_code == 422 and fierce.get_json()["error"]["code"] == "breed_banned"


def test_second_dog_of_a_household_in_a_one_dog_zone_is_refused(resident, app):
    alice = resident("alice")
    first = alice.post("/api/v1/licence-applications", json=factories.application([alice.upload_photo()]))
    assert first.status_code == 201
    second = alice.post("/api/v1/licence-applications",
                        json=factories.application([alice.upload_photo()], dog_fields={"name": "二黑"}))
    assert second.status_code == 409
    error = second.get_json()["error"]
    assert error["code"] == "household_limit_reached"
    assert error["details"] == {"zone_code": "xincheng-key", "limit": 1, "current": 1}
    assert count_applications(app) == 1


SPOUSE = {"name": "李四", "number": factories.id_number(seq="456"), "address": " 新城区海拉尔东街１号院２单元３０１ "}


def test_a_licensed_dog_at_the_address_counts_whoever_applies(resident, licensed):
    alice, bob = resident("alice"), resident("bob")
    licensed(alice, owner_fields={"address": "新城区海拉尔东街1号院2单元301"})
    spouse = bob.post("/api/v1/licence-applications",
                      json=factories.application([bob.upload_photo()], owner_fields=SPOUSE))
    assert spouse.status_code == 409
    assert spouse.get_json()["error"]["code"] == "household_limit_reached"


def test_a_strangers_pending_application_cannot_block_an_address(resident, staff, submitted):
    """Anybody can type an address; until a licence is issued there, only the applicant's own applications count.
    Two pending at one address meet the limit at approval instead."""
    alice, bob, reviewer = resident("alice"), resident("bob"), staff("reviewer")
    first = submitted(alice, owner_fields={"address": "新城区海拉尔东街1号院2单元301"})
    second = submitted(bob, owner_fields=SPOUSE)
    assert reviewer.post(f"/api/v1/staff/licence-applications/{second}/approve").status_code == 200
    refused = reviewer.post(f"/api/v1/staff/licence-applications/{first}/approve")
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "household_limit_reached"


def test_general_zone_allows_two_dogs_not_three(resident):
    alice = resident("alice")
    general = {"zone_code": "saihan-general", "address": "赛罕区大学东路10号"}
    codes = [alice.post("/api/v1/licence-applications", json=factories.application(
        [alice.upload_photo()], dog_fields={"name": f"狗{i}"}, owner_fields=general)).status_code for i in range(3)]
    assert codes == [201, 201, 409]


def test_a_withdrawn_application_frees_the_place(resident):
    alice = resident("alice")
    first = alice.post("/api/v1/licence-applications", json=factories.application([alice.upload_photo()]))
    withdrawn = alice.post(f"/api/v1/licence-applications/{first.get_json()['id']}/withdrawal")
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "withdrawn"
    again = alice.post("/api/v1/licence-applications", json=factories.application([alice.upload_photo()]))
    assert again.status_code == 201


def test_expired_vaccination_is_refused(resident):
    alice = resident("alice")
    body = factories.application([alice.upload_photo()], vaccination_fields={"days_ago": 400, "valid_days": 365})
    response = alice.post("/api/v1/licence-applications", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "vaccination_invalid"
    assert "vaccination.expires_on" in response.get_json()["error"]["details"]


def test_owner_must_be_adult(resident):
    alice = resident("alice")
    minor = (clock.today() - timedelta(days=17 * 365)).strftime("%Y%m%d")
    body = factories.application([alice.upload_photo()], owner_fields={"number": factories.id_number(birth=minor)})
    response = alice.post("/api/v1/licence-applications", json=body)
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "owner_not_adult"


def test_unknown_zone(resident):
    alice = resident("alice")
    body = factories.application([alice.upload_photo()], owner_fields={"zone_code": "atlantis"})
    response = alice.post("/api/v1/licence-applications", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["details"] == {"owner.zone_code": "请从列表中选择管理区"}


@pytest.mark.parametrize("payload, content_type", [
    ('{"dog": {"name": "旺财",', "application/json"),
    ("dog=旺财", "application/x-www-form-urlencoded"),
    ("", "application/json"),
    ("[1, 2]", "application/json"),
])
def test_malformed_bodies_are_4xx_and_nothing_is_stored(resident, app, payload, content_type):
    alice = resident("alice")
    response = alice.client.post("/api/v1/licence-applications", data=payload, content_type=content_type,
                                 headers={"Authorization": f"Bearer {alice.token}"})
    assert 400 <= response.status_code < 500
    assert response.get_json()["error"]["message"]
    assert count_applications(app) == 0
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(ApplicationRound.id))) == 0


def test_another_residents_application_is_404(resident, submitted):
    alice, bob = resident("alice"), resident("bob")
    application_id = submitted(alice)
    for response in (bob.get(f"/api/v1/licence-applications/{application_id}"),
                     bob.put(f"/api/v1/licence-applications/{application_id}",
                             json=factories.application([bob.upload_photo()])),
                     bob.post(f"/api/v1/licence-applications/{application_id}/withdrawal")):
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "application_not_found"


def test_zones_for_the_picker(client):
    zones = client.get("/api/v1/zones").get_json()
    assert {z["kind"] for z in zones} == {"key", "general"}
    key = next(z for z in zones if z["code"] == "xincheng-key")
    assert key["name"] == "新城区重点管理区" and key["max_dogs_per_household"] == 1 and "藏獒" in key["banned_breeds"]


def test_one_chip_one_licence_even_while_applications_are_pending(resident, staff, submitted):
    alice, bob = resident("alice"), resident("bob")
    submitted(alice, dog_fields={"chip_no": "900123456789012"})
    twin = bob.post("/api/v1/licence-applications", json=factories.application(
        [bob.upload_photo()], dog_fields={"chip_no": "900123456789012"},
        owner_fields={"name": "李四", "number": factories.id_number(seq="456"), "address": "回民区中山西路8号",
                      "zone_code": "huimin-key"}))
    assert twin.status_code == 409 and twin.get_json()["error"]["code"] == "chip_already_licensed"


def test_vaccinated_before_the_dog_was_born_is_refused(resident):
    alice = resident("alice")
    body = factories.application([alice.upload_photo()], dog_fields={"birth_date": clock.today().isoformat()})
    response = alice.post("/api/v1/licence-applications", json=body)
    assert response.status_code == 422 and "出生日期" in str(response.get_json()["error"]["details"])


def test_an_unrecognised_breed_is_flagged_to_the_reviewer(resident, staff, submitted):
    alice, reviewer = resident("alice"), staff("reviewer")
    submitted(alice, dog_fields={"breed": "斗犬"})
    item = reviewer.get("/api/v1/staff/licence-applications").get_json()[0]
    assert item["breed"] == "斗犬" and item["breed_recognised"] is False
