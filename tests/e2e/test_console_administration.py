"""系统 and 财务 in Chromium (issue 16, pages 5 and 6): the admin creates an account and the new colleague signs in
with the one-time password, sets their own and gets their role's menus; the audit log shows who did it and why;
a payment made in the sandbox appears in the day's statement and in the 30-day chart; the order, the duplicate
payment's refund and the reference pages as the admin reads them."""
import re
import secrets

import requests
from playwright.sync_api import expect

from tests.e2e.support import Resident, staff_token


def test_the_admin_creates_an_account_and_the_new_account_signs_in(console):
    username = f"zhou.jie.{secrets.token_hex(3)}"
    admin = console()
    admin.sign_in("admin")
    page = admin.page
    page.get_by_role("menuitem", name="工作人员").click()
    expect(page.get_by_role("cell", name="reviewer", exact=True)).to_be_visible()
    page.get_by_role("button", name="新建账号").click()
    dialog = page.get_by_role("dialog", name="新建账号")
    dialog.get_by_role("button", name="创建").click()
    expect(dialog.get_by_text("请输入用户名")).to_be_visible()  # nothing sent without the fields
    dialog.get_by_label("用户名").fill(username)
    dialog.get_by_label("姓名").fill("周杰")
    dialog.locator(".el-select").click()  # 岗位
    page.get_by_role("option", name="审核员").click()
    dialog.get_by_label("原因").fill("新入职审核员，科室通知")
    dialog.get_by_role("button", name="创建").click()

    shown = page.get_by_role("dialog", name="账号已创建")
    expect(shown.get_by_text("此密码只显示这一次")).to_be_visible()
    password = shown.get_by_label("一次性密码").inner_text().strip()
    assert len(password) == 12
    admin.shot("console-staff-one-time-password")
    shown.get_by_role("button", name="我已告知本人").click()
    row = page.get_by_role("row").filter(has_text=username)
    expect(row.get_by_text("待本人改密")).to_be_visible()

    colleague = console()
    colleague.sign_in(username, password)
    expect(colleague.page).to_have_url(f"{colleague.base_url}/console/password?redirect=/review/applications")
    colleague.shot("console-password-first-sign-in")
    form = colleague.page.get_by_role("main")
    form.get_by_label("原密码").fill(password)
    form.get_by_label("新密码", exact=True).fill("zhou-jie-own-1")
    form.get_by_label("确认新密码").fill("zhou-jie-own-1")
    form.get_by_role("button", name="保存并进入").click()
    expect(colleague.page).to_have_url(f"{colleague.base_url}/console/review/applications")
    expect(colleague.page.get_by_role("menuitem", name="犬证申请")).to_be_visible()
    expect(colleague.page.get_by_role("menuitem", name="年检审核")).to_be_visible()
    for other in ("系统", "财务", "留检所", "客服"):
        expect(colleague.page.get_by_text(other, exact=True)).to_have_count(0)

    # who did it, when and why: the audit log, filtered by the admin
    admin.goto("/system/audit?actor_username=admin&entity_type=staff_user&action=created")
    entry = page.get_by_role("row").filter(has_text="新入职审核员，科室通知")
    expect(entry.get_by_text("admin", exact=True)).to_be_visible()
    expect(entry.get_by_text("工作人员账号")).to_be_visible()
    page.get_by_role("button", name="重置").click()  # the whole log, newest first
    expect(page).to_have_url(f"{admin.base_url}/console/system/audit")
    expect(page.get_by_role("row").filter(has_text="本人修改密码，其他会话已退出").first).to_be_visible()


def test_disabling_an_account_signs_it_out_of_the_console(console):
    """The admin disables a colleague who is signed in: their next step takes them to the login page."""
    username = f"wu.ting.{secrets.token_hex(3)}"
    admin = console()
    admin.sign_in("admin")
    token = staff_token(admin.base_url, "admin")
    made = requests.post(f"{admin.base_url}/api/v1/staff/accounts", headers={"Authorization": f"Bearer {token}"},
                         json={"username": username, "display_name": "吴婷", "role": "service", "reason": "客服"},
                         timeout=10).json()
    colleague = console()
    colleague.sign_in(username, made["one_time_password"])
    colleague.page.get_by_role("main").get_by_label("原密码").fill(made["one_time_password"])
    colleague.page.get_by_role("main").get_by_label("新密码", exact=True).fill("wu-ting-own-1")
    colleague.page.get_by_role("main").get_by_label("确认新密码").fill("wu-ting-own-1")
    colleague.page.get_by_role("button", name="保存并进入").click()
    expect(colleague.page).to_have_url(f"{colleague.base_url}/console/inbox")

    admin.goto("/system/staff")
    admin.page.get_by_role("row").filter(has_text=username).get_by_role("button", name="停用").click()
    dialog = admin.page.get_by_role("dialog", name="停用账号")
    dialog.get_by_label("原因").fill("离职")
    dialog.get_by_role("button", name="确认停用").click()
    expect(admin.page.get_by_role("row").filter(has_text=username).get_by_text("已停用")).to_be_visible()

    colleague.page.reload()
    expect(colleague.page).to_have_url(f"{colleague.base_url}/console/login?redirect=/inbox")


