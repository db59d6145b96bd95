"""犬证 for staff (issue 16): search by licence number, tag token or URL, chip number, the ID number's last digits or
its masked form; a licence's file with its dog, owner (masked), vaccination and whole trail; the full phone only
through the recorded reveal; the tag's QR code. Reviewers, customer service and admins; nobody else."""
from __future__ import annotations

import io
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import event

from backend.core import clock
from backend.core.database.extensions import db
from backend.media import qr
from tests.support import factories

PHONE = "13800138000"
SAIHAN = {"zone_code": "saihan-general", "address": "赛罕区大学西街5号"}  # two dogs per household there
BOB = {"name": "李四", "number": factories.id_number(seq="456"), "address": "回民区中山西路8号",
       "zone_code": "huimin-key", "phone": "13900139000"}


def found(who, q: str, **query) -> list[str]:
    response = who.get("/api/v1/staff/licences", query_string={"q": q, **query})
    assert response.status_code == 200, response.get_json()
    assert response.headers["X-Total-Count"] == str(len(response.get_json()))
    return [item["licence_no"] for item in response.get_json()]


@pytest.fixture
def two_licences(resident, licensed):
    alice, bob = resident("alice"), resident("bob")
    first = licensed(alice, dog_fields={"name": "旺财", "chip_no": "900123456789012"})
    second = licensed(bob, dog_fields={"name": "小黑"}, owner_fields={k: v for k, v in BOB.items()})
    return alice, first, bob, second


def test_found_by_licence_number_tag_token_or_url_chip_and_the_id_numbers_tail(staff, two_licences):
    _, first, _, second = two_licences
    reviewer = staff("reviewer")
    assert found(reviewer, first["licence_no"].lower()) == [first["licence_no"]]
    token = first["tag_url"].rsplit("/", 1)[1]
    assert found(reviewer, token) == [first["licence_no"]]
    assert found(reviewer, first["tag_url"]) == [first["licence_no"]]  # what a scanner reads off the tag
    assert found(reviewer, "900123456789012") == [first["licence_no"]]
    alice_tail, bob_tail = factories.id_number()[-4:], BOB["number"][-4:]
    assert alice_tail != bob_tail
    assert found(reviewer, bob_tail) == [second["licence_no"]]
    assert found(reviewer, second["owner"]["id_number"]) == [second["licence_no"]]  # the masked form staff read
    assert found(reviewer, BOB["number"][6:14]) == []  # the hidden middle is never searchable
    assert found(reviewer, "%") == [] and found(reviewer, "_") == []  # LIKE wildcards are literal
    assert found(reviewer, "旺财") == []  # dog names are the review queue's search, not this one
    item = reviewer.get("/api/v1/staff/licences", query_string={"q": bob_tail}).get_json()[0]
    assert item["owner_id_number"] == second["owner"]["id_number"] and "*" in item["owner_id_number"]
    assert item["dog_name"] == "小黑" and item["status"] == "active" and "phone" not in item


def test_the_status_filter_and_the_newest_first(resident, staff, licensed):
    alice = resident("alice")
    with clock.travel_to(clock.now() - timedelta(days=20)):
        older = licensed(alice, dog_fields={"name": "大黄"}, owner_fields=SAIHAN)
    newer = licensed(alice, dog_fields={"name": "二黄"}, owner_fields=SAIHAN)
    tail = factories.id_number()[-4:]
    reviewer = staff("reviewer")
    assert found(reviewer, tail) == [newer["licence_no"], older["licence_no"]]
    assert alice.post(f"/api/v1/licences/{older['id']}/cancellation", json={"reason": "died"}).status_code == 200
    assert found(reviewer, tail, status="cancelled") == [older["licence_no"]]
    assert found(reviewer, tail, status="active") == [newer["licence_no"]]
    paged = reviewer.get("/api/v1/staff/licences", query_string={"q": tail, "limit": 1, "offset": 1})
    assert paged.headers["X-Total-Count"] == "2" and paged.get_json()[0]["licence_no"] == older["licence_no"]
    refused = reviewer.get("/api/v1/staff/licences", query_string={"q": tail, "status": "lost"})
    assert refused.status_code == 422 and "query.status" in refused.get_json()["error"]["details"]


