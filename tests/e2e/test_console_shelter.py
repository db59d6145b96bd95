"""The shelter (留检所) in Chromium, issue 17: a keeper takes in a captured stray from a dispatched report, assigns
its kennel by scanning the kennel's QR code with the camera (Chromium's fake camera plays the code), records a
rabies vaccination and opens the dog for adoption; the kennel board shows 158 kennels at a glance on a tablet, and
the shelter pages work on a phone. Screenshots at 1024×768 and 390×844 for the README."""
import secrets

from playwright.sync_api import expect

from tests.e2e.records import Staff, free_kennels, random_place, report_stray, take_in
from tests.e2e.support import DOG_PHOTO

TABLET = {"width": 1024, "height": 768}
PHONE = {"width": 390, "height": 844}


def choose(scope, text: str) -> None:
    """Tap one of Element Plus's radio buttons by its label (the radio input itself is hidden under it)."""
    scope.locator("label.el-radio-button", has_text=text).click()


def test_a_keeper_takes_in_a_dispatched_capture_scans_its_kennel_and_opens_it_for_adoption(camera_console,
                                                                                          console_server):
    base = console_server.url
    keeper, dispatcher = Staff(base, "shelter"), Staff(base, "dispatcher")
    place = random_place(f"新城区锡林南路{secrets.randbelow(900) + 100}号")
    report = report_stray(base, place, description="黄色土狗，脖子上有旧项圈")
    dispatcher.post(f"/api/v1/staff/stray-reports/{report['id']}/dispatch", json={"team": "新城一队"})
    kennel = free_kennels(keeper, "D区")[0]
    name = f"阿黄{secrets.token_hex(2)}"

    ui = camera_console(keeper.get(kennel["qrcode_url"]), **TABLET)  # the camera sees the kennel door's QR code
    ui.sign_in("shelter")
    page = ui.page
    page.get_by_role("button", name="收容登记").click()  # from the kennel board, the keeper's home
    card = page.locator(".arrival", has_text=place["address"])
    expect(card).to_contain_text("新城一队")
    card.get_by_role("button", name="登记入所").click()
    expect(page.get_by_text(f"派单捕获：{place['address']}")).to_be_visible()

    page.get_by_label("拍摄或选择犬只照片").set_input_files(str(DOG_PHOTO))  # the camera's photo, as a phone sends it
    expect(page.locator(".thumb img")).to_have_count(1)
    expect(page.locator(".thumb .state")).to_have_count(0)  # uploaded
    page.get_by_label("犬名").fill(name)
    page.get_by_label("品种").fill("中华田园犬")
    page.get_by_label("毛色").fill("黄")
    choose(page, "母")
    choose(page, "中型")
    page.get_by_label("留检观察天数").fill("0")
    page.get_by_role("button", name="扫犬舍码").click()
    dialog = page.get_by_role("dialog", name="扫描犬舍二维码")
    expect(dialog.locator("video")).to_be_visible()
    ui.shot("console-shelter-scan")
    expect(page.get_by_label("犬舍编号")).to_have_value(kennel["code"])  # read from the camera, not typed
    page.get_by_role("button", name="登记入所").last.click()
    box = page.locator(".el-message-box")
    expect(box).to_contain_text(f"入住犬舍 {kennel['code']}")
    expect(box).to_contain_text("报告将结为“已捕获”")
    box.get_by_role("button", name="登记入所").click()

    expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.locator(".dog-title")).to_contain_text(f"犬舍 {kennel['code']}")
    expect(page.get_by_text("无有效狂犬疫苗记录")).to_be_visible()
    page.get_by_role("button", name="登记医疗").click()
    medical = page.get_by_role("dialog", name=f"登记医疗记录：{name}")
    medical.get_by_label("免疫证号").fill(f"SY-{secrets.token_hex(3)}")
    medical.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已登记狂犬疫苗")).to_be_visible()
    expect(page.locator(".medical")).to_contain_text("狂犬疫苗")

    page.get_by_role("button", name="变更状态").click()
    status = page.get_by_role("dialog", name="变更状态")
    choose(status, "开放领养")
    status.get_by_label("原因").fill("观察期满，健康，已免疫")
    status.get_by_role("button", name="确定").click()
    page.locator(".el-message-box").get_by_role("button", name="确认").click()
    expect(page.get_by_text("已改为待领养")).to_be_visible()
    expect(page.locator(".dog-title h2")).to_contain_text("待领养")
    expect(page.get_by_text("留检观察 → 待领养")).to_be_visible()  # the step and its reason in the dog's history
    expect(page.get_by_text("原因：观察期满，健康，已免疫")).to_be_visible()

    dog_id = page.url.rsplit("/", 1)[1]
    dog = keeper.get(f"/api/v1/staff/shelter/dogs/{dog_id}")
    assert (dog["status"], dog["kennel_code"], dog["stray_report_id"]) == ("available", kennel["code"], report["id"])
    assert [m["kind"] for m in dog["medical"]] == ["rabies_vaccination"]
    assert dispatcher.get(f"/api/v1/staff/stray-reports/{report['id']}")["status"] == "captured"


