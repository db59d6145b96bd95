"""The 工作台 and the 犬证 pages of issue 16 in Chromium: the workbench's waiting applications lead to the review
queue; a licence is found by its tag token and by the owner's ID number's last digits; its trail shows the issue; the
full phone is shown on request and recorded in the access log; the printable tag card renders."""
import secrets

import requests
from playwright.sync_api import expect

from tests.e2e.support import Resident, staff_token

PHONE = "13800138000"  # tests.support.factories.owner's phone


def _api(server, role: str, path: str, **params):
    response = requests.get(f"{server.url}{path}", params=params, timeout=10,
                            headers={"Authorization": f"Bearer {staff_token(server.url, role)}"})
    assert response.ok, response.text
    return response


def test_the_workbench_counts_waiting_applications_and_leads_to_the_review_queue(console, console_server):
    for name in ("豆包", "年糕"):
        resident = Resident.login(console_server.url, f"wb-{secrets.token_hex(4)}")
        resident.apply(resident.application_body(name, zone_code="yuquan-key"))
    waiting = {c["key"]: c for c in _api(console_server, "reviewer", "/api/v1/staff/workbench").json()["cards"]}
    count = waiting["applications_pending"]["count"]
    assert count >= 2

    ui = console()
    ui.sign_in("reviewer")
    page = ui.page
    page.get_by_role("menuitem", name="工作台").click()
    expect(page).to_have_url(f"{ui.base_url}/console/")
    card = page.locator('[data-card="applications_pending"]')
    expect(card).to_contain_text("待审核的犬证申请")
    expect(card.locator("strong")).to_have_text(str(count))
    expect(card).to_contain_text("最久已等待")
    expect(page.locator("[data-card]")).to_have_count(2)  # a reviewer's cards only: applications, inspections
    ui.shot("console-workbench")

    card.click()
    expect(page).to_have_url(f"{ui.base_url}/console/review/applications?status=pending_review")
    expect(page.get_by_text(f"共 {count} 件，最早提交的在前")).to_be_visible()

    admin = console()
    admin.sign_in("admin")
    expect(admin.page).to_have_url(f"{admin.base_url}/console/")  # an admin lands on the 工作台, every card on it
    expect(admin.page.locator("[data-card]")).to_have_count(8)
    expect(admin.page.locator('[data-card="applications_pending"] strong')).to_have_text(str(count))
    admin.shot("console-workbench-admin")
    admin.page.set_viewport_size({"width": 1024, "height": 768})  # a tablet: the cards wrap, nothing scrolls sideways
    assert admin.page.evaluate("document.documentElement.scrollWidth") <= 1024


def _issued_licence(server) -> tuple[dict, dict]:
    """A resident applies, a reviewer approves, the resident pays in the sandbox: the licence and the application."""
    resident = Resident.login(server.url, f"lic-{secrets.token_hex(4)}")
    body = resident.application_body("可乐", zone_code="huimin-key")
    application_id = resident.apply(body)
    reviewer = {"Authorization": f"Bearer {staff_token(server.url, 'reviewer')}"}
    approved = requests.post(f"{server.url}/api/v1/staff/licence-applications/{application_id}/approve",
                             headers=reviewer, timeout=10).json()
    resident.pay_in_sandbox(approved["order"]["id"])
    licence = resident.licence(resident.application(application_id)["licence_id"])
    return licence, body


def test_a_licence_is_found_its_trail_read_its_phone_shown_on_record_and_its_tag_card_printed(console,
                                                                                             console_server):
    licence, body = _issued_licence(console_server)
    token = licence["tag_url"].rsplit("/", 1)[1]
    tail = body["owner"]["id_number"][-4:]

    ui = console()
    ui.sign_in("service")
    page = ui.page
    page.get_by_role("menuitem", name="犬证查询").click()
    search = page.get_by_label("犬证号、犬牌编码、芯片号或身份证号后4位")
    search.fill(token)
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(f"{ui.base_url}/console/licences?q={token}")
    rows = page.locator(".el-table__row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(licence["licence_no"])

    # By the ID number's last four characters (stored encrypted; the masked form keeps them)
    search.fill(tail)
    page.get_by_role("button", name="查询").click()
    row = page.locator(".el-table__row", has_text=licence["licence_no"])
    expect(row).to_be_visible()
    expect(row).to_contain_text(body["owner"]["id_number"][:6] + "********" + tail)
    ui.shot("console-licence-search")

    row.get_by_role("button", name="查看").click()
    expect(page).to_have_url(f"{ui.base_url}/console/licences/{licence['id']}?q={tail}")
    expect(page.get_by_text(f"签发犬证 {licence['licence_no']}，有效期至 {licence['expires_on']}")).to_be_visible()
    expect(page.get_by_text("审核通过，待缴费")).to_be_visible()
    phone = page.get_by_test_id("owner-phone")
    expect(phone).to_have_text("138****8000")
    expect(page.get_by_role("img", name=f"犬牌二维码：{licence['tag_url']}")).to_be_visible()

    # The full phone: an explicit action with a reason, recorded
    page.get_by_role("button", name="显示完整电话").click()
    box = page.locator(".el-message-box")
    expect(box).to_contain_text("查看完整电话会被记录")
    box.get_by_placeholder("原因（可选），如：居民来电要求回电").fill("居民来电要求回电")
    box.get_by_role("button", name="查看").click()
    expect(phone).to_have_text(PHONE)
    expect(page.get_by_text("查看了养犬人完整电话")).to_be_visible()
    ui.shot("console-licence")
    trail = page.get_by_role("heading", name="操作记录（共")
    trail.scroll_into_view_if_needed()
    ui.shot("console-licence-trail")
    page.set_viewport_size({"width": 1024, "height": 768})  # a tablet: the file fits without scrolling sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    page.set_viewport_size({"width": 1366, "height": 768})
    log = _api(console_server, "admin", "/api/v1/staff/personal-data/access-log", record_id=licence["id"]).json()
    assert [(e["record_type"], e["staff_username"], e["fields"], e["reason"]) for e in log] == [
        ("licence", "service", ["phone"], "居民来电要求回电")]

    # The printable tag card: the QR code and the dog, nothing of the owner
    page.get_by_role("button", name="打印犬牌").click()
    expect(page).to_have_url(f"{ui.base_url}/console/licences/{licence['id']}/tag-card")
    card = page.get_by_role("figure", name=f"犬牌：{licence['licence_no']}")
    expect(card).to_contain_text("可乐")
    expect(card).to_contain_text(f"有效期至 {licence['expires_on']}")
    qr = card.get_by_role("img")
    expect(qr).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 100", arg=qr.element_handle())
    assert PHONE not in card.inner_text() and body["owner"]["name"] not in card.inner_text()
    expect(page.locator(".el-message")).to_have_count(0)  # the reveal's message has gone
    ui.shot("console-licence-tag-card")
    page.emulate_media(media="print")  # on paper: the card alone
    expect(page.get_by_role("button", name="打印")).to_be_hidden()
    expect(card).to_be_visible()
