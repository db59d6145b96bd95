"""Sessions in the browser: who may open what, the CSRF attack from another origin and another site, the idle
timeout (in the browser and on the server), logout, changing one's password."""
import time

import requests
from playwright.sync_api import expect

from tests.e2e.conftest import IDLE_SECONDS
from tests.e2e.support import Resident


def test_a_reviewer_cannot_open_the_administration_and_an_admin_can(console):
    reviewer = console()
    reviewer.sign_in("reviewer")
    page = reviewer.page
    expect(page.get_by_role("menuitem", name="犬证申请")).to_be_visible()
    expect(page.get_by_text("系统", exact=True)).to_have_count(0)  # not in the reviewer's menu
    expect(page.get_by_text("财务", exact=True)).to_have_count(0)
    reviewer.goto("/system/staff")
    expect(page.get_by_text("403 无权访问")).to_be_visible()
    reviewer.shot("console-forbidden")
    refused = page.request.get(f"{reviewer.base_url}/api/v1/staff/accounts")  # with the session cookie
    assert refused.status == 403 and refused.json()["error"]["code"] == "role_required"
    # every page of 系统 and 财务 (issue 16), and what they read and change
    for path in ("/system/audit", "/system/reference", "/system/fees", "/finance/statement", "/finance/orders",
                 "/finance/refunds", "/finance/refunds/01J00000000000000000000000"):
        reviewer.goto(path)
        expect(page.get_by_text("403 无权访问")).to_be_visible()
        expect(page).to_have_url(f"{reviewer.base_url}/console/403?from={path}")
    for api in ("/api/v1/staff/audit-log", "/api/v1/staff/reference", "/api/v1/staff/fee-schedule",
                "/api/v1/staff/payments/daily", "/api/v1/staff/payments/orders", "/api/v1/staff/payments/refunds"):
        answer = page.request.get(f"{reviewer.base_url}{api}")
        assert answer.status == 403 and answer.json()["error"]["code"] == "role_required", api
    csrf = reviewer.cookie("dogpass_csrf")["value"]
    created = page.request.post(f"{reviewer.base_url}/api/v1/staff/accounts", headers={"X-CSRF-Token": csrf},
                                data={"username": "sneaky.admin", "display_name": "某", "role": "admin",
                                      "reason": "自己给自己开"})
    assert created.status == 403 and created.json()["error"]["code"] == "role_required"

    admin = console()
    admin.sign_in("admin")
    admin.goto("/system/staff")
    expect(admin.page.get_by_role("cell", name="reviewer", exact=True)).to_be_visible()
    expect(admin.page.get_by_role("menuitem", name="犬证申请")).to_be_visible()  # admin sees every menu
    admin.shot("console-staff-accounts")