def test_reviewers_customer_service_and_admins_only(client, resident, staff, licensed):
    alice = resident("alice")
    licence = licensed(alice)
    for role in ("reviewer", "service", "admin"):
        who = staff(role)
        assert who.get(f"/api/v1/staff/licences/{licence['id']}").status_code == 200, role
        assert found(who, licence["licence_no"]) == [licence["licence_no"]]
    for role in ("shelter", "dispatcher"):
        response = staff(role).get(f"/api/v1/staff/licences/{licence['id']}")
        assert response.status_code == 403 and response.get_json()["error"]["code"] == "role_required"
    assert alice.get(f"/api/v1/staff/licences/{licence['id']}").status_code == 401
    assert client.get("/api/v1/staff/licences?q=DP").status_code == 401
    missing = staff("service").get("/api/v1/staff/licences/01JZZZZZZZZZZZZZZZZZZZZZZZ")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "licence_not_found"


def test_the_file_shows_dog_vaccination_and_a_masked_owner_and_its_trail(resident, staff, licensed):
    alice = resident("alice")
    licence = licensed(alice, dog_fields={"name": "旺财", "chip_no": "900123456789012"})
    service = staff("service")
    response = service.get(f"/api/v1/staff/licences/{licence['id']}")
    body = response.get_json()
    assert body["licence_no"] == licence["licence_no"] and body["status"] == "active" and body["valid"] is True
    assert body["dog"]["name"] == "旺财" and body["dog"]["chip_no"] == "900123456789012"
    assert body["dog"]["photo_urls"] and service.get(body["dog"]["photo_urls"][0]).status_code == 200
    assert body["owner"]["phone"] == "138****8000" and body["owner"]["address"] == "新城区****"
    assert PHONE not in response.get_data(as_text=True) and "海拉尔东街" not in response.get_data(as_text=True)
    assert body["vaccination"]["valid"] is True and body["vaccination"]["certificate_no"] == "HH-RV-0001"
    assert body["zone_name"] and body["tag_url"] == licence["tag_url"] and body["lost"] is False
    steps = [(e["subject"], e["action"], e["actor_type"]) for e in body["timeline"]]
    assert steps[0] == ("application", "submitted", "resident")
    assert set(steps[1:]) == {("application", "approved", "staff"), ("licence", "issued", "staff")}  # one commit
    issued = next(e for e in body["timeline"] if e["action"] == "issued")
    assert issued["data"]["licence_no"] == licence["licence_no"] and issued["to"] == "active"
    assert issued["actor_name"].startswith("reviewer-")  # the reviewer who approved it


def test_the_trail_follows_the_licence_through_address_change_inspection_transfer_and_cancellation(
        resident, staff, licensed):
    alice, bob = resident("alice"), resident("bob")
    licence = licensed(alice)
    assert alice.put(f"/api/v1/licences/{licence['id']}/address", json={
        "address": "赛罕区大学东路10号", "zone_code": "saihan-general"}).status_code == 200
    with clock.travel_to(date.fromisoformat(licence["expires_on"]) - timedelta(days=3)):
        renewed = alice.post(f"/api/v1/licences/{licence['id']}/inspections", json={
            "vaccination": factories.vaccination(days_ago=1, valid_days=3 * 365, certificate_no="HH-RV-2027")})
        assert renewed.status_code == 201 and renewed.get_json()["status"] == "issued"
        code = alice.post(f"/api/v1/licences/{licence['id']}/transfers", json={}).get_json()["code"]
        accepted = bob.post("/api/v1/transfers/accept", json={"code": code, "owner": factories.owner(**BOB)})
        assert accepted.status_code == 200
        cancelled = bob.post(f"/api/v1/licences/{licence['id']}/cancellation", json={"reason": "relocated"})
        assert cancelled.status_code == 200

    body = staff("reviewer").get(f"/api/v1/staff/licences/{licence['id']}").get_json()
    licence_steps = [e["action"] for e in body["timeline"] if e["subject"] == "licence"]
    assert licence_steps == ["issued", "address_changed", "renewed", "transferred", "cancelled"]
    kinds = {(e["subject"], e["action"]) for e in body["timeline"]}
    assert {("inspection", "submitted"), ("inspection", "issued"), ("transfer", "started"),
            ("transfer", "accepted")} <= kinds
    ats = [e["at"] for e in body["timeline"]]
    assert ats == sorted(ats)
    assert body["status"] == "cancelled" and body["cancel_reason"] == "迁出本市" and body["valid"] is False
    assert body["owner"]["name"] == "李四" and body["owner"]["phone"] == "139****9000"
    renewal = next(e for e in body["timeline"] if e["action"] == "renewed")
    assert renewal["data"]["previous_expires_on"] == licence["expires_on"]


