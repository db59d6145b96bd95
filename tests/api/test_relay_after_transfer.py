"""Relay threads follow the dog's holder: the attacks a former owner (and their accomplice "finder") can try once
the licence has passed to someone else, or has been cancelled.

Alice holds the licence and transfers it to Bob. Mallory is an account Alice controls, posing as a finder."""
import pytest

from backend.audit.models import StatusChange
from backend.core.database.extensions import db
from backend.reports.models.relay import RelayThread
from tests.support import factories

BOB = {"name": "李四", "number": factories.id_number(seq="456"), "address": "回民区中山西路8号",
       "zone_code": "huimin-key", "phone": "13900139000"}
ALICE_PHONE = "13800138000"  # factories.owner's default: the phone on Alice's licence
SPOT = {"lat": 40.85, "lng": 111.75, "address": "新华大街公交站"}


def kinds(who) -> list[str]:
    return [n["kind"] for n in who.get("/api/v1/notifications").get_json()]


def scan(who, token: str, text: str = "您的狗在我这里"):
    return who.post(f"/t/{token}/found", json={"message": text, "location": SPOT})


def transfer(alice, bob, licence, owner=None):
    code = alice.post(f"/api/v1/licences/{licence['id']}/transfers", json={}).get_json()["code"]
    return bob.post("/api/v1/transfers/accept", json={"code": code, "owner": factories.owner(**(owner or BOB))})


def closings(app, thread_id: str) -> list[StatusChange]:
    with app.app_context():
        return list(db.session.scalars(db.select(StatusChange).where(
            StatusChange.entity_type == "relay_thread", StatusChange.entity_id == thread_id,
            StatusChange.action == "closed")))


@pytest.fixture
def alices_dog(resident, licensed):
    alice = resident("alice")
    licence = licensed(alice)
    return alice, licence, licence["tag_url"].rsplit("/", 1)[1]


