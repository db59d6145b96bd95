"""Transfer (过户) with a one-time code: the licence keeps its number and moves to the recipient."""
from datetime import timedelta

import pytest

from backend.core import clock
from tests.support import factories

BOB = {"name": "李四", "number": factories.id_number(seq="456"), "address": "回民区中山西路8号",
       "zone_code": "huimin-key", "phone": "13900139000"}


def start(who, licence):
    return who.post(f"/api/v1/licences/{licence['id']}/transfers", json={})


def accept(who, code, owner=None):
    return who.post("/api/v1/transfers/accept", json={"code": code, "owner": factories.owner(**(owner or BOB))})


def test_transfer_moves_the_licence_and_keeps_its_number(resident, licensed, client):
    alice, bob = resident("alice"), resident("bob")
    licence = licensed(alice)
    started = start(alice, licence)
    assert started.status_code == 201
    body = started.get_json()
    assert body["status"] == "awaiting_recipient" and len(body["code"]) == 8
    accepted = accept(bob, body["code"].lower())  # codes are not case-sensitive
    assert accepted.status_code == 200, accepted.get_json()
    moved = accepted.get_json()["licence"]
    assert moved["licence_no"] == licence["licence_no"] and moved["id"] == licence["id"]
    assert moved["owner"]["name"] == "李四" and moved["owner"]["zone_code"] == "huimin-key"
    assert alice.get(f"/api/v1/licences/{licence['id']}").status_code == 404
    assert alice.get("/api/v1/licences").get_json() == []
    assert [item["id"] for item in bob.get("/api/v1/licences").get_json()] == [licence["id"]]
    tag = client.get(f"/t/{licence['tag_url'].rsplit('/', 1)[1]}", headers={"Accept": "application/json"})
    assert tag.get_json()["licence"]["status"] == "active"  # same tag, same dog
    outgoing = alice.get("/api/v1/transfers").get_json()
    incoming = bob.get("/api/v1/transfers").get_json()
    assert outgoing[0]["direction"] == "outgoing" and outgoing[0]["status"] == "accepted"
    assert incoming[0]["direction"] == "incoming" and incoming[0]["licence_no"] == licence["licence_no"]


def test_a_used_code_cannot_be_used_again(resident, licensed):
    alice, bob, carol = resident("alice"), resident("bob"), resident("carol")
    code = start(alice, licensed(alice)).get_json()["code"]
    assert accept(bob, code).status_code == 200
    again = accept(carol, code, {**BOB, "name": "王五", "number": factories.id_number(seq="789"),
                                  "address": "玉泉区南二环路5号", "zone_code": "yuquan-key"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "transfer_code_used"


def test_an_expired_code_is_refused(resident, licensed):
    alice, bob = resident("alice"), resident("bob")
    code = start(alice, licensed(alice)).get_json()["code"]
    with clock.travel_to(clock.now() + timedelta(days=7, minutes=1)):
        response = accept(bob, code)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "transfer_code_expired"


def test_wrong_code_self_transfer_and_a_second_pending_transfer(resident, licensed):
    alice, bob = resident("alice"), resident("bob")
    licence = licensed(alice)
    assert accept(bob, "ZZZZZZZZ").get_json()["error"]["code"] == "transfer_code_invalid"
    code = start(alice, licence).get_json()["code"]
    assert start(alice, licence).get_json()["error"]["code"] == "transfer_pending"
    self_accept = accept(alice, code, {"number": factories.id_number()})
    assert self_accept.status_code == 409 and self_accept.get_json()["error"]["code"] == "transfer_to_self"


def test_the_recipients_zone_rules_apply(resident, licensed):
    alice, bob = resident("alice"), resident("bob")
    general = {"zone_code": "saihan-general", "address": "赛罕区大学东路10号"}
    licence = licensed(alice, dog_fields={"breed": "德国牧羊犬"}, owner_fields=general)
    code = start(alice, licence).get_json()["code"]
    banned = accept(bob, code)  # Bob lives in a key zone, where German shepherds are banned
    assert banned.status_code == 422 and banned.get_json()["error"]["code"] == "breed_banned"
    assert accept(bob, code, {**BOB, "zone_code": "jingkai-general", "address": "经开区如意路1号"}).status_code == 200


def test_the_recipients_household_limit_applies(resident, licensed):
    alice, bob = resident("alice"), resident("bob")
    licensed(bob, owner_fields=BOB)
    code = start(alice, licensed(alice)).get_json()["code"]
    response = accept(bob, code)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "household_limit_reached"


def test_owner_can_cancel_a_pending_transfer(resident, licensed):
    alice, bob = resident("alice"), resident("bob")
    started = start(alice, licensed(alice)).get_json()
    assert bob.delete(f"/api/v1/transfers/{started['id']}").status_code == 404
    cancelled = alice.delete(f"/api/v1/transfers/{started['id']}")
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert accept(bob, started["code"]).get_json()["error"]["code"] == "transfer_cancelled"


def test_the_dogs_photos_go_with_the_licence(resident, licensed):
    alice, bob = resident("alice"), resident("bob")
    licence = licensed(alice)
    photo = licence["dog"]["photo_upload_ids"][0]
    code = start(alice, licence).get_json()["code"]
    accept(bob, code)
    assert bob.get(f"/api/v1/uploads/{photo}").status_code == 200
    assert alice.get(f"/api/v1/uploads/{photo}").status_code == 404


@pytest.mark.parametrize("config_overrides", [{"RATELIMIT_ENABLED": True}])
def test_guessing_codes_is_limited_per_resident_however_often_they_log_in(client, config_overrides):
    def fresh_login():
        return client.post("/api/v1/auth/wx-login", json={"code": "sandbox:guesser"}).get_json()["token"]

    codes = []
    for attempt in range(12):
        token = fresh_login()
        response = client.post("/api/v1/transfers/accept", headers={"Authorization": f"Bearer {token}"},
                               json={"code": f"GUESS{attempt:03d}", "owner": factories.owner(**BOB)})
        codes.append(response.status_code)
    assert codes[:10] == [404] * 10 and codes[10:] == [429, 429]
