"""The review flow of issue 16 in Chromium: a reviewer signs in, finds a resident's application, rejects it with a
reason; the resident resubmits through the API; the reviewer approves it; the resident pays in the sandbox."""
import secrets

import requests
from playwright.sync_api import expect

from tests.e2e.support import Resident, staff_token
from tests.support import factories


def _residents_apply(server, dog_names: list[str], zone_code: str = "xincheng-key") -> list[tuple[Resident, str, str]]:
    """Each dog applied for by a new resident; returns (resident, application id, dog name)."""
    applied = []
    for name in dog_names:
        resident = Resident.login(server.url, f"owner-{secrets.token_hex(4)}")
        body = resident.application_body(name, zone_code=zone_code)
        applied.append((resident, resident.apply(body), name))
    return applied


def test_reviewer_rejects_then_approves_and_the_resident_pays(console, console_server):
    others = _residents_apply(console_server, ["豆豆", "旺财", "小黑", "团团"])
    resident = Resident.login(console_server.url, f"dora-{secrets.token_hex(4)}")
    dog = "花卷"
    body = resident.application_body(dog, zone_code="huimin-key")
    application_id = resident.apply(body)
    tail = body["owner"]["id_number"][-4:]

    ui = console()
    page = ui.page
    ui.goto("/review/applications")
    expect(page).to_have_url(f"{console_server.url}/console/login?redirect=/review/applications")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)  # not signed in yet is no error
    ui.shot("console-login")
    ui.sign_in("reviewer")
    expect(page).to_have_url(f"{console_server.url}/console/review/applications")
    expect(page.get_by_role("cell", name=others[0][2])).to_be_visible()
    ui.shot("console-review-queue")

    # Found by the last four digits of the ID number (stored encrypted; the masked form keeps them)
    page.get_by_placeholder("犬名 / 犬证号 / 身份证后4位").fill(tail)
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(f"{console_server.url}/console/review/applications?status=pending_review&q={tail}")
    page.get_by_role("button", name="审核").first.click()
    expect(page.get_by_text(dog).first).to_be_visible()
    expect(page.get_by_text("自动预审结果")).to_be_visible()
    expect(page.get_by_text("狂犬疫苗在有效期内")).to_be_visible()
    expect(page.locator(".photo img")).to_have_count(1)
    ui.shot("console-review-application")

    # The photo zooms
    page.locator(".photo img").first.click()
    expect(page.locator(".el-image-viewer__wrapper")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".el-image-viewer__wrapper")).to_have_count(0)

    # 驳回 with a reason from the configured list and free text
    page.get_by_role("button", name="驳回").click()
    dialog = page.get_by_role("dialog", name="驳回申请")
    expect(dialog.get_by_role("button", name="确认驳回")).to_be_disabled()
    dialog.locator(".el-select").click()
    page.get_by_role("option", name="犬只照片不清晰，无法辨认犬只特征").click()
    dialog.get_by_placeholder("告诉居民需要如何修改（未选原因时必填）").fill("请补拍一张正面全身照")
    ui.shot("console-review-reject")
    dialog.get_by_role("button", name="确认驳回").click()
    expect(page.get_by_text("已驳回，居民将收到通知")).to_be_visible()
    # the next application under the same filters opens; none is left here, so the queue shows again
    expect(page).to_have_url(f"{console_server.url}/console/review/applications?status=pending_review&q={tail}")

    seen = resident.application(application_id)
    assert seen["status"] == "rejected"
    assert seen["reject_reason"] == "犬只照片不清晰，无法辨认犬只特征：请补拍一张正面全身照"

    # The resident corrects and resubmits through the API
    body["dog"]["photo_upload_ids"] = resident.application_body(dog)["dog"]["photo_upload_ids"]
    assert resident.resubmit(application_id, body)["status"] == "pending_review"

    # The reviewer finds it by the dog's name, sees both rounds, and approves it
    page.get_by_placeholder("犬名 / 犬证号 / 身份证后4位").fill(dog)
    page.get_by_role("button", name="查询").click()
    page.get_by_role("cell", name=dog).click()
    expect(page.get_by_text("历次提交（共2次）")).to_be_visible()
    expect(page.get_by_text("驳回原因：犬只照片不清晰，无法辨认犬只特征：请补拍一张正面全身照")).to_be_visible()
    page.locator(".actions").get_by_role("button", name="通过").click()
    box = page.locator(".el-message-box")
    expect(box).to_contain_text(f"确认通过「{dog}」的犬证申请？")
    box.get_by_role("button", name="通过").click()
    expect(page.get_by_text("已通过")).to_be_visible()

    # The demo fee schedule asks a fee: the resident pays in the sandbox and the licence is issued
    approved = resident.application(application_id)
    assert approved["status"] == "awaiting_payment" and approved["order"]["amount_fen"] > 0
    resident.pay_in_sandbox(approved["order"]["id"])
    assert resident.application(application_id)["status"] == "issued"