def test_the_former_owner_cannot_publish_the_new_owners_phone_or_keep_the_thread(app, resident, alices_dog):
    alice, licence, token = alices_dog
    mallory, bob = resident("mallory"), resident("bob")
    old = scan(mallory, token).get_json()
    assert alice.post(f"/api/v1/relay-threads/{old['id']}/share-phone").status_code == 200
    assert mallory.get(f"/api/v1/relay-threads/{old['id']}").get_json()["owner_phone"] == ALICE_PHONE

    assert transfer(alice, bob, licence).status_code == 200

    # The attack: Alice, no longer the holder, shares "the owner's phone" (now Bob's) with her own account.
    shared = alice.post(f"/api/v1/relay-threads/{old['id']}/share-phone")
    assert shared.status_code == 404 and shared.get_json()["error"]["code"] == "thread_not_found"
    # Every other action on the old thread is gone too, and so is the thread from her list.
    assert alice.get(f"/api/v1/relay-threads/{old['id']}").status_code == 404
    posted = alice.post(f"/api/v1/relay-threads/{old['id']}/messages", json={"text": "我还是主人"})
    assert posted.status_code == 404
    assert alice.get("/api/v1/relay-threads").get_json() == []
    # Mallory's side: the thread is closed, Alice's shared number withdrawn, Bob's number nowhere.
    seen = mallory.get(f"/api/v1/relay-threads/{old['id']}").get_json()
    assert seen["status"] == "closed" and seen["closed_reason"] == "transferred" and seen["owner_phone"] is None
    assert BOB["phone"] not in str(seen) and BOB["name"] not in str(seen)
    refused = mallory.post(f"/api/v1/relay-threads/{old['id']}/messages", json={"text": "还在吗"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "thread_closed"
    assert bob.get(f"/api/v1/relay-threads/{old['id']}").status_code == 404  # never Bob's


def test_a_finders_later_scan_reaches_the_new_owner_in_a_fresh_thread(app, resident, alices_dog):
    alice, licence, token = alices_dog
    finder, bob = resident("finder"), resident("bob")
    old = scan(finder, token, "我在新华大街看到一只狗，我家住在XX小区3号楼").get_json()
    answer = alice.post(f"/api/v1/relay-threads/{old['id']}/messages", json={"text": "谢谢，我是爱丽丝"})
    assert answer.status_code == 201
    assert transfer(alice, bob, licence).status_code == 200
    alices_scans = kinds(alice).count("tag_scanned")

    later = scan(finder, token, "又看到它了")
    assert later.status_code == 201, later.get_json()
    new = later.get_json()
    assert new["id"] != old["id"] and new["status"] == "open" and new["owner_phone"] is None
    assert [m["text"] for m in new["messages"]] == ["又看到它了"]
    # Bob is told and sees only what was written to him; Alice hears nothing more.
    assert "tag_scanned" in kinds(bob)
    assert kinds(alice).count("tag_scanned") == alices_scans
    bobs_view = bob.get(f"/api/v1/relay-threads/{new['id']}").get_json()
    assert bobs_view["my_side"] == "owner" and [m["text"] for m in bobs_view["messages"]] == ["又看到它了"]
    assert [t["id"] for t in bob.get("/api/v1/relay-threads").get_json()] == [new["id"]]
    # Bob's number reaches the finder only when Bob shares it.
    assert finder.get(f"/api/v1/relay-threads/{new['id']}").get_json()["owner_phone"] is None
    assert bob.post(f"/api/v1/relay-threads/{new['id']}/share-phone").status_code == 200
    assert finder.get(f"/api/v1/relay-threads/{new['id']}").get_json()["owner_phone"] == BOB["phone"]
    # The finder keeps reading the old thread (their own words and Alice's answer), closed.
    kept = finder.get(f"/api/v1/relay-threads/{old['id']}").get_json()
    assert kept["status"] == "closed" and len(kept["messages"]) == 2
    assert {t["id"] for t in finder.get("/api/v1/relay-threads").get_json()} == {old["id"], new["id"]}


def test_the_closing_is_told_and_audited(app, resident, alices_dog):
    alice, licence, token = alices_dog
    finder, bob = resident("finder"), resident("bob")
    old = scan(finder, token).get_json()
    alice.post(f"/api/v1/relay-threads/{old['id']}/share-phone")
    assert transfer(alice, bob, licence).status_code == 200
    told = finder.get("/api/v1/notifications").get_json()[0]
    assert told["kind"] == "relay_thread_closed"
    assert "重新扫描犬牌" in told["body"] and "电话号码已不再显示" in told["body"]
    assert ALICE_PHONE not in told["body"] and BOB["phone"] not in told["body"]
    alices = next(n for n in alice.get("/api/v1/notifications").get_json() if n["kind"] == "transfer_accepted")
    assert "1个留言会话已关闭" in alices["body"]
    [closing] = closings(app, old["id"])
    transfer_id = bob.get("/api/v1/transfers").get_json()[0]["id"]
    assert (closing.actor_type, closing.actor_id, closing.user_id) == ("resident", bob.user_id, finder.user_id)
    assert closing.from_status == "open" and closing.to_status == "closed" and "过户" in closing.reason
    assert closing.data["transfer_id"] == transfer_id and closing.data["shared_phone_withdrawn"] is True
    with app.app_context():
        thread = db.session.get(RelayThread, old["id"])
        assert thread.owner_shared_phone is None and thread.closed_at is not None


def test_a_transfer_back_leaves_each_holder_only_their_own_threads(resident, alices_dog):
    alice, licence, token = alices_dog
    finder, bob = resident("finder"), resident("bob")
    first = scan(finder, token).get_json()
    assert transfer(alice, bob, licence).status_code == 200
    second = scan(finder, token).get_json()
    assert transfer(bob, alice, licence, {"number": factories.id_number(seq="789")}).status_code == 200
    third = scan(finder, token).get_json()
    assert len({first["id"], second["id"], third["id"]}) == 3
    assert bob.get(f"/api/v1/relay-threads/{second['id']}").status_code == 404
    assert [t["id"] for t in alice.get("/api/v1/relay-threads").get_json()] == [third["id"]]
    assert alice.get(f"/api/v1/relay-threads/{first['id']}").status_code == 404  # left with the first transfer


def report_lost(alice, licence) -> dict:
    response = alice.post("/api/v1/lost-reports", json={
        "licence_id": licence["id"], "lost_at": "2026-11-22T08:00:00+08:00", "location": SPOT})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_dog_reported_lost_cannot_be_transferred(resident, alices_dog):
    """The lost report, its matches and the finders' threads are Alice's: the dog is not hers to hand over while
    she is looking for it."""
    alice, licence, _token = alices_dog
    bob = resident("bob")
    started = alice.post(f"/api/v1/licences/{licence['id']}/transfers", json={}).get_json()
    lost = report_lost(alice, licence)
    accepted = bob.post("/api/v1/transfers/accept", json={"code": started["code"], "owner": factories.owner(**BOB)})
    assert accepted.status_code == 409 and accepted.get_json()["error"]["code"] == "dog_reported_lost"
    assert bob.get("/api/v1/licences").get_json() == []
    assert alice.delete(f"/api/v1/transfers/{started['id']}").status_code == 200
    again = alice.post(f"/api/v1/licences/{licence['id']}/transfers", json={})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "dog_reported_lost"
    alice.post(f"/api/v1/lost-reports/{lost['id']}/close", json={"outcome": "reunited"})
    assert transfer(alice, bob, licence).status_code == 200


def test_match_threads_of_the_dogs_lost_reports_close_with_the_transfer(resident, alices_dog):
    alice, licence, _token = alices_dog
    finder, bob = resident("finder"), resident("bob")
    dog = licence["dog"]
    lost = report_lost(alice, licence)
    found = finder.post("/api/v1/found-reports", json={
        "dog": {"breed": dog["breed"], "sex": dog["sex"], "colour": dog["colour"], "size": "unknown"},
        "found_at": "2026-11-22T10:00:00+08:00", "location": SPOT, "photo_upload_ids": [], "message": "在公交站"})
    thread_id = found.get_json()["matches"][0]["thread_id"]
    assert alice.post(f"/api/v1/relay-threads/{thread_id}/messages", json={"text": "是我的狗"}).status_code == 201
    alice.post(f"/api/v1/lost-reports/{lost['id']}/close", json={"outcome": "reunited"})
    assert transfer(alice, bob, licence).status_code == 200

    # Through the match thread, too, the former owner would have shared the licence's (now Bob's) phone.
    assert alice.post(f"/api/v1/relay-threads/{thread_id}/share-phone").status_code == 404
    assert alice.post(f"/api/v1/relay-threads/{thread_id}/messages", json={"text": "hi"}).status_code == 404
    assert alice.get(f"/api/v1/lost-reports/{lost['id']}/mine").get_json()["matches"][0]["thread_id"] is None
    finders = finder.get(f"/api/v1/found-reports/{found.get_json()['id']}").get_json()
    assert finders["matches"][0]["thread_id"] == thread_id
    assert finder.get(f"/api/v1/relay-threads/{thread_id}").get_json()["status"] == "closed"
    assert finder.post(f"/api/v1/relay-threads/{thread_id}/messages", json={"text": "hi"}).status_code == 409


def test_cancelling_the_licence_closes_the_threads_the_lost_report_and_the_tag(client, resident, alices_dog):
    alice, licence, token = alices_dog
    finder, later = resident("finder"), resident("later")
    thread = scan(finder, token).get_json()
    lost = report_lost(alice, licence)
    cancelled = alice.post(f"/api/v1/licences/{licence['id']}/cancellation", json={"reason": "surrendered"})
    assert cancelled.status_code == 200
    # The dog may live with someone else now: nobody reaches its former holder through the tag any more.
    refused = scan(later, token)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "licence_cancelled"
    again = scan(finder, token)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "licence_cancelled"
    for who, action in ((finder, "messages"), (alice, "messages"), (alice, "share-phone")):
        response = who.post(f"/api/v1/relay-threads/{thread['id']}/{action}", json={"text": "还在吗"})
        assert response.status_code == 409 and response.get_json()["error"]["code"] == "thread_closed"
    # The holder of a cancelled licence is still who they were: they may read their closed thread.
    assert alice.get(f"/api/v1/relay-threads/{thread['id']}").get_json()["closed_reason"] == "licence_cancelled"
    assert alice.get(f"/api/v1/lost-reports/{lost['id']}/mine").get_json()["status"] == "given_up"
    assert client.get(f"/api/v1/lost-reports?lat={SPOT['lat']}&lng={SPOT['lng']}").get_json() == []
    assert client.get(f"/t/{token}", headers={"Accept": "application/json"}).get_json()["lost"] is False
    assert "relay_thread_closed" in kinds(finder)
    notice = next(n for n in alice.get("/api/v1/notifications").get_json() if n["kind"] == "licence_cancelled")
    assert "走失登记已结束" in notice["body"] and "1个留言会话已关闭" in notice["body"]


def test_a_recipient_who_once_wrote_as_finder_keeps_reading_and_is_not_told(resident, alices_dog):
    alice, licence, token = alices_dog
    bob = resident("bob")
    old = scan(bob, token, "我在公园看到它").get_json()
    assert transfer(alice, bob, licence).status_code == 200
    assert "relay_thread_closed" not in kinds(bob)
    kept = bob.get(f"/api/v1/relay-threads/{old['id']}").get_json()
    assert kept["my_side"] == "finder" and kept["status"] == "closed"
    own = scan(bob, token)
    assert own.status_code == 409 and own.get_json()["error"]["code"] == "own_dog"
