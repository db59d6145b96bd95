"""系统 › 工作人员 (issue 16): an admin creates accounts, changes roles, resets passwords, disables and enables them,
on SQLite and MariaDB — written as what a city needs to hold: a one-time password opens nothing but the password
change, a disabled account's session and token stop at once, the last admin cannot go, every change says who, when
and why, and a refused change leaves nothing behind."""
from __future__ import annotations

import pytest

from backend.accounts.models.people import StaffUser
from backend.accounts.models.staff_sessions import StaffSession
from backend.accounts.staff_accounts import ONE_TIME_ALPHABET, ONE_TIME_LENGTH
from backend.audit.models import StatusChange
from backend.core.database.extensions import db
from backend.core.errors import Forbidden
from tests.conftest import Api

ACCOUNTS = "/api/v1/staff/accounts"
WHY = {"reason": "新入职审核员"}


def error(response) -> tuple[int, str]:
    return response.status_code, response.get_json()["error"]["code"]


def audit_rows(app, entity_id: str) -> list[StatusChange]:
    with app.app_context():
        rows = list(db.session.scalars(db.select(StatusChange).where(StatusChange.entity_type == "staff_user",
                                                                     StatusChange.entity_id == entity_id)
                                       .order_by(StatusChange.at)))
        db.session.expunge_all()
    return rows


def staff_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(StaffUser.id)))


def create(admin: Api, username="zhao.min", role="reviewer", display_name="赵敏", **extra):
    return admin.post(ACCOUNTS, json={"username": username, "display_name": display_name, "role": role, **WHY,
                                      **extra})


def login(client, username, password):
    return client.post("/api/v1/staff/auth/login", json={"username": username, "password": password})


def test_a_new_account_gets_a_one_time_password_that_opens_only_the_password_change(app, client, staff):
    admin = staff("admin")
    created = create(admin)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    password = body["one_time_password"]
    assert len(password) == ONE_TIME_LENGTH and set(password) <= set(ONE_TIME_ALPHABET)
    assert body["account"]["username"] == "zhao.min" and body["account"]["role"] == "reviewer"
    assert body["account"]["must_change_password"] is True and body["account"]["login_locks"] == []
    with app.app_context():
        stored = db.session.scalar(db.select(StaffUser).where(StaffUser.username == "zhao.min"))
        assert password not in stored.password_hash  # never stored in clear
    [made] = audit_rows(app, body["account"]["id"])
    assert (made.action, made.actor_type, made.actor_id, made.reason, made.to_status) == (
        "created", "staff", admin_id(app, admin), WHY["reason"], "reviewer")
    assert password not in str(made.data)
    listed = {a["username"]: a for a in admin.get(ACCOUNTS).get_json()}
    assert "one_time_password" not in listed["zhao.min"] and listed["zhao.min"]["must_change_password"] is True

    signed_in = login(client, "zhao.min", password)
    assert signed_in.status_code == 200 and signed_in.get_json()["password_change_required"] is True
    member = Api(client, signed_in.get_json()["token"])
    assert error(member.get("/api/v1/staff/licence-applications")) == (403, "password_change_required")
    assert error(member.get("/api/v1/staff/reject-reasons")) == (403, "password_change_required")
    assert member.get("/api/v1/staff/session").status_code == 200  # who am I still answers
    same = member.post("/api/v1/staff/password", json={"current_password": password, "new_password": password})
    assert error(same) == (422, "validation_failed")
    changed = member.post("/api/v1/staff/password", json={"current_password": password,
                                                          "new_password": "my-own-password"})
    assert changed.status_code == 200
    assert error(member.get("/api/v1/staff/session")) == (401, "invalid_token")  # a new token from now on
    assert login(client, "zhao.min", password).status_code == 401
    again = login(client, "zhao.min", "my-own-password").get_json()
    assert again["password_change_required"] is False
    assert Api(client, again["token"]).get("/api/v1/staff/licence-applications").status_code == 200


