"""The Redis read cache for own licences and tag pages: every change shows at once; outages fall back."""
from datetime import date, timedelta

import pytest
import redis

from backend.core import cache, clock
from tests.support import factories, services

pytestmark = pytest.mark.services
REDIS_TEST_URL = services.REDIS_URL


@pytest.fixture
def config_overrides():
    services.require("redis")
    redis.Redis.from_url(REDIS_TEST_URL).flushdb()
    return {"REDIS_URL": REDIS_TEST_URL}


def cached_fields(key: str) -> list[bytes]:
    return sorted(redis.Redis.from_url(REDIS_TEST_URL).hkeys(key))


def tag_path(licence: dict) -> str:
    return "/t/" + licence["tag_url"].rsplit("/", 1)[1]


def test_licence_list_is_served_from_the_cache_and_dropped_on_change(resident, licensed):
    alice = resident("alice")
    licence = licensed(alice)
    first = alice.get("/api/v1/licences")
    assert cached_fields(cache.licences_key(alice.user_id)) == [f"{clock.today().isoformat()}:json".encode()]
    assert alice.get("/api/v1/licences").get_json() == first.get_json()
    alice.post(f"/api/v1/licences/{licence['id']}/cancellation", json={"reason": "died"})
    assert cached_fields(cache.licences_key(alice.user_id)) == []
    assert alice.get("/api/v1/licences").get_json()[0]["status"] == "cancelled"


def test_tag_page_variants_are_cached_and_dropped(resident, licensed, client):
    alice = resident("alice")
    licence = licensed(alice)
    client.get(tag_path(licence), headers={"Accept": "application/json"})
    client.get(tag_path(licence), headers={"Accept": "text/html"})
    key = cache.tag_key(tag_path(licence)[3:])
    assert len(cached_fields(key)) == 2
    html = client.get(tag_path(licence), headers={"Accept": "text/html"})
    assert html.mimetype == "text/html" and "旺财" in html.get_data(as_text=True)
    alice.post(f"/api/v1/licences/{licence['id']}/cancellation", json={"reason": "lost"})
    assert cached_fields(key) == []
    assert client.get(tag_path(licence), headers={"Accept": "application/json"}).get_json()["licence"]["status"] == \
        "cancelled"


def test_transfer_drops_both_holders_lists(resident, licensed):
    alice, bob = resident("alice"), resident("bob")
    licence = licensed(alice)
    assert len(alice.get("/api/v1/licences").get_json()) == 1 and bob.get("/api/v1/licences").get_json() == []
    code = alice.post(f"/api/v1/licences/{licence['id']}/transfers", json={}).get_json()["code"]
    bob.post("/api/v1/transfers/accept", json={"code": code, "owner": factories.owner(
        name="李四", number=factories.id_number(seq="456"), address="回民区中山西路8号", zone_code="huimin-key")})
    assert alice.get("/api/v1/licences").get_json() == []
    assert [item["id"] for item in bob.get("/api/v1/licences").get_json()] == [licence["id"]]


def test_renewal_address_change_and_expiry_show_at_once(resident, licensed, app):
    alice = resident("alice")
    licence = licensed(alice)
    expiry = date.fromisoformat(licence["expires_on"])
    with clock.travel_to(expiry - timedelta(days=3)):
        alice.get("/api/v1/licences")
        renewal = alice.post(f"/api/v1/licences/{licence['id']}/inspections", json={
            "vaccination": factories.vaccination(days_ago=1, valid_days=900, certificate_no="HH-RV-2027")})
        assert renewal.status_code == 201
        renewed = alice.get("/api/v1/licences").get_json()[0]
        assert renewed["expires_on"] > licence["expires_on"]
        alice.put(f"/api/v1/licences/{licence['id']}/address",
                  json={"address": "赛罕区大学东路10号", "zone_code": "saihan-general"})
        assert alice.get("/api/v1/licences").get_json()[0]["owner"]["zone_code"] == "saihan-general"
    with clock.travel_to(date.fromisoformat(renewed["expires_on"]) + timedelta(days=31)):
        alice.get("/api/v1/licences")
        app.test_cli_runner().invoke(args=["licences", "expire"])
        assert alice.get("/api/v1/licences").get_json()[0]["status"] == "expired"


def test_date_dependent_fields_are_never_served_on_another_day(resident, licensed):
    alice = resident("alice")
    licence = licensed(alice)
    assert alice.get("/api/v1/licences").get_json()[0]["renewal"]["overdue"] is False
    with clock.travel_to(date.fromisoformat(licence["expires_on"]) + timedelta(days=2)):
        assert alice.get("/api/v1/licences").get_json()[0]["renewal"]["overdue"] is True


def test_a_reader_that_read_before_a_change_cannot_store_what_it_read(app):
    with app.app_context():
        key = cache.licences_key("someone")
        seen = cache.generation(key)
        cache.drop(key)  # a write commits while the reader is still reading the database
        assert cache.put(key, "2026-01-01:json", b"[old]", seen) is False
        assert cache.get(key, "2026-01-01:json") is None
        assert cache.put(key, "2026-01-01:json", b"[new]", cache.generation(key)) is True


@pytest.mark.parametrize("config_overrides", [{"REDIS_URL": "redis://127.0.0.1:1/0"}])
def test_reads_and_writes_work_while_redis_is_down(resident, licensed, client, config_overrides):
    alice = resident("alice")
    licence = licensed(alice)
    assert alice.get("/api/v1/licences").get_json()[0]["id"] == licence["id"]
    assert client.get(tag_path(licence), headers={"Accept": "application/json"}).status_code == 200
    assert alice.post(f"/api/v1/licences/{licence['id']}/cancellation", json={"reason": "died"}).status_code == 200