def test_the_kennel_board_shows_every_kennel_at_a_glance_on_a_tablet_and_works_on_a_phone(console, console_server):
    keeper = Staff(console_server.url, "shelter")
    kennels = free_kennels(keeper, "A区") + free_kennels(keeper, "C区")
    names = ["小黄", "黑豆", "花花", "旺财", "豆豆", "雪球", "来福", "妞妞"]
    dogs = [take_in(keeper, name, kennel=kennels[i]["code"], vaccinated=i % 4 != 3, available=i % 2 == 0,
                    quarantine_days=0 if i % 2 == 0 else 10, chip_no=None) for i, name in enumerate(names)]
    total = len(keeper.get("/api/v1/staff/shelter/kennels"))
    assert total >= 158  # the demo shelter's kennels

    ui = console(**TABLET)
    ui.sign_in("shelter")
    page = ui.page
    expect(page).to_have_url(f"{ui.base_url}/console/shelter/kennels")  # the keeper's home
    tiles = page.locator(".grid .tile")
    expect(tiles).to_have_count(total)
    expect(page.locator(f'.tile[data-kennel="{kennels[0]["code"]}"]')).to_contain_text("小黄")
    # At a glance: every tile inside the 1024×768 screen, no scrolling
    assert tiles.last.bounding_box()["y"] + tiles.last.bounding_box()["height"] <= TABLET["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    ui.shot("console-shelter-board-1024")
    page.locator(f'.tile[data-kennel="{kennels[1]["code"]}"]').click()
    drawer = page.get_by_role("dialog", name=f"犬舍 {kennels[1]['code']}")
    expect(drawer).to_contain_text("黑豆")
    expect(drawer.get_by_role("img", name=f"犬舍 {kennels[1]['code']} 的二维码")).to_be_visible()
    drawer.get_by_role("button", name="查看档案").click()
    expect(page.get_by_role("heading", name="黑豆")).to_be_visible()
    expect(page.get_by_text("收容入所，入住犬舍")).to_be_visible()
    ui.shot("console-shelter-dog-1024")
    ui.goto("/shelter/intake")
    page.get_by_role("tab", name="其他来源").click()
    expect(page.get_by_text("拍照 / 选择照片")).to_be_visible()
    ui.shot("console-shelter-intake-1024")

    phone = console(**PHONE)
    phone.sign_in("shelter")
    page = phone.page
    expect(page.locator(".grid .tile")).to_have_count(total)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.shot("console-shelter-board-390")
    page.get_by_role("button", name="打开菜单").click()
    page.get_by_role("menuitem", name="在册犬只").click()
    page.get_by_role("cell", name=dogs[0]["dog_no"]).click()
    expect(page.get_by_role("heading", name="小黄")).to_be_visible()
    for action in ("换犬舍", "登记医疗", "变更状态"):  # large enough for a finger
        assert page.get_by_role("button", name=action).bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.shot("console-shelter-dog-390")
    page.get_by_role("button", name="打开菜单").click()
    page.get_by_role("menuitem", name="收容登记").click()
    page.get_by_role("tab", name="其他来源").click()
    expect(page.get_by_role("button", name="扫犬舍码")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.shot("console-shelter-intake-390")
