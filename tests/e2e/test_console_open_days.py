"""Open days (开放日) in Chromium, issue 17: a visitor's booking checked in at the gate by scanning its QR code with
the camera (once: a second scan is refused); the calendar of the coming weeks with booked/capacity; an extra day
added; a day closed, which cancels its bookings and tells the visitors."""
import time
from datetime import datetime, timedelta

from playwright.sync_api import expect

from backend.core import clock
from tests.e2e.camera import qr_png
from tests.e2e.records import Staff
from tests.e2e.support import Resident

PHONE = {"width": 390, "height": 844}


def _a_slot_later_today(keeper: Staff) -> dict:
    """A slot starting in a minute or two (city time), so that it can be booked now and checked in today."""
    now = datetime.now(clock.SHANGHAI)
    if now.hour == 23 and now.minute >= 56:  # too late for a slot today: wait for tomorrow's
        time.sleep((60 - now.minute) * 60 - now.second + 5)
        now = datetime.now(clock.SHANGHAI)
    start = now + timedelta(minutes=2)
    [slot] = keeper.post("/api/v1/staff/adoption/open-days", json={"date": now.date().isoformat(), "slots": [
        {"start": start.strftime("%H:%M"), "end": "23:59", "capacity": 30}]})
    return slot


def test_a_visitor_is_checked_in_by_scanning_the_booking_code(camera_console, console_server):
    keeper = Staff(console_server.url, "shelter")
    slot = _a_slot_later_today(keeper)
    visitor = Resident.login(console_server.url, f"visitor-{time.monotonic_ns()}")
    booking = visitor._call("POST", "/api/v1/adoption/bookings", json={"slot_id": slot["id"]})

    # The keeper at the gate with a phone; the visitor holds up the booking's QR code (what the mini-program shows)
    ui = camera_console(qr_png(booking["checkin_code"]), **PHONE)
    ui.sign_in("shelter")
    ui.goto("/open-days/checkin")
    page = ui.page
    confirm = page.get_by_role("dialog", name="确认签到")
    expect(confirm).to_contain_text(booking["checkin_code"])  # read by the camera
    ui.shot("console-open-days-checkin")
    confirm.get_by_role("button", name="确认签到").click()
    expect(page.get_by_role("status")).to_contain_text(f"{booking['checkin_code']}：签到成功")
    assert visitor._call("GET", "/api/v1/adoption/bookings")[0]["status"] == "checked_in"

    # The same code again (typed this time): refused, with the API's reason, and nothing changes
    page.get_by_label("手动输入编码").fill(booking["checkin_code"].lower())
    page.get_by_role("button", name="确定").click()
    page.get_by_role("dialog", name="确认签到").get_by_role("button", name="确认签到").click()
    expect(page.get_by_role("status")).to_contain_text("该预约已于")
    assert visitor._call("GET", "/api/v1/adoption/bookings")[0]["status"] == "checked_in"


def test_the_calendar_an_extra_day_and_a_closure_that_tells_the_visitors(console, console_server):
    keeper = Staff(console_server.url, "shelter")
    today = clock.today()
    rule = keeper.get("/api/v1/staff/adoption/open-day-rule")
    # A rule day within the booking horizon that is not today: a visitor books it
    day = next(today + timedelta(days=n) for n in range(1, rule["book_days_ahead"] + 1)
               if (today + timedelta(days=n)).isoweekday() in rule["weekdays"])
    days = requests_open_days(console_server.url, day)
    visitor = Resident.login(console_server.url, f"visitor-{time.monotonic_ns()}")
    booking = visitor._call("POST", "/api/v1/adoption/bookings", json={"slot_id": days["slots"][0]["id"]})

    ui = console()
    ui.sign_in("shelter")
    page = ui.page
    page.get_by_role("menuitem", name="开放日安排").click()
    cell = page.get_by_role("gridcell", name=day.isoformat())
    expect(cell).to_contain_text("/20")
    ui.shot("console-open-days-calendar")

    # Who booked: the day's slots and their bookings
    cell.click()
    drawer = page.get_by_role("dialog", name=day.isoformat())
    expect(drawer).to_contain_text("已预约")
    expect(drawer).to_contain_text(f"…{booking['checkin_code'][-4:]}")
    assert booking["checkin_code"] not in drawer.inner_text()  # the code stays the visitor's
    ui.shot("console-open-days-bookings")

    # Closing the day: the visitor's booking is cancelled and they are told why
    drawer.get_by_role("button", name="闭馆…").click()
    close = page.get_by_role("dialog", name=f"闭馆：{day.isoformat()}")
    close.get_by_label("闭馆原因").fill("设备检修")
    close.get_by_role("button", name="闭馆并通知").click()
    box = page.locator(".el-message-box")
    expect(box).to_contain_text("预约将自动取消，并收到闭馆通知")
    box.get_by_role("button", name="确认闭馆").click()
    expect(page.get_by_text("已闭馆，已取消并通知")).to_be_visible()
    mine = visitor._call("GET", "/api/v1/adoption/bookings")
    assert [(b["id"], b["status"]) for b in mine] == [(booking["id"], "cancelled")]
    notice = visitor._call("GET", "/api/v1/notifications")[0]
    assert notice["kind"] == "booking_day_closed" and "设备检修" in notice["body"]

    # An extra day three weeks ahead (an adoption event), beyond the booking horizon
    extra = today + timedelta(days=21)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="增设开放日").click()
    add = page.get_by_role("dialog", name="增设开放日")
    date_input = add.get_by_label("日期")
    date_input.fill(extra.isoformat())
    date_input.press("Enter")
    add.get_by_role("button", name="增设").click()
    page.locator(".el-message-box").get_by_role("button", name="增设").click()
    expect(page.get_by_text("已增设，居民可在小程序中预约")).to_be_visible()
    listed = requests_open_days(console_server.url, extra)
    assert [(s["starts_at"][11:16], s["capacity"]) for s in listed["slots"]] == [("09:30", 20)]


def requests_open_days(base_url: str, day) -> dict:
    import requests

    response = requests.get(f"{base_url}/api/v1/adoption/open-days",
                            params={"from": day.isoformat(), "to": day.isoformat()}, timeout=10)
    response.raise_for_status()
    return response.json()[0]