def test_after_a_decision_the_next_application_opens(console, console_server):
    # The only two applications in this zone: filtered to them, approving the first opens the second
    (first, first_id, first_name), (_, second_id, _) = _residents_apply(console_server, ["可乐", "雪球"],
                                                                        zone_code="jingkai-general")
    ui = console()
    ui.sign_in("reviewer")
    page = ui.page
    ui.goto("/review/applications?zone_code=jingkai-general")
    page.get_by_role("cell", name=first_name).click()
    filters = "status=pending_review&zone_code=jingkai-general"
    expect(page).to_have_url(f"{ui.base_url}/console/review/applications/{first_id}?{filters}")
    page.locator(".actions").get_by_role("button", name="通过").click()
    page.locator(".el-message-box").get_by_role("button", name="通过").click()
    expect(page).to_have_url(f"{ui.base_url}/console/review/applications/{second_id}?{filters}")
    assert first.application(first_id)["status"] == "awaiting_payment"


def test_the_review_page_works_on_a_1024_wide_tablet(console, console_server):
    _residents_apply(console_server, ["阿黄", "球球"], zone_code="saihan-general")
    ui = console(width=1024, height=768)
    ui.sign_in("reviewer")
    page = ui.page
    expect(page.get_by_role("button", name="查询")).to_be_visible()
    # the table fits: no horizontal scroll of the page itself
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    ui.shot("console-review-queue-1024")
    page.get_by_role("button", name="审核").first.click()
    expect(page.locator(".actions").get_by_role("button", name="通过")).to_be_visible()
    expect(page.locator(".actions").get_by_role("button", name="驳回")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    ui.shot("console-review-application-1024")


def test_a_reviewer_approves_an_inspection(console, console_server):
    """The e2e server has INSPECTION_REQUIRES_REVIEW on: a licence whose vaccination runs out in 20 days is in its
    renewal window; the owner's 年检 with a new vaccination waits for a reviewer, who approves it in the console."""
    resident = Resident.login(console_server.url, f"ivy-{secrets.token_hex(4)}")
    application_id = resident.apply(resident.application_body("年年", days_ago=10, valid_days=30))
    reviewer = {"Authorization": f"Bearer {staff_token(console_server.url, 'reviewer')}"}
    approved = requests.post(f"{console_server.url}/api/v1/staff/licence-applications/{application_id}/approve",
                             headers=reviewer, timeout=10).json()
    resident.pay_in_sandbox(approved["order"]["id"])
    licence_id = resident.application(application_id)["licence_id"]
    licence = resident.licence(licence_id)
    inspection = resident.renew(licence_id, factories.vaccination(days_ago=1, valid_days=3 * 365,
                                                                  certificate_no=f"RV-{secrets.token_hex(3)}"))
    assert inspection["status"] == "pending_review"

    ui = console()
    ui.sign_in("reviewer")
    page = ui.page
    page.get_by_role("menuitem", name="年检审核").click()
    row = page.locator(".el-table__row", has_text=licence["licence_no"])
    expect(row).to_be_visible()
    ui.shot("console-inspections")
    row.get_by_role("button", name="通过").click()
    box = page.locator(".el-message-box")
    expect(box).to_contain_text(licence["licence_no"])
    box.get_by_role("button", name="通过").click()
    expect(page.get_by_text("年检已通过")).to_be_visible()
    expect(page.locator(".el-table__row", has_text=licence["licence_no"])).to_have_count(0)
    waiting = requests.get(f"{console_server.url}/api/v1/staff/inspections", headers=reviewer, timeout=10).json()
    assert inspection["id"] not in [item["id"] for item in waiting]
