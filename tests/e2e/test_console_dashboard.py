"""The dashboard (数据看板) in Chromium, issue 17: a leader sees a shelter intake recorded a moment ago, and the
Excel download carries the numbers the API gives (read back with openpyxl); the wall display (数据大屏) fills a
1920×1080 screen. Screenshots at 1366×768 and 1920×1080 for the README."""
from __future__ import annotations

import secrets

import requests
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.records import Staff, random_place, report_stray, take_in
from tests.e2e.support import Resident

WALL = {"width": 1920, "height": 1080}
# Places a few kilometres from the district centres (backend/data/districts.json) and from where the other tests
# of this server report strays (around the centres, and 40.80–40.88 N, 111.62–111.76 E), so no report of theirs is
# grouped with these: (district, centre of the spot, how many reports there).
SPOTS = [("玉泉区", (40.725, 111.645), 3), ("赛罕区", (40.765, 111.735), 2), ("赛罕区", (40.775, 111.780), 1),
         ("经济技术开发区", (40.885, 111.790), 2), ("新城区", (40.905, 111.690), 1)]


def city_activity(base: str) -> None:
    """A morning in the city, so every panel has something to draw: strays reported around the districts (more in
    some), licences applied for, one rejected, two approved and paid in the sandbox."""
    for district, spot, reports in SPOTS:
        for _ in range(reports):
            report_stray(base, random_place(f"{district}某小区门口", around=spot), description="一只流浪犬")
    reviewer = Staff(base, "reviewer")
    for n, zone in enumerate(("xincheng-key", "saihan-general", "huimin-key")):
        resident = Resident.login(base, f"dashboard-{secrets.token_hex(4)}")
        application_id = resident.apply(resident.application_body(f"看板犬{n}", zone_code=zone))
        if n == 2:
            reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/reject",
                          json={"reason_code": "photo_unclear", "reason": "请补拍正面照"})
            continue
        approved = reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/approve")
        resident.pay_in_sandbox(approved["order"]["id"])


def panel(leader: Staff, name: str) -> dict:
    return leader.get(f"/api/v1/staff/indicators/{name}")


def sheet_table(sheet, title: str) -> list[tuple]:
    """The rows under a table's title and heading row in a worksheet, up to the next blank row."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row and str(row[0] or "").startswith(title)) + 2
    table = []
    for row in rows[start:]:
        if not row or all(value is None for value in row):
            break
        table.append(row)
    return table


def test_the_dashboard_shows_a_new_intake_and_its_workbook_matches_the_api(console, console_server, tmp_path):
    base = console_server.url
    city_activity(base)
    leader, keeper = Staff(base, "leader"), Staff(base, "shelter")
    ui = console()
    ui.sign_in("leader")
    page = ui.page
    expect(page).to_have_url(f"{base}/console/indicators")  # a leader's home
    intakes = page.locator("[data-kpi=shelter-intakes] .value")
    expect(intakes).to_have_text(str(panel(leader, "shelter")["totals"]["intakes"]))
    before = int(intakes.inner_text().replace(",", ""))

    take_in(keeper, f"看板{secrets.token_hex(2)}")  # recorded by a keeper while the leader looks
    page.get_by_role("button", name="查询").click()
    expect(intakes).to_have_text(str(before + 1))
    shelter = panel(leader, "shelter")
    assert shelter["totals"]["intakes"] == before + 1
    expect(page.locator("[data-kpi=kennels] .value")).to_have_text(
        f"{shelter['occupancy']['occupied_kennels']}/{shelter['occupancy']['kennels']}")
    expect(page.locator("canvas")).not_to_have_count(0)  # the charts are drawn
    expect(page.get_by_role("img", name="流浪犬热点地图").locator("canvas")).to_have_count(1)
    ui.shot("console-dashboard")

    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".xlsx"
    book = load_workbook(saved)
    assert book.sheetnames == ["犬证", "申请与驳回", "审核时长", "留检所", "流浪犬", "通知送达", "缴费"]
    months = sheet_table(book["留检所"], "每月收容与去向")
    assert [row[0] for row in months] == shelter["months"]
    assert [row[1] for row in months] == [m["intakes"] for m in shelter["monthly"]]
    assert sum(row[1] for row in months) == before + 1
    assert sheet_table(book["留检所"], "犬舍占用（当前）")[0][:2] == (
        shelter["occupancy"]["kennels"], shelter["occupancy"]["occupied_kennels"])
    licences = panel(leader, "licences")
    assert sheet_table(book["犬证"], "有效犬证（当前）")[-1][2] == licences["active"]["total"]
    assert [row[1] for row in sheet_table(book["犬证"], "每月发证与到期")] == [m["issued"] for m in licences["monthly"]]
    strays = panel(leader, "strays")
    reports = [row[1] for row in sheet_table(book["流浪犬"], "每月报告与捕获")]
    assert reports == [m["reports"] for m in strays["monthly"]]
    payments = panel(leader, "payments")
    assert sheet_table(book["缴费"], "按渠道")[-1][2] == payments["total"]["paid_fen"]

    # the CSV of one panel, through the menu
    page.get_by_role("button", name="导出 CSV").click()
    with page.expect_download() as csv_download:
        page.get_by_role("menuitem", name="留检所").click()
    text = (tmp_path / "shelter.csv")
    csv_download.value.save_as(text)
    assert "每月收容与去向" in text.read_text(encoding="utf-8-sig")

    # nobody else gets the numbers
    reviewer = requests.get(f"{base}/api/v1/staff/indicators/shelter", timeout=10,
                            headers={"Authorization": Staff(base, "reviewer").headers["Authorization"]})
    assert reviewer.status_code == 403


def test_the_wall_display_fills_a_1920_screen_and_keeps_itself_fresh(console, console_server):
    ui = console(**WALL)
    ui.sign_in("leader")
    page = ui.page
    ui.goto("/wall?refresh=10")
    expect(page.get_by_role("heading", name="犬只管理数据大屏")).to_be_visible()
    expect(page.locator("[data-kpi]")).to_have_count(9)
    expect(page.locator("section.panel.dark")).to_have_count(8)
    expect(page.get_by_role("img", name="流浪犬热点地图").locator("canvas")).to_have_count(1)
    # nothing scrolls: the wall is exactly one screen
    size = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    assert size == [WALL["width"], WALL["height"]]
    fresh = page.locator(".fresh")
    expect(fresh).to_contain_text("每 10 秒刷新")
    first = fresh.inner_text()
    page.wait_for_timeout(11_000)
    expect(fresh).not_to_have_text(first)  # refreshed by itself
    ui.shot("console-wall")
