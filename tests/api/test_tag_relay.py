"""The tag relay: a finder scans a tag and writes; the owner hears at once and answers; neither sees the other's
phone or ID number unless the owner shares a phone number."""
from datetime import timedelta

import pytest

from backend.core import clock
from tests.support import factories

LOCATION = {"lat": 40.85, "lng": 111.75, "address": "新华大街公交站"}


@pytest.fixture
def tagged(resident, licensed):
    owner = resident("owner")
    licence = licensed(owner)
    return owner, licence, licence["tag_url"].rsplit("/", 1)[1]


def kinds(who) -> list[str]:
    return [n["kind"] for n in who.get("/api/v1/notifications").get_json()]


def test_a_finder_writes_through_the_tag_and_the_owner_answers(resident, tagged, follower, sent):
    owner, licence, token = tagged
    follower("owner").follows()
    finder = resident("finder")
    response = finder.post(f"/t/{token}/found", json={"message": "您的狗在我这里", "location": LOCATION})
    assert response.status_code == 201, response.get_json()
    thread = response.get_json()
    assert thread["my_side"] == "finder" and thread["owner_phone"] is None
    assert thread["messages"][0]["location"]["address"] == "新华大街公交站"
    for private in (licence["owner"]["name"], licence["owner"]["phone"], licence["owner"]["id_number"]):
        assert private not in str(thread)
    # The owner is told at once, on the public account since they follow it.
    assert "tag_scanned" in kinds(owner)
    assert any(m["touser"] == "sbx-mp-owner" for m in sent(api="template_send"))
    owners_view = owner.get(f"/api/v1/relay-threads/{thread['id']}").get_json()
    assert owners_view["my_side"] == "owner" and owners_view["messages"][0]["text"] == "您的狗在我这里"
    reply = owner.post(f"/api/v1/relay-threads/{thread['id']}/messages", json={"text": "太感谢了，马上到"})
    assert reply.status_code == 201
    assert "relay_message" in kinds(finder)
    assert [t["id"] for t in finder.get("/api/v1/relay-threads").get_json()] == [thread["id"]]


def test_scanning_again_continues_the_same_thread(resident, tagged):
    _owner, _licence, token = tagged
    finder = resident("finder")
    first = finder.post(f"/t/{token}/found", json={"message": "第一次"}).get_json()
    second = finder.post(f"/t/{token}/found", json={"message": "第二次"}).get_json()
    assert first["id"] == second["id"] and len(second["messages"]) == 2


def test_the_owner_may_share_a_phone_number_and_only_the_owner(resident, tagged):
    owner, licence, token = tagged
    finder = resident("finder")
    thread = finder.post(f"/t/{token}/found", json={"message": "在我这里"}).get_json()
    refused = finder.post(f"/api/v1/relay-threads/{thread['id']}/share-phone")
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "not_owner"
    assert owner.post(f"/api/v1/relay-threads/{thread['id']}/share-phone").status_code == 200
    assert finder.get(f"/api/v1/relay-threads/{thread['id']}").get_json()["owner_phone"] == licence["owner"]["phone"]
    assert "relay_phone_shared" in kinds(finder)


def test_strangers_cannot_read_or_write_a_thread(resident, tagged):
    _owner, _licence, token = tagged
    thread = resident("finder").post(f"/t/{token}/found", json={"message": "在我这里"}).get_json()
    mallory = resident("mallory")
    assert mallory.get(f"/api/v1/relay-threads/{thread['id']}").status_code == 404
    assert mallory.post(f"/api/v1/relay-threads/{thread['id']}/messages", json={"text": "hi"}).status_code == 404


