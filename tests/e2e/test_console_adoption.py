"""Adoption (领养) in Chromium, issue 17: the keeper reads an application with its eligibility as it stands today,
approves it (the dog is reserved), completes the hand-over (the adopter's licence application is filed for them);
another application is rejected with a reason the applicant reads."""
import secrets

from playwright.sync_api import expect

from tests.e2e.records import Staff, take_in
from tests.e2e.support import Resident, _birth
from tests.support import factories


def _apply(base_url: str, dog_id: str, name: str) -> tuple[Resident, dict]:
    adopter = Resident.login(base_url, f"adopter-{secrets.token_hex(4)}")
    number = factories.id_number(birth=_birth(), region="150105", seq=f"{secrets.randbelow(900) + 100}")
    application = adopter._call("POST", "/api/v1/adoption/applications", json={
        "dog_id": dog_id, "housing": "owned", "experience": "养过一只柴犬，十二年",
        "reason": "家里有院子，想给它一个家",
        "adopter": {"name": name, "id_number": number, "phone": "13900139000",
                    "address": f"赛罕区大学西街{secrets.randbelow(900) + 100}号", "zone_code": "saihan-general"}})
    return adopter, application


def test_the_keeper_approves_an_adoption_and_hands_the_dog_over(console, console_server):
    keeper = Staff(console_server.url, "shelter")
    dog = take_in(keeper, f"团团{secrets.token_hex(2)}", available=True)
    other_dog = take_in(keeper, f"圆圆{secrets.token_hex(2)}", available=True)
    adopter, application = _apply(console_server.url, dog["id"], "赵六")
    refused, refused_application = _apply(console_server.url, other_dog["id"], "钱七")

    ui = console()
    ui.sign_in("shelter")
    page = ui.page
    page.get_by_role("menuitem", name="领养申请").click()
    row = page.locator(".el-table__row", has_text=dog["name"])
    expect(row).to_contain_text("赵六")
    row.get_by_role("button", name="办理").click()
    expect(page.get_by_text("领养条件（按今天核对）")).to_be_visible()
    expect(page.get_by_role("cell", name="领养人年满18周岁")).to_be_visible()
    expect(page.get_by_text("养过一只柴犬，十二年")).to_be_visible()
    expect(page.get_by_text("139****9000")).to_be_visible()  # masked for staff
    ui.shot("console-adoption-application")

    page.get_by_role("button", name="通过（保留犬只）").click()
    page.locator(".el-message-box").get_by_role("button", name="通过").click()
    expect(page.get_by_text("已通过，犬只已为申请人保留")).to_be_visible()
    expect(page.locator(".header")).to_contain_text("已通过待交接")
    assert keeper.get(f"/api/v1/staff/shelter/dogs/{dog['id']}")["status"] == "reserved"

    page.get_by_role("button", name="交接完成").click()
    box = page.locator(".el-message-box")
    expect(box).to_contain_text("为领养人提交犬证申请")
    box.get_by_role("button", name="确认交接").click()
    expect(page.get_by_text("交接完成，已为领养人提交犬证申请")).to_be_visible()
    done = adopter._call("GET", f"/api/v1/adoption/applications/{application['id']}")
    assert done["status"] == "completed" and done["licence_application_id"]
    licence_application = adopter.application(done["licence_application_id"])
    assert licence_application["status"] == "pending_review" and licence_application["dog"]["name"] == dog["name"]
    expect(page.get_by_text(f"编号 {done['licence_application_id']}")).to_be_visible()

    # Another application rejected, with the reason the applicant reads
    ui.goto(f"/adoption/applications/{refused_application['id']}")
    page.get_by_role("button", name="驳回").click()
    reject = page.get_by_role("dialog", name="驳回领养申请")
    reject.get_by_label("驳回原因").fill("家访后认为目前居住条件不适合")
    reject.get_by_role("button", name="确认驳回").click()
    expect(page.get_by_text("已驳回，申请人将收到通知")).to_be_visible()
    seen = refused._call("GET", f"/api/v1/adoption/applications/{refused_application['id']}")
    assert (seen["status"], seen["reject_reason"]) == ("rejected", "家访后认为目前居住条件不适合")
