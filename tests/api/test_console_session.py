"""The staff console's cookie session: sign-in, CSRF, same-origin checks, idle timeout, logout, password change.

Each protection is tested as the attack: the forged request without the token, from another origin, with a stolen
cookie after logout, after idling, after the password changed."""
from datetime import timedelta

import pytest

from backend.accounts.staff_accounts import create_staff
from backend.core import clock

PASSWORD = "correct-horse"


@pytest.fixture
def reviewer_account(app):
    with app.app_context():
        create_staff("li.shen", "reviewer", PASSWORD, display_name="李审")
    return "li.shen"


def sign_in(client, username, password=PASSWORD, **headers):
    return client.post("/api/v1/staff/session", json={"username": username, "password": password}, headers=headers)


def cookie(client, name):
    found = client.get_cookie(name)
    return found.value if found else None


def test_sign_in_sets_an_httponly_strict_cookie_and_a_csrf_token(client, reviewer_account):
    response = sign_in(client, reviewer_account)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["staff"] == {"id": body["staff"]["id"], "username": "li.shen", "display_name": "李审",
                             "role": "reviewer"}
    assert body["idle_timeout_seconds"] == 1800
    set_cookies = response.headers.getlist("Set-Cookie")
    session_header = next(h for h in set_cookies if h.startswith("dogpass_staff_session="))
    csrf_header = next(h for h in set_cookies if h.startswith("dogpass_csrf="))
    assert "HttpOnly" in session_header and "SameSite=Strict" in session_header and "Path=/" in session_header
    assert "Secure" not in session_header  # plain HTTP here; over HTTPS it is set (below)
    assert "HttpOnly" not in csrf_header and "SameSite=Strict" in csrf_header
    assert cookie(client, "dogpass_csrf") == body["csrf_token"]
    assert "token" not in body  # the session token never reaches the page's script
    me = client.get("/api/v1/staff/session")
    assert me.status_code == 200 and me.get_json()["staff"]["username"] == "li.shen"
    queue = client.get("/api/v1/staff/licence-applications")
    assert queue.status_code == 200


