"""Resident logout and an admin's revoke-all, written as the attack: a token copied off the phone, used after the
resident logged out or after an admin revoked it. With and without Redis (the token version is read through Redis
when it is configured)."""
import pytest
import redis

from backend.accounts import revocation
from backend.accounts.models.people import User
from backend.audit.models import StatusChange
from backend.core.database.extensions import db
from backend.core.security import tokens
from tests.support import services


@pytest.fixture(params=["database", "redis"])
def config_overrides(request) -> dict:
    if request.param == "database":
        return {"REDIS_URL": ""}
    services.require("redis")
    redis.Redis.from_url(services.REDIS_URL).flushdb()
    return {"REDIS_URL": services.REDIS_URL}


def login(client, name: str) -> tuple[str, str]:
    body = client.post("/api/v1/auth/wx-login", json={"code": f"sandbox:{name}"}).get_json()
    return body["token"], body["user"]["id"]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_a_logged_out_token_is_refused_on_the_next_request(client):
    token, _ = login(client, "alice")
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=bearer(token)).get_json() == {"ok": True}
    refused = client.get("/api/v1/licences", headers=bearer(token))
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "token_revoked"
    assert client.post("/api/v1/auth/logout", headers=bearer(token)).status_code == 401
    fresh, _ = login(client, "alice")  # the mini-program logs in again with a new code
    assert client.get("/api/v1/me", headers=bearer(fresh)).status_code == 200


def test_logout_signs_the_resident_out_on_every_device_and_nobody_else(client):
    phone, _ = login(client, "alice")
    desktop, _ = login(client, "alice")
    bob, _ = login(client, "bob")
    client.post("/api/v1/auth/logout", headers=bearer(phone))
    assert client.get("/api/v1/me", headers=bearer(desktop)).status_code == 401
    assert client.get("/api/v1/me", headers=bearer(bob)).status_code == 200


def test_an_admins_revoke_all_refuses_every_token_of_that_resident(app, client, staff):
    phone, alice = login(client, "alice")
    desktop, _ = login(client, "alice")
    bob, _ = login(client, "bob")
    assert staff("reviewer").post(f"/api/v1/staff/residents/{alice}/revoke-tokens", json={}).status_code == 403
    assert client.post(f"/api/v1/staff/residents/{alice}/revoke-tokens", headers=bearer(bob)).status_code == 401
    admin = staff("admin")
    revoked = admin.post(f"/api/v1/staff/residents/{alice}/revoke-tokens", json={"reason": "手机丢失"})
    assert revoked.status_code == 200 and revoked.get_json()["user_id"] == alice
    for token in (phone, desktop):
        refused = client.get("/api/v1/me", headers=bearer(token))
        assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "token_revoked"
    assert client.get("/api/v1/me", headers=bearer(bob)).status_code == 200
    assert admin.post("/api/v1/staff/residents/nobody/revoke-tokens", json={}).status_code == 404
    with app.app_context():
        [change] = db.session.scalars(db.select(StatusChange).where(StatusChange.action == "tokens_revoked"))
        assert (change.entity_id, change.actor_type, change.reason) == (alice, "staff", "手机丢失")


def test_logout_is_in_the_audit_log(app, client):
    token, alice = login(client, "alice")
    client.post("/api/v1/auth/logout", headers=bearer(token))
    with app.app_context():
        [change] = db.session.scalars(db.select(StatusChange).where(StatusChange.action == "logged_out"))
        assert (change.entity_id, change.actor_type, change.actor_id) == (alice, "resident", alice)


def test_tokens_issued_before_versions_existed_work_until_a_revoke(app, client):
    _, alice = login(client, "alice")
    with app.app_context():
        old = tokens.issue("resident", {"u": alice})  # as issued before this release: no version
    assert client.get("/api/v1/me", headers=bearer(old)).status_code == 200
    client.post("/api/v1/auth/logout", headers=bearer(old))
    assert client.get("/api/v1/me", headers=bearer(old)).status_code == 401


def test_a_token_of_a_resident_who_no_longer_exists_is_refused(app, client):
    with app.app_context():
        ghost = tokens.issue("resident", {"u": "01HZZZZZZZZZZZZZZZZZZZZZZZ", "v": 0})
    assert client.get("/api/v1/licences", headers=bearer(ghost)).status_code == 401


@pytest.mark.parametrize("config_overrides", ["redis"], indirect=True)
def test_a_reader_cannot_put_an_old_version_back_into_redis(app, client):
    """The race a read-through store has: a request read version 0 from the database just before the logout
    committed, and stores it after the logout published version 1."""
    token, alice = login(client, "alice")
    client.post("/api/v1/auth/logout", headers=bearer(token))
    with app.test_request_context():
        revocation._raise_to(alice, 0)  # the slow reader's late store
        assert revocation.current_version(alice) == 1
        assert db.session.get(User, alice).token_version == 1
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


@pytest.mark.parametrize("config_overrides", ["redis"], indirect=True)
def test_revocation_holds_when_redis_lost_the_key(client):
    token, _ = login(client, "alice")
    client.post("/api/v1/auth/logout", headers=bearer(token))
    redis.Redis.from_url(services.REDIS_URL).flushdb()  # evicted, or Redis restarted empty
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


@pytest.mark.parametrize("config_overrides", [{"REDIS_URL": "redis://127.0.0.1:1/0"}])
def test_revocation_holds_when_redis_is_down(client):
    token, _ = login(client, "alice")
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    client.post("/api/v1/auth/logout", headers=bearer(token))
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_the_version_read_holds_no_sqlite_write_lock_over_the_rest_of_the_request(app, client, database):
    """Without Redis the version comes from the database; on SQLite every transaction holds the write lock, which
    must not stay held while the request goes on to call WeChat (the content check)."""
    from backend.accounts import auth

    token, alice = login(client, "alice")
    with app.test_request_context():
        assert auth.resident_id_from_token(token) == alice
        assert not db.session().in_transaction() or not database.startswith("sqlite")
