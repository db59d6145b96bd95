"""Strays (流浪犬) in Chromium, issue 17: a dispatcher sees two nearby reports of one dog grouped as one job (on the
list and on the map) and dispatches a team; the hotspot grid for a period and cell size with the districts ranked."""
import secrets

from playwright.sync_api import expect

from tests.e2e.records import Staff, near, random_place, report_stray

HUIMIN = (40.8085, 111.6232)  # 回民区's centre in backend/data/districts.json
ELSEWHERE = {"新城区": (40.8633, 111.6650), "玉泉区": (40.7522, 111.6744), "赛罕区": (40.7921, 111.7015)}


def test_a_dispatcher_sees_two_nearby_reports_grouped_and_dispatches(console, console_server):
    base = console_server.url
    place = random_place(f"回民区中山西路{secrets.randbelow(900) + 100}号", around=HUIMIN)
    first = report_stray(base, place, description="一只黄狗在翻垃圾桶")
    second = report_stray(base, near(place, 120, place["address"] + "北侧"), description="黄狗，后腿好像受伤了",
                          injured=True)
    assert second["status"] == "duplicate" and second["duplicate_of"] == first["id"]  # the server linked them
    for district, centre in ELSEWHERE.items():  # other jobs around the city, each on its own
        report_stray(base, random_place(f"{district}某小区门口", around=centre), description="一只流浪犬")

    ui = console()
    ui.sign_in("dispatcher")
    page = ui.page
    expect(page).to_have_url(f"{ui.base_url}/console/dispatch/reports")  # the dispatcher's home
    job = page.locator(f'.group[data-report="{first["id"]}"]')
    expect(job).to_contain_text("共2份报告")
    expect(job).to_contain_text("受伤")  # the later report's urgency moved to the job
    job.get_by_role("button", name="查看同组报告").click()
    expect(job.locator(".member")).to_contain_text("黄狗，后腿好像受伤了")
    ui.shot("console-dispatch-list")

    page.get_by_role("radio", name="地图").locator("..").click()
    expect(page.locator(".leaflet-interactive").first).to_be_attached()
    expect(page.locator(".district-label", has_text="回民区")).to_be_visible()  # the offline base layer
    ui.shot("console-dispatch-map")

    page.get_by_role("radio", name="列表").locator("..").click()
    job.get_by_role("button", name="派单").click()
    dialog = page.get_by_role("dialog", name="派单")
    dialog.get_by_label("处置队").fill("回民一队")
    dialog.get_by_role("button", name="派单").click()
    box = page.locator(".el-message-box")
    expect(box).to_contain_text("共2份报告")
    box.get_by_role("button", name="派单").click()
    expect(page.locator(".el-message", has_text="已派单")).to_be_visible()
    dispatcher = Staff(base, "dispatcher")
    assert dispatcher.get(f"/api/v1/staff/stray-reports/{first['id']}")["team"] == "回民一队"

    page.get_by_role("menuitem", name="热点分析").click()
    expect(page.locator(".summary")).to_contain_text("报告")
    expect(page.get_by_role("cell", name="回民区")).to_be_visible()
    expect(page.locator("path.leaflet-interactive").first).to_be_attached()
    ui.shot("console-dispatch-hotspots")