def test_cookies_are_secure_over_https(client, reviewer_account):
    response = client.post("/api/v1/staff/session", json={"username": reviewer_account, "password": PASSWORD},
                           base_url="https://localhost")
    assert all("Secure" in h for h in response.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize("config_overrides", [{"STAFF_SESSION_COOKIE_SECURE": True}])
def test_cookies_can_be_secure_when_a_proxy_ended_tls(client, reviewer_account, config_overrides):
    """As production does by default: the app sees plain HTTP from the proxy, the browser is on HTTPS."""
    response = sign_in(client, reviewer_account)
    assert response.status_code == 200
    assert all("Secure" in h for h in response.headers.getlist("Set-Cookie"))


def test_an_origin_of_this_host_over_https_is_this_origin_behind_a_tls_proxy(client, reviewer_account):
    sign_in(client, reviewer_account)
    response = client.delete("/api/v1/staff/session", headers={"Origin": "https://localhost",
                                                               "X-CSRF-Token": cookie(client, "dogpass_csrf")})
    assert response.status_code == 200
    evil = client.post("/api/v1/staff/session", json={"username": reviewer_account, "password": PASSWORD},
                       headers={"Origin": "https://localhost.evil.example"})
    assert evil.status_code == 403


def test_wrong_password_is_refused_in_chinese(client, reviewer_account):
    response = sign_in(client, reviewer_account, "wrong-password")
    assert response.status_code == 401
    assert response.get_json()["error"]["message"] == "用户名或密码错误"
    assert cookie(client, "dogpass_staff_session") is None


def test_a_forged_post_without_the_csrf_token_is_refused_and_changes_nothing(client, reviewer_account, resident,
                                                                            submitted):
    application_id = submitted(resident("alice"))
    sign_in(client, reviewer_account)
    forged = client.post(f"/api/v1/staff/licence-applications/{application_id}/reject",
                         json={"reason": "伪造的驳回"})
    assert forged.status_code == 403 and forged.get_json()["error"]["code"] == "csrf_failed"
    wrong = client.post(f"/api/v1/staff/licence-applications/{application_id}/reject",
                        json={"reason": "伪造的驳回"}, headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403
    still = client.get(f"/api/v1/staff/licence-applications/{application_id}").get_json()
    assert still["status"] == "pending_review"
    token = cookie(client, "dogpass_csrf")
    real = client.post(f"/api/v1/staff/licence-applications/{application_id}/reject",
                       json={"reason": "照片不清晰"}, headers={"X-CSRF-Token": token})
    assert real.status_code == 200 and real.get_json()["status"] == "rejected"


def test_a_request_from_another_origin_is_refused_even_with_the_token(client, reviewer_account, resident, submitted):
    application_id = submitted(resident("alice"))
    sign_in(client, reviewer_account)
    token = cookie(client, "dogpass_csrf")
    path = f"/api/v1/staff/licence-applications/{application_id}/approve"
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Sec-Fetch-Site": "same-site"}):
        refused = client.post(path, headers={"X-CSRF-Token": token, **headers})
        assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "csrf_failed", headers
    same = client.post(path, headers={"X-CSRF-Token": token, "Origin": "http://localhost",
                                      "Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 200


def test_signing_in_from_another_site_is_refused(client, reviewer_account):
    response = sign_in(client, reviewer_account, **{"Origin": "http://evil.example"})
    assert response.status_code == 403
    assert cookie(client, "dogpass_staff_session") is None


def test_the_csrf_token_of_one_session_does_not_fit_another(client, app, reviewer_account, resident, submitted):
    application_id = submitted(resident("alice"))
    other = app.test_client()
    sign_in(other, reviewer_account)
    stolen_token = cookie(other, "dogpass_csrf")
    sign_in(client, reviewer_account)
    response = client.post(f"/api/v1/staff/licence-applications/{application_id}/approve",
                           headers={"X-CSRF-Token": stolen_token})
    assert response.status_code == 403


def test_an_idle_session_is_refused(client, reviewer_account):
    sign_in(client, reviewer_account)
    with clock.travel_to(clock.now() + timedelta(minutes=29)):
        assert client.get("/api/v1/staff/session").status_code == 200  # activity moves the idle clock on
    with clock.travel_to(clock.now() + timedelta(minutes=29 + 29)):
        assert client.get("/api/v1/staff/session").status_code == 200
    with clock.travel_to(clock.now() + timedelta(minutes=29 + 29 + 31)):
        idle = client.get("/api/v1/staff/session")
        assert idle.status_code == 401 and idle.get_json()["error"]["code"] == "session_idle"
        assert "未操作" in idle.get_json()["error"]["message"]
    again = client.get("/api/v1/staff/session")  # ended for good, also when the clock comes back
    assert again.status_code == 401 and again.get_json()["error"]["code"] == "session_ended"


def test_logout_ends_the_session_and_a_copied_cookie_stops_working(client, app, reviewer_account):
    sign_in(client, reviewer_account)
    stolen = cookie(client, "dogpass_staff_session")
    token = cookie(client, "dogpass_csrf")
    assert client.delete("/api/v1/staff/session").status_code == 403  # logout is unsafe too: needs the token
    response = client.delete("/api/v1/staff/session", headers={"X-CSRF-Token": token})
    assert response.status_code == 200
    assert cookie(client, "dogpass_staff_session") is None
    thief = app.test_client()
    thief.set_cookie("dogpass_staff_session", stolen)
    assert thief.get("/api/v1/staff/session").status_code == 401


def test_logout_of_one_session_leaves_the_others(client, app, reviewer_account):
    sign_in(client, reviewer_account)
    other = app.test_client()
    sign_in(other, reviewer_account)
    client.delete("/api/v1/staff/session", headers={"X-CSRF-Token": cookie(client, "dogpass_csrf")})
    assert other.get("/api/v1/staff/session").status_code == 200


def test_changing_the_password_signs_out_other_sessions_and_tokens(client, app, reviewer_account):
    sign_in(client, reviewer_account)
    other = app.test_client()
    sign_in(other, reviewer_account)
    bearer = app.test_client().post("/api/v1/staff/auth/login",
                                    json={"username": reviewer_account, "password": PASSWORD}).get_json()["token"]
    token = cookie(client, "dogpass_csrf")
    wrong = client.post("/api/v1/staff/password", json={"current_password": "nope", "new_password": "new-password-1"},
                        headers={"X-CSRF-Token": token})
    assert wrong.status_code == 422 and wrong.get_json()["error"]["code"] == "wrong_password"
    short = client.post("/api/v1/staff/password", json={"current_password": PASSWORD, "new_password": "short"},
                        headers={"X-CSRF-Token": token})
    assert short.status_code == 422 and "new_password" in short.get_json()["error"]["details"]
    changed = client.post("/api/v1/staff/password",
                          json={"current_password": PASSWORD, "new_password": "new-password-1"},
                          headers={"X-CSRF-Token": token})
    assert changed.status_code == 200
    assert client.get("/api/v1/staff/session").status_code == 200  # this session carries on (new cookie)
    assert other.get("/api/v1/staff/session").status_code == 401
    assert app.test_client().get("/api/v1/staff/licence-applications",
                                 headers={"Authorization": f"Bearer {bearer}"}).status_code == 401
    assert sign_in(app.test_client(), reviewer_account).status_code == 401
    assert sign_in(app.test_client(), reviewer_account, "new-password-1").status_code == 200


def test_bearer_tokens_still_work_and_need_no_csrf_token(staff, resident, submitted):
    application_id = submitted(resident("alice"))
    reviewer = staff("reviewer")
    assert reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/approve").status_code == 200


def test_the_cookie_is_never_read_for_resident_endpoints(client, reviewer_account):
    sign_in(client, reviewer_account)
    assert client.get("/api/v1/me").status_code == 401


def test_a_reviewer_cannot_list_staff_accounts_but_an_admin_can(client, app, reviewer_account):
    sign_in(client, reviewer_account)
    refused = client.get("/api/v1/staff/accounts")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "role_required"
    with app.app_context():
        create_staff("wang.admin", "admin", PASSWORD)
    admin = app.test_client()
    sign_in(admin, "wang.admin")
    accounts = admin.get("/api/v1/staff/accounts").get_json()
    assert {a["username"] for a in accounts} >= {"li.shen", "wang.admin"}
    assert all("password_hash" not in a for a in accounts)


def test_logout_after_the_session_went_idle_still_clears_the_cookies(client, reviewer_account):
    sign_in(client, reviewer_account)
    token = cookie(client, "dogpass_csrf")
    with clock.travel_to(clock.now() + timedelta(minutes=31)):
        response = client.delete("/api/v1/staff/session", headers={"X-CSRF-Token": token})
    assert response.status_code == 200
    assert cookie(client, "dogpass_staff_session") is None and cookie(client, "dogpass_csrf") is None


def test_logout_from_another_site_is_refused(client, reviewer_account):
    sign_in(client, reviewer_account)
    response = client.delete("/api/v1/staff/session", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert client.get("/api/v1/staff/session").status_code == 200