def test_the_full_phone_is_a_recorded_action_shown_on_the_trail(resident, staff, licensed):
    alice = resident("alice")
    licence = licensed(alice)
    service, admin = staff("service"), staff("admin")
    revealed = service.post("/api/v1/staff/personal-data/reveal", json={
        "record_type": "licence", "record_id": licence["id"], "fields": ["phone"], "reason": "居民来电要求回电"})
    assert revealed.status_code == 200, revealed.get_json()
    assert revealed.get_json()["phone"] == PHONE and revealed.get_json()["address"] is None
    [entry] = admin.get("/api/v1/staff/personal-data/access-log", query_string={"record_id": licence["id"]}).get_json()
    assert (entry["record_type"], entry["staff_username"], entry["fields"]) == ("licence", service.username, ["phone"])
    assert entry["subject_user_id"] == alice.user_id and entry["reason"] == "居民来电要求回电"
    timeline = service.get(f"/api/v1/staff/licences/{licence['id']}").get_json()["timeline"]
    look = timeline[-1]
    assert (look["subject"], look["action"], look["actor_name"]) == ("personal_data", "revealed", service.username)
    assert look["data"] == {"fields": ["phone"]} and look["reason"] == "居民来电要求回电"
    for role in ("shelter", "dispatcher"):
        refused = staff(role).post("/api/v1/staff/personal-data/reveal", json={
            "record_type": "licence", "record_id": licence["id"], "fields": ["phone"]})
        assert refused.status_code == 403 and PHONE not in refused.get_data(as_text=True)


def test_the_tag_qr_code_for_staff(resident, staff, licensed, app):
    licence = licensed(resident("alice"))
    reviewer = staff("reviewer")
    body = reviewer.get(f"/api/v1/staff/licences/{licence['id']}").get_json()
    png = reviewer.get(body["qrcode_url"])
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert Image.open(io.BytesIO(png.data)).format == "PNG"
    with app.app_context():
        assert png.data == qr.png(licence["tag_url"])  # the public tag page's URL
    assert staff("shelter").get(body["qrcode_url"]).status_code == 403


@contextmanager
def statements(app):
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):  # not SQLite's BEGIN
            seen.append(statement)

    with app.app_context():
        engine = db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            yield seen
        finally:
            event.remove(engine, "before_cursor_execute", count)


def test_the_file_and_the_search_take_the_same_few_statements_however_long_the_history(app, resident, staff,
                                                                                       licensed):
    from backend.workbench import licences as licence_search

    alice = resident("alice")
    short = licensed(alice, dog_fields={"name": "甲"}, owner_fields=SAIHAN)
    long = licensed(alice, dog_fields={"name": "乙"}, owner_fields=SAIHAN)
    for street in ("赛罕区大学东路10号", "赛罕区大学东路12号", "赛罕区大学东路14号"):
        assert alice.put(f"/api/v1/licences/{long['id']}/address", json={
            "address": street, "zone_code": "saihan-general"}).status_code == 200
    with clock.travel_to(date.fromisoformat(long["expires_on"]) - timedelta(days=3)):
        vaccination = factories.vaccination(days_ago=1, valid_days=3 * 365, certificate_no="HH-RV-2027")
        renewed = alice.post(f"/api/v1/licences/{long['id']}/inspections", json={"vaccination": vaccination})
        assert renewed.status_code == 201
    reviewer = staff("reviewer")
    reviewer.post("/api/v1/staff/personal-data/reveal", json={
        "record_type": "licence", "record_id": long["id"], "fields": ["phone"]})

    files = {}
    for licence in (short, long):
        with statements(app) as seen:
            with app.test_request_context():
                files[licence["id"]] = licence_search.licence_file(licence["id"])
        assert len(seen) == 4, seen  # licence+dog+vaccination+zone, related ids, audit rows, reveals
    assert len(files[long["id"]].timeline) > len(files[short["id"]].timeline) + 5

    def served(path: str) -> int:
        with statements(app) as seen:
            assert reviewer.get(path).status_code == 200
        return len(seen)

    assert served(f"/api/v1/staff/licences/{short['id']}") == served(f"/api/v1/staff/licences/{long['id']}")
    tail = factories.id_number()[-4:]
    assert served(f"/api/v1/staff/licences?q={short['licence_no']}") == served(f"/api/v1/staff/licences?q={tail}")
    with statements(app) as seen:
        with app.test_request_context():
            assert len(licence_search.search(tail).items) == 2
    assert len(seen) == 1  # the page with its dogs and the total (a window count): the ID scan runs once
    with statements(app) as seen:
        with app.test_request_context():
            past = licence_search.search(tail, offset=5)
    assert (past.items, past.total, len(seen)) == ([], 2, 2)  # past the end: no rows, the total still counted