def admin_id(app, admin: Api) -> str:
    with app.app_context():
        return db.session.scalar(db.select(StaffUser.id).where(StaffUser.username == admin.username))


def test_in_the_console_the_session_says_so_and_the_password_change_keeps_it(app, client, staff):
    password = create(staff("admin"), username="qian.li").get_json()["one_time_password"]
    browser = app.test_client()
    signed_in = browser.post("/api/v1/staff/session", json={"username": "qian.li", "password": password})
    assert signed_in.status_code == 200 and signed_in.get_json()["password_change_required"] is True
    csrf = {"X-CSRF-Token": signed_in.get_json()["csrf_token"]}
    assert error(browser.get("/api/v1/staff/licence-applications")) == (403, "password_change_required")
    changed = browser.post("/api/v1/staff/password", headers=csrf,
                           json={"current_password": password, "new_password": "qian-li-own-1"})
    assert changed.status_code == 200
    session = browser.get("/api/v1/staff/session").get_json()
    assert session["password_change_required"] is False
    assert browser.get("/api/v1/staff/licence-applications").status_code == 200


ADMIN_CALLS = [("get", ACCOUNTS, None), ("post", ACCOUNTS, {"username": "x.y.z", "display_name": "某", "role": "admin",
                                                             **WHY}),
               ("post", ACCOUNTS + "/{id}/role", {"role": "admin", **WHY}),
               ("post", ACCOUNTS + "/{id}/reset-password", WHY), ("post", ACCOUNTS + "/{id}/disable", WHY),
               ("post", ACCOUNTS + "/{id}/enable", WHY), ("post", ACCOUNTS + "/{id}/unlock", WHY),
               ("get", "/api/v1/staff/audit-log", None), ("get", "/api/v1/staff/reference", None),
               ("get", "/api/v1/staff/fee-schedule", None)]


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_CALLS)
def test_a_reviewer_calling_the_administration_gets_403_and_changes_nothing(app, staff, method, path, body):
    reviewer = staff("reviewer")
    target = admin_id(app, reviewer)
    before = (staff_count(app), len(audit_rows(app, target)))
    url = path.format(id=target)
    answer = reviewer.get(url) if method == "get" else reviewer.post(url, json=body)
    assert error(answer) == (403, "role_required")
    assert (staff_count(app), len(audit_rows(app, target))) == before
    with app.app_context():
        assert db.session.get(StaffUser, target).role == "reviewer"
    nobody = Api(reviewer.client)
    assert (nobody.get(url) if method == "get" else nobody.post(url, json=body)).status_code == 401


def test_disabling_ends_the_session_and_the_token_at_once(app, client, staff):
    admin, reviewer = staff("admin"), staff("reviewer")
    target = admin_id(app, reviewer)
    browser = app.test_client()
    assert browser.post("/api/v1/staff/session", json={"username": reviewer.username,
                                                       "password": "correct-horse"}).status_code == 200
    assert browser.get("/api/v1/staff/licence-applications").status_code == 200
    assert reviewer.get("/api/v1/staff/licence-applications").status_code == 200

    disabled = admin.post(f"{ACCOUNTS}/{target}/disable", json={"reason": "离职"})
    assert disabled.status_code == 200 and disabled.get_json()["active"] is False

    assert browser.get("/api/v1/staff/licence-applications").status_code == 401
    assert error(reviewer.get("/api/v1/staff/licence-applications")) == (401, "invalid_token")
    assert error(login(client, reviewer.username, "correct-horse")) == (401, "invalid_credentials")
    with app.app_context():
        sessions = list(db.session.scalars(db.select(StaffSession).where(StaffSession.staff_id == target)))
        assert [(s.ended_reason, s.ended_at is not None) for s in sessions] == [("disabled", True)]
    assert error(admin.post(f"{ACCOUNTS}/{target}/disable", json={"reason": "离职"})) == (409, "already_disabled")

    enabled = admin.post(f"{ACCOUNTS}/{target}/enable", json={"reason": "返聘"})
    assert enabled.status_code == 200 and enabled.get_json()["active"] is True
    assert reviewer.get("/api/v1/staff/licence-applications").status_code == 401  # the old token stays dead
    assert login(client, reviewer.username, "correct-horse").status_code == 200
    assert [(r.action, r.from_status, r.to_status, r.reason) for r in audit_rows(app, target)][-2:] == [
        ("disabled", "active", "disabled", "离职"), ("enabled", "disabled", "active", "返聘")]


