"""Change of address (变更) and cancellation (注销)."""
from tests.support import factories

GENERAL = {"address": "赛罕区大学东路10号", "zone_code": "saihan-general"}


def test_address_change_to_another_zone(resident, licensed):
    alice = resident("alice")
    licence = licensed(alice)
    response = alice.put(f"/api/v1/licences/{licence['id']}/address", json=GENERAL)
    assert response.status_code == 200
    assert response.get_json()["owner"]["zone_code"] == "saihan-general"
    assert response.get_json()["licence_no"] == licence["licence_no"]


def test_address_change_into_a_zone_that_bans_the_breed(resident, licensed):
    alice = resident("alice")
    licence = licensed(alice, dog_fields={"breed": "阿拉斯加"}, owner_fields=GENERAL)
    response = alice.put(f"/api/v1/licences/{licence['id']}/address",
                         json={"address": "新城区新华大街5号", "zone_code": "xincheng-key"})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "breed_banned"
    assert alice.get(f"/api/v1/licences/{licence['id']}").get_json()["owner"]["zone_code"] == "saihan-general"


def test_address_change_into_a_full_household(resident, licensed):
    alice, bob = resident("alice"), resident("bob")
    licensed(bob, owner_fields={"name": "李四", "number": factories.id_number(seq="456"),
                                "address": "回民区中山西路8号", "zone_code": "huimin-key"})
    licence = licensed(alice)
    response = alice.put(f"/api/v1/licences/{licence['id']}/address",
                         json={"address": "回民区中山西路8号", "zone_code": "huimin-key"})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "household_limit_reached"


def test_cancellation_with_a_reason_shows_on_the_tag(resident, licensed, client):
    alice = resident("alice")
    licence = licensed(alice)
    response = alice.post(f"/api/v1/licences/{licence['id']}/cancellation", json={"reason": "died", "note": "病故"})
    assert response.status_code == 200
    assert response.get_json()["status"] == "cancelled" and response.get_json()["cancel_reason"] == "犬只死亡"
    tag = client.get(licence["tag_url"].replace("https://dogpass.example.cn", ""),
                     headers={"Accept": "application/json"}).get_json()
    assert tag["licence"] == {"status": "cancelled", "expires_on": licence["expires_on"], "valid": False}
    html = client.get(licence["tag_url"].replace("https://dogpass.example.cn", "")).get_data(as_text=True)
    assert "已注销" in html
    again = alice.post(f"/api/v1/licences/{licence['id']}/cancellation", json={"reason": "died"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "licence_already_cancelled"


def test_cancellation_frees_the_household_place_and_closes_a_pending_transfer(resident, licensed, submitted):
    alice, bob = resident("alice"), resident("bob")
    licence = licensed(alice)
    code = alice.post(f"/api/v1/licences/{licence['id']}/transfers", json={}).get_json()["code"]
    alice.post(f"/api/v1/licences/{licence['id']}/cancellation", json={"reason": "relocated"})
    response = bob.post("/api/v1/transfers/accept", json={"code": code, "owner": factories.owner(
        name="李四", number=factories.id_number(seq="456"), address="回民区中山西路8号", zone_code="huimin-key")})
    assert response.get_json()["error"]["code"] == "transfer_cancelled"
    assert submitted(alice)  # the one-dog household may register its next dog


def test_cancellation_reason_must_be_one_of_the_list(resident, licensed):
    alice = resident("alice")
    licence = licensed(alice)
    response = alice.post(f"/api/v1/licences/{licence['id']}/cancellation", json={"reason": "bored"})
    assert response.status_code == 422 and "reason" in response.get_json()["error"]["details"]