def _paid_twice(base_url: str) -> tuple[Resident, str]:
    """A resident's application approved with a fee, paid with WeChat Pay — and, from a second phone at the same
    moment, with Alipay too, which DogPass refunds. Returns the resident and the order id."""
    resident = Resident.login(base_url, f"fay-{secrets.token_hex(4)}")
    application_id = resident.apply(resident.application_body("米粒"))
    approved = requests.post(f"{base_url}/api/v1/staff/licence-applications/{application_id}/approve",
                             headers={"Authorization": f"Bearer {staff_token(base_url, 'reviewer')}"}, timeout=20)
    order_id = approved.json()["order"]["id"]
    wechat = resident._call("POST", f"/api/v1/orders/{order_id}/pay", json={"channel": "wechat"})
    alipay = resident._call("POST", f"/api/v1/orders/{order_id}/pay", json={"channel": "alipay"})
    assert requests.get(alipay["params"]["pay_url"], timeout=10).ok  # the cashier page opened
    for trade, channel in ((wechat, "wechat"), (alipay, "alipay")):
        paid = requests.post(f"{base_url}/_sandbox/pay/complete", timeout=20,
                             json={"order_id": trade["trade_id"], "channel": channel})
        assert paid.ok, paid.text
    return resident, order_id


def _statement(base_url: str, token: str, day: str) -> dict:
    rows = requests.get(f"{base_url}/api/v1/staff/payments/statement", params={"date": day}, timeout=10,
                        headers={"Authorization": f"Bearer {token}"}).json()
    return {row["channel"]: row for row in rows}


def _yuan(fen: int) -> str:
    return f"{fen // 100:,}.{fen % 100:02d}"


def test_a_sandbox_payment_shows_in_the_statement_and_the_chart(console, console_server):
    token = staff_token(console_server.url, "admin")
    _, order_id = _paid_twice(console_server.url)
    order = requests.get(f"{console_server.url}/api/v1/staff/payments/orders/{order_id}", timeout=10,
                         headers={"Authorization": f"Bearer {token}"}).json()
    assert order["status"] == "paid" and order["paid_channel"] == "wechat" and len(order["refunds"]) == 1
    today = order["paid_at"][:10]
    expected = _statement(console_server.url, token, today)["wechat"]
    assert expected["paid_count"] >= 1 and expected["paid_fen"] >= order["amount_fen"]

    admin = console()
    admin.sign_in("admin")
    page = admin.page
    page.get_by_role("menuitem", name="对账单").click()
    wechat = page.get_by_role("row").filter(has_text="微信支付")
    expect(wechat).to_contain_text(_yuan(expected["paid_fen"]))
    expect(wechat).to_contain_text(_yuan(expected["net_fen"]))
    # the chart: today's WeChat Pay bar carries the day's net as its label (SVG text), and says so in words
    chart = page.locator(".daily-chart")
    said = f"微信支付{today[5:]}净收款{_yuan(expected['net_fen'])}元"
    expect(chart).to_have_attribute("aria-label", re.compile(re.escape(said)))
    expect(chart.locator("svg text").filter(has_text=_yuan(expected["net_fen"])).first).to_be_visible()
    admin.shot("console-finance-statement")

    # from the statement to the day's WeChat Pay orders, to this order, to its refund
    wechat.get_by_role("link", name="查看订单").click()
    expect(page).to_have_url(f"{console_server.url}/console/finance/orders?date_by=paid&from={today}&to={today}"
                             "&channel=wechat")
    page.get_by_placeholder("订单号 / 商户订单号 / 交易号").fill(order["trades"][0]["transaction_id"])
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("row").filter(has_text=order_id)).to_contain_text("已支付")
    admin.shot("console-finance-orders")
    page.get_by_role("link", name=order_id).click()
    expect(page.get_by_text("支付交易")).to_be_visible()
    expect(page.get_by_text("发起退款").first).to_be_visible()
    admin.shot("console-finance-order")
    page.get_by_role("link", name=order["refunds"][0]["id"]).click()
    expect(page.get_by_text("重复支付，已原路退回").first).to_be_visible()
    expect(page.get_by_text("已退回").first).to_be_visible()
    admin.shot("console-finance-refund")

    # and the audit log holds every step of it, newest first
    page.get_by_role("menuitem", name="审计日志").click()
    expect(page.get_by_role("row").filter(has_text="重复支付，已原路退回").first).to_be_visible()
    admin.shot("console-audit-log")


def test_the_admin_reads_the_reference_data_and_the_fee_schedule(console):
    admin = console()
    admin.sign_in("admin")
    page = admin.page
    page.get_by_role("menuitem", name="基础数据").click()
    key_zone = page.get_by_role("row").filter(has_text="新城区重点管理区")
    expect(key_zone).to_contain_text("500.00")
    expect(key_zone).to_contain_text("1只")
    expect(page.get_by_role("cell", name="犬只照片不清晰，无法辨认犬只特征")).to_be_visible()
    admin.shot("console-reference-data")
    page.get_by_role("menuitem", name="收费标准").click()
    expect(page.get_by_role("row").filter(has_text="犬只登记费")).to_contain_text("重点管理区 500.00 元")
    expect(page.get_by_role("cell", name="60周岁以上犬主减半")).to_be_visible()
    admin.shot("console-fee-schedule")