def test_the_session_cookie_is_httponly_and_strict_and_never_in_storage(console):
    ui = console()
    ui.sign_in("reviewer")
    session = ui.cookie("dogpass_staff_session")
    assert session["httpOnly"] is True and session["sameSite"] == "Strict"
    assert ui.cookie("dogpass_csrf")["sameSite"] == "Strict"
    assert "dogpass_staff_session" not in ui.page.evaluate("document.cookie")
    stored = ui.page.evaluate("JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    assert session["value"] not in stored and stored == "[[],[]]"


ATTACK = """<!doctype html><meta charset="utf-8"><title>领取优惠券</title>
<form id="attack" method="POST" action="{target}"></form>
<script>
  fetch("{target}", {{method: "POST", credentials: "include", mode: "no-cors", body: "{{}}"}});
  setTimeout(() => document.getElementById("attack").submit(), 300);
</script>"""


def test_a_page_on_another_origin_cannot_use_the_session(console, console_server, attacker_site):
    resident = Resident.login(console_server.url, "victim-owner")
    application_id = resident.apply(resident.application_body("阿福"))
    target = f"{console_server.url}/api/v1/staff/licence-applications/{application_id}/approve"
    port = attacker_site(ATTACK.format(target=target))

    victim = console()
    victim.sign_in("reviewer")  # the reviewer is signed in, then opens a link in the same browser
    page = victim.context.new_page()

    # Same site (127.0.0.1), another origin (port): the browser sends the cookie; the API refuses the request
    page.goto(f"http://127.0.0.1:{port}/")
    page.wait_for_url(target)
    refused = page.text_content("body")
    assert "csrf_failed" in refused

    # Another site (localhost): SameSite=Strict keeps the cookie at home; the API sees nobody signed in
    page.goto(f"http://localhost:{port}/")
    page.wait_for_url(target)
    assert '"code":"unauthorized"' in page.text_content("body").replace(" ", "")

    # and a script there cannot read the queue with the cookie either (no CORS)
    page.goto(f"http://127.0.0.1:{port}/")
    read = page.evaluate("""url => fetch(url, {credentials: 'include'}).then(r => r.text()).then(
        () => 'read', () => 'blocked')""", f"{console_server.url}/api/v1/staff/licence-applications")
    assert read == "blocked"

    assert resident.application(application_id)["status"] == "pending_review"  # nothing changed


def test_the_console_signs_out_after_the_idle_timeout(console, idle_server):
    ui = console(server=idle_server)
    ui.sign_in("reviewer")
    expect(ui.page).to_have_url(f"{idle_server.url}/console/review/applications")
    ui.page.wait_for_timeout((IDLE_SECONDS + 1.5) * 1000)  # nobody touches mouse or keyboard
    expect(ui.page).to_have_url(f"{idle_server.url}/console/login")
    expect(ui.page.get_by_role("alert")).to_contain_text("长时间未操作，已自动退出，请重新登录")
    assert ui.cookie("dogpass_staff_session") is None


def test_the_server_refuses_a_session_left_idle(idle_server):
    """Without the browser's timer (a copied cookie, a tab whose script is suspended), the server still refuses."""
    client = requests.Session()
    signed_in = client.post(f"{idle_server.url}/api/v1/staff/session",
                            json={"username": "reviewer", "password": "reviewer-demo"}, timeout=10)
    assert signed_in.status_code == 200 and client.get(f"{idle_server.url}/api/v1/staff/session").ok
    time.sleep(IDLE_SECONDS + 1)
    idle = client.get(f"{idle_server.url}/api/v1/staff/session", timeout=10)
    assert idle.status_code == 401 and idle.json()["error"]["code"] == "session_idle"


def test_logout_ends_the_session_for_good(console):
    ui = console()
    ui.sign_in("reviewer")
    copied = ui.cookie("dogpass_staff_session")["value"]
    page = ui.page
    page.get_by_role("button", name="账号菜单").click()
    page.get_by_role("menuitem", name="退出登录").click()
    page.locator(".el-message-box").get_by_role("button", name="退出").click()
    expect(page).to_have_url(f"{ui.base_url}/console/login")
    assert ui.cookie("dogpass_staff_session") is None
    ui.goto("/review/applications")
    expect(page).to_have_url(f"{ui.base_url}/console/login?redirect=/review/applications")
    replay = requests.get(f"{ui.base_url}/api/v1/staff/session", cookies={"dogpass_staff_session": copied}, timeout=10)
    assert replay.status_code == 401


def test_changing_the_password_signs_out_the_other_sessions(console):
    first, second = console(), console()
    first.sign_in("dispatcher")
    second.sign_in("dispatcher")
    page = first.page
    page.get_by_role("button", name="账号菜单").click()
    page.get_by_role("menuitem", name="修改密码").click()
    dialog = page.get_by_role("dialog", name="修改密码")
    dialog.get_by_label("原密码").fill("dispatcher-demo")
    dialog.get_by_label("新密码", exact=True).fill("dispatcher-new-1")
    dialog.get_by_label("确认新密码").fill("dispatcher-new-1")
    dialog.get_by_role("button", name="保存").click()
    expect(page.get_by_text("密码已修改，其他设备上的登录已退出")).to_be_visible()
    first.goto("/welcome")
    expect(page.get_by_text("您好")).to_be_visible()  # this session carries on
    second.goto("/welcome")
    expect(second.page).to_have_url(f"{second.base_url}/console/login?redirect=/welcome")
    second.page.get_by_label("用户名").fill("dispatcher")
    second.page.get_by_label("密码").fill("dispatcher-demo")
    second.page.get_by_role("button", name="登录").click()
    expect(second.page.get_by_role("alert")).to_contain_text("用户名或密码错误")
    second.sign_in("dispatcher", "dispatcher-new-1")
    expect(second.page).to_have_url(f"{second.base_url}/console/dispatch/reports")  # the dispatcher's home

    # The demo password back as it was: the other tests sign in as the dispatcher too
    token = requests.post(f"{first.base_url}/api/v1/staff/auth/login", timeout=10,
                          json={"username": "dispatcher", "password": "dispatcher-new-1"}).json()["token"]
    restored = requests.post(f"{first.base_url}/api/v1/staff/password", headers={"Authorization": f"Bearer {token}"},
                             json={"current_password": "dispatcher-new-1", "new_password": "dispatcher-demo"},
                             timeout=10)
    assert restored.ok, restored.text