def test_unknown_tags_anonymous_finders_and_owners_are_refused(client, resident, tagged):
    owner, _licence, token = tagged
    missing = resident("finder").post("/t/nosuchtoken123/found", json={"message": "在我这里"})
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "tag_not_found"
    assert client.post(f"/t/{token}/found", json={"message": "在我这里"}).status_code == 401
    own = owner.post(f"/t/{token}/found", json={"message": "测试"})
    assert own.status_code == 409 and own.get_json()["error"]["code"] == "own_dog"
    empty = resident("finder").post(f"/t/{token}/found", json={"message": ""})
    assert empty.status_code == 422


@pytest.mark.parametrize("config_overrides", [{"TAG_RELAY_PER_TAG_PER_DAY": 3}])
def test_a_tag_takes_only_so_many_messages_a_day_from_everybody(resident, tagged, config_overrides):
    owner, _licence, token = tagged
    for name in ("a", "b", "c"):
        assert resident(name).post(f"/t/{token}/found", json={"message": "看到了"}).status_code == 201
    response = resident("d").post(f"/t/{token}/found", json={"message": "看到了"})
    assert response.status_code == 429 and response.get_json()["error"]["code"] == "tag_relay_limit"
    assert len([k for k in kinds(owner) if k == "tag_scanned"]) == 3


QUOTAS = {"TAG_RELAY_PER_FINDER_PER_TAG_PER_DAY": 2, "TAG_RELAY_PER_TAG_PER_DAY": 5}


@pytest.mark.parametrize("config_overrides", [QUOTAS])
def test_one_account_cannot_use_up_a_lost_dogs_tag(resident, tagged, config_overrides):
    """The attack: one account scans and scans, then writes on in its thread, to silence the tag for the day."""
    owner, _licence, token = tagged
    mallory = resident("mallory")
    thread = mallory.post(f"/t/{token}/found", json={"message": "1"}).get_json()
    assert mallory.post(f"/t/{token}/found", json={"message": "2"}).status_code == 201
    third = mallory.post(f"/t/{token}/found", json={"message": "3"})
    assert third.status_code == 429 and third.get_json()["error"]["code"] == "tag_relay_finder_limit"
    for n in range(6):  # replies in a thread are a conversation, not scans of the tag
        reply = mallory.post(f"/api/v1/relay-threads/{thread['id']}/messages", json={"text": f"回复{n}"})
        assert reply.status_code == 201
    honest = resident("finder").post(f"/t/{token}/found", json={"message": "您的狗在我这里"})
    assert honest.status_code == 201, honest.get_json()
    assert kinds(owner).count("tag_scanned") == 3


@pytest.mark.parametrize("config_overrides", [QUOTAS])
def test_a_finders_tag_quota_is_per_tag_and_per_day(resident, licensed, tagged, config_overrides):
    _owner, _licence, token = tagged
    other = resident("other")
    other_token = licensed(other, owner_fields={"number": factories.id_number(seq="456"),
                                                "address": "玉泉区大南街8号院1单元101", "zone_code": "yuquan-key"})[
        "tag_url"].rsplit("/", 1)[1]
    finder = resident("finder")
    for _ in range(2):
        assert finder.post(f"/t/{token}/found", json={"message": "看到了"}).status_code == 201
    assert finder.post(f"/t/{token}/found", json={"message": "看到了"}).status_code == 429
    assert finder.post(f"/t/{other_token}/found", json={"message": "另一只"}).status_code == 201
    with clock.travel_to(clock.now() + timedelta(days=1, minutes=1)):
        assert finder.post(f"/t/{token}/found", json={"message": "今天又看到了"}).status_code == 201


def test_a_lost_dogs_tag_says_so_to_the_owner(resident, tagged):
    owner, licence, token = tagged
    assert owner.post("/api/v1/lost-reports", json={
        "licence_id": licence["id"], "lost_at": "2026-11-22T08:00:00+08:00",
        "location": LOCATION}).status_code == 201
    resident("finder").post(f"/t/{token}/found", json={"message": "它在公园里"})
    notice = owner.get("/api/v1/notifications").get_json()[0]
    assert notice["kind"] == "tag_scanned" and notice["title"].startswith("有人发现了您走失的")