def test_a_new_role_signs_the_member_out_and_opens_the_new_role_s_work(app, client, staff):
    admin, member = staff("admin"), staff("reviewer")
    target = admin_id(app, member)
    changed = admin.post(f"{ACCOUNTS}/{target}/role", json={"role": "shelter", "reason": "调往留检所"})
    assert changed.status_code == 200 and changed.get_json()["role"] == "shelter"
    assert member.get("/api/v1/staff/licence-applications").status_code == 401
    token = login(client, member.username, "correct-horse").get_json()["token"]
    moved = Api(client, token)
    assert error(moved.get("/api/v1/staff/licence-applications")) == (403, "role_required")
    assert moved.get("/api/v1/staff/shelter/kennels").status_code == 200
    [change] = [r for r in audit_rows(app, target) if r.action == "role_changed"]
    assert (change.from_status, change.to_status, change.reason, change.actor_id) == (
        "reviewer", "shelter", "调往留检所", admin_id(app, admin))
    again = admin.post(f"{ACCOUNTS}/{target}/role", json={"role": "shelter", "reason": "再调一次"})
    assert error(again) == (409, "role_unchanged")


def test_the_last_admin_can_neither_be_demoted_nor_disabled(app, staff):
    admin = staff("admin")
    me = admin_id(app, admin)
    with app.app_context():  # the only admin: no demo accounts here
        assert db.session.scalar(db.select(db.func.count()).where(StaffUser.role == "admin")) == 1
    before = len(audit_rows(app, me))

    assert error(admin.post(f"{ACCOUNTS}/{me}/role", json={"role": "reviewer", **WHY})) == (409, "last_admin")
    assert error(admin.post(f"{ACCOUNTS}/{me}/disable", json=WHY)) == (409, "cannot_disable_self")
    assert error(admin.post(f"{ACCOUNTS}/{me}/reset-password", json=WHY)) == (409, "cannot_reset_own_password")

    with app.app_context():
        assert db.session.get(StaffUser, me).role == "admin" and db.session.get(StaffUser, me).active
    assert len(audit_rows(app, me)) == before  # nothing half written
    assert admin.get(ACCOUNTS).status_code == 200  # and still signed in

    second = staff("admin")
    assert admin.post(f"{ACCOUNTS}/{me}/role", json={"role": "reviewer", "reason": "另有管理员"}).status_code == 200
    assert error(second.post(f"{ACCOUNTS}/{admin_id(app, second)}/role", json={"role": "service", **WHY})) == (
        409, "last_admin")


def test_a_demoted_admin_acts_no_more_even_with_a_request_already_on_its_way(app, staff):
    """Two admins demoting each other: the second change finds its own admin gone (re-read under the lock)."""
    from backend.accounts import staff_accounts

    first, second = staff("admin"), staff("admin")
    first_id, second_id = admin_id(app, first), admin_id(app, second)
    with app.app_context():
        staff_accounts.change_role(first_id, second_id, "reviewer", "互相降级")
        with pytest.raises(Forbidden) as refused:  # second's request passed the role check before the demotion
            staff_accounts.change_role(second_id, first_id, "reviewer", "互相降级")
        assert refused.value.code == "role_required"
        assert db.session.get(StaffUser, first_id).role == "admin"


