import pytest


def test_wx_login_through_the_sandbox_returns_our_token_and_never_the_session_key(client, app):
    response = client.post("/api/v1/auth/wx-login", json={"code": "sandbox:alice"})
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) >= {"token", "user"} and body["user"]["id"]
    assert "session_key" not in response.get_data(as_text=True)
    again = client.post("/api/v1/auth/wx-login", json={"code": "sandbox:alice"}).get_json()
    assert again["user"]["id"] == body["user"]["id"]
    other = client.post("/api/v1/auth/wx-login", json={"code": "sandbox:bob"}).get_json()
    assert other["user"]["id"] != body["user"]["id"]
    with app.app_context():
        from backend.accounts.models.people import User
        from backend.core.database.extensions import db

        user = db.session.get(User, body["user"]["id"])
        assert (user.mini_openid, user.unionid) == ("sbx-mini-alice", "sbx-union-alice")


def test_a_code_wechat_rejects_is_401(client):
    response = client.post("/api/v1/auth/wx-login", json={"code": "not-a-sandbox-code"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_login_code"


def test_an_answer_naming_nobody_is_a_refused_login_not_a_500(client, sandbox):
    """WeChat answering errcode 0 without an openid (here the sandbox's injected fault "0") logs nobody in: a 401
    like any refused code, where reading result["openid"] was a KeyError and a 500 (found by the schemathesis run,
    which had queued that fault through /_sandbox/wechat/faults)."""
    sandbox.store.add_fault("jscode2session", 0, 1)
    response = client.post("/api/v1/auth/wx-login", json={"code": "sandbox:alice"})
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "invalid_login_code"
    assert client.post("/api/v1/auth/wx-login", json={"code": "sandbox:alice"}).status_code == 200  # fault spent


def test_me_shows_the_profile(resident):
    body = resident("alice").get("/api/v1/me").get_json()
    assert body["public_account"] == {"followed": False}
    assert body["active_licences"] == 0


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not-a-token", "Basic abc"])
def test_missing_or_bad_tokens_are_401(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/licences", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["message"]


def test_a_staff_token_is_not_a_resident_token(staff, client):
    reviewer = staff("reviewer")
    response = client.get("/api/v1/licences", headers={"Authorization": f"Bearer {reviewer.token}"})
    assert response.status_code == 401


def test_staff_login_and_role_checks(staff, resident):
    reviewer, shelter, admin = staff("reviewer"), staff("shelter"), staff("admin")
    assert reviewer.get("/api/v1/staff/licence-applications").status_code == 200
    assert admin.get("/api/v1/staff/licence-applications").status_code == 200
    refused = shelter.get("/api/v1/staff/licence-applications")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "role_required"
    as_resident = resident("alice").get("/api/v1/staff/licence-applications")
    assert as_resident.status_code == 401


def test_unknown_username_looks_like_a_wrong_password(client):
    response = client.post("/api/v1/staff/auth/login", json={"username": "nobody", "password": "whatever1"})
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "invalid_credentials"


def test_logout_revokes_the_staff_token(staff):
    reviewer = staff("reviewer")
    assert reviewer.post("/api/v1/staff/auth/logout").status_code == 200
    assert reviewer.get("/api/v1/staff/licence-applications").status_code == 401


@pytest.mark.parametrize("config_overrides", [{"RATELIMIT_ENABLED": True}])
def test_staff_login_floods_from_one_address_are_cut_at_60_a_minute(client):
    """Whatever the outcome (here: bodies that fail validation, so no password is hashed): scrypt costs CPU."""
    codes = [client.post("/api/v1/staff/auth/login", json={}).status_code for _ in range(62)]
    assert codes[:60] == [422] * 60
    assert codes[60:] == [429, 429]


def test_cli_creates_staff_with_a_role(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["staff", "create", "wang", "--role", "dispatcher", "--password", "long-enough"])
    assert result.exit_code == 0, result.output
    duplicate = runner.invoke(args=["staff", "create", "wang", "--role", "dispatcher", "--password", "long-enough"])
    assert duplicate.exit_code != 0 and "用户名已存在" in duplicate.output
    bad_role = runner.invoke(args=["staff", "create", "li", "--role", "boss", "--password", "long-enough"])
    assert bad_role.exit_code != 0