def test_a_reset_password_is_one_time_signs_out_and_lifts_locks(app, client, staff):
    admin, member = staff("admin"), staff("dispatcher")
    target = admin_id(app, member)
    with app.app_context():
        epoch = db.session.get(StaffUser, target).login_lock_epoch
    reset = admin.post(f"{ACCOUNTS}/{target}/reset-password", json={"reason": "本人忘记密码，电话核实"})
    assert reset.status_code == 200
    password = reset.get_json()["one_time_password"]
    assert reset.get_json()["account"]["must_change_password"] is True
    assert member.get("/api/v1/staff/stray-reports").status_code == 401
    assert login(client, member.username, "correct-horse").status_code == 401
    assert login(client, member.username, password).get_json()["password_change_required"] is True
    with app.app_context():
        assert db.session.get(StaffUser, target).login_lock_epoch == epoch + 1
    [entry] = [r for r in audit_rows(app, target) if r.action == "password_reset"]
    assert entry.reason == "本人忘记密码，电话核实" and password not in str(entry.data)
    other = admin.post(f"{ACCOUNTS}/{target}/reset-password", json=WHY).get_json()["one_time_password"]
    assert other != password and login(client, member.username, password).status_code == 401


@pytest.mark.parametrize(("body", "field"), [
    ({"username": "Zhao Min", "display_name": "赵敏", "role": "reviewer", **WHY}, "username"),
    ({"username": "zm", "display_name": "赵敏", "role": "reviewer", **WHY}, "username"),
    ({"username": "zhao.min", "display_name": "  ", "role": "reviewer", **WHY}, "display_name"),
    ({"username": "zhao.min", "display_name": "赵敏", "role": "boss", **WHY}, "role"),
    ({"username": "zhao.min", "display_name": "赵敏", "role": "reviewer"}, "reason"),
    ({"username": "zhao.min", "display_name": "赵敏", "role": "reviewer", "reason": " "}, "reason"),
    ({"username": "zhao.min", "display_name": "赵敏", "role": "reviewer", "password": "chosen-1", **WHY}, "password"),
])
def test_bad_input_is_refused_in_chinese_and_creates_nothing(app, staff, body, field):
    admin = staff("admin")
    before = staff_count(app)
    refused = admin.post(ACCOUNTS, json=body)
    assert error(refused) == (422, "validation_failed")
    assert field in refused.get_json()["error"]["details"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.get_json()["error"]["message"])
    assert staff_count(app) == before


def test_a_taken_username_in_any_case_is_a_conflict(app, staff):
    admin = staff("admin")
    assert create(admin, username="sun.hao").status_code == 201
    before = staff_count(app)
    assert error(create(admin, username="sun.hao")) == (409, "username_taken")
    with app.app_context():  # MariaDB would let "SUN.HAO" sign in as sun.hao: one account, one name
        db.session.execute(db.update(StaffUser).where(StaffUser.username == "sun.hao").values(username="Sun.Hao"))
        db.session.commit()
    assert error(create(admin, username="sun.hao")) == (409, "username_taken")
    assert staff_count(app) == before


def test_unknown_accounts_are_404(staff):
    admin = staff("admin")
    for action, body in (("role", {"role": "service", **WHY}), ("disable", WHY), ("enable", WHY),
                         ("reset-password", WHY), ("unlock", WHY)):
        assert error(admin.post(f"{ACCOUNTS}/01J0000000000000000000000/{action}", json=body)) == (
            404, "staff_not_found")


def test_the_command_line_is_audited_too(app):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["staff", "create", "feng.yu", "--role", "admin", "--password", "long-password-1"])
    assert made.exit_code == 0, made.output
    assert runner.invoke(args=["staff", "set-password", "feng.yu", "--password", "long-password-2"]).exit_code == 0
    with app.app_context():
        staff_id = db.session.scalar(db.select(StaffUser.id).where(StaffUser.username == "feng.yu"))
    assert [(r.action, r.actor_type, r.reason) for r in audit_rows(app, staff_id)] == [
        ("created", "system", "服务器命令行创建"), ("password_set", "system", "服务器命令行设置密码")]
