"""The dashboard (数据看板, issue 17) on SQLite and MariaDB: every panel's numbers equal the records the test made
through the API (or, for notices, wrote directly), the zone and period filters narrow them, leaders and admins
may read them and nobody else, and the workbook and CSV carry the same numbers."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from openpyxl import load_workbook

from backend.core import clock
from tests.support import factories
from tests.support import shelter as sh

SPOT = {"lat": 40.842, "lng": 111.749, "address": "新华广场东门"}  # nearest district centre: 经济技术开发区
CLOSE_BY = {"lat": 40.8428, "lng": 111.7495, "address": "新华广场北侧"}  # ~100 m away: a duplicate
SAIHAN = {"lat": 40.80, "lng": 111.70, "address": "大学西街"}  # ~1 km from 赛罕区's centre


def month(day: date, ahead: int = 0) -> str:
    index = day.year * 12 + day.month - 1 + ahead
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def owner(n: int, zone: str, address: str) -> dict:
    return {"owner_fields": {"name": f"养犬人{n}", "number": factories.id_number(seq=f"{200 + n:03d}"),
                             "zone_code": zone, "address": address}}


def panel(who, name: str, **query):
    response = who.get(f"/api/v1/staff/indicators/{name}", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_licences_applications_and_review_times_count_what_happened(app, resident, submitted, staff, licensed):
    leader, today = staff("leader"), clock.today()
    alice, bob, dave = resident("alice"), resident("bob"), resident("dave")
    # alice waits two hours for approval
    alice_app = submitted(alice, **owner(1, "xincheng-key", "新城区海拉尔东街1号"))
    with clock.travel_to(clock.now() + timedelta(hours=2)):
        assert staff("reviewer").post(f"/api/v1/staff/licence-applications/{alice_app}/approve").status_code == 200
    # bob is rejected after 30 hours for an unclear photo, corrects it and is approved an hour later
    bob_body = factories.application([bob.upload_photo()], **owner(2, "saihan-general", "赛罕区大学西街5号"))
    bob_app = bob.post("/api/v1/licence-applications", json=bob_body).get_json()["id"]
    with clock.travel_to(clock.now() + timedelta(hours=30)):
        rejected = staff("reviewer").post(f"/api/v1/staff/licence-applications/{bob_app}/reject",
                                          json={"reason_code": "photo_unclear", "reason": "请补拍正面"})
        assert rejected.status_code == 200, rejected.get_json()
        bob_body["dog"]["photo_upload_ids"] = [bob.upload_photo()]
        assert bob.put(f"/api/v1/licence-applications/{bob_app}", json=bob_body).status_code == 200
        with clock.travel_to(clock.now() + timedelta(hours=1)):
            assert staff("reviewer").post(f"/api/v1/staff/licence-applications/{bob_app}/approve").status_code == 200
    # carol is approved at once, her licence runs out with her vaccination in 30 days, and the sweep expires it
    carol = licensed(resident("carol"), **owner(3, "jingkai-general", "经济技术开发区如意路1号"),
                     vaccination_fields={"days_ago": 10, "valid_days": 40})
    expires_on = date.fromisoformat(carol["expires_on"])
    with app.app_context():
        from backend.licensing.lifecycle.expiry import expire_lapsed_licences

        assert expire_lapsed_licences(today=expires_on + timedelta(days=31)) == 1
    submitted(dave, **owner(4, "xincheng-key", "新城区锡林路2号"))  # still waiting
    period = {"from": month(today), "to": month(today, 2)}

    licences = panel(leader, "licences", **period)
    assert licences["months"] == [month(today), month(today, 1), month(today, 2)]
    assert licences["active"]["total"] == 2 and licences["active"]["overdue"] == 0
    active = {row["zone_code"]: row["active"] for row in licences["active"]["by_zone"]}
    assert active == {"xincheng-key": 1, "huimin-key": 0, "yuquan-key": 0, "saihan-general": 1, "jingkai-general": 0}
    issued = {row["zone_code"]: row["issued"] for row in licences["by_zone"]}
    assert issued == {"xincheng-key": 1, "huimin-key": 0, "yuquan-key": 0, "saihan-general": 1, "jingkai-general": 1}
    expired = {row["month"]: row["expired"] for row in licences["monthly"]}
    assert expired == {m: int(m == month(expires_on)) for m in licences["months"]}
    assert sum(row["issued"] for row in licences["monthly"]) == 3
    assert [(r["month"], r["zone_code"]) for r in licences["monthly_by_zone"] if r["expired"]] == [
        (month(expires_on), "jingkai-general")]

    applications = panel(leader, "applications", **period)
    totals = {f: sum(row[f] for row in applications["monthly"])
              for f in ("submitted", "resubmitted", "approved", "rejected", "withdrawn")}
    assert totals == {"submitted": 4, "resubmitted": 1, "approved": 3, "rejected": 1, "withdrawn": 0}
    assert (applications["decided"], applications["rejected"], applications["rejection_rate"]) == (4, 1, 0.25)
    reasons = {row["code"]: (row["rejected"], row["rate"]) for row in applications["reasons"]}
    assert reasons["photo_unclear"] == (1, 0.25) and reasons["breed_mismatch"] == (0, 0.0)
    assert applications["pending_now"] == 1

    # waits: carol 0 min, bob's second round 60, alice 120, bob's first 1,800 (nearest rank)
    waits = panel(leader, "review-times", **period)
    assert (waits["decided"], waits["median_hours"], waits["p90_hours"]) == (4, 1.0, 30.0)
    assert sum(row["decided"] for row in waits["monthly"]) == 4
    assert waits["waiting_now"]["count"] == 1 and waits["waiting_now"]["longest_hours"] < 1

    saihan = panel(leader, "licences", zone="saihan-general", **period)
    assert saihan["zone"] == "saihan-general" and saihan["active"]["total"] == 1
    assert [row["zone_code"] for row in saihan["by_zone"]] == ["saihan-general"] and saihan["by_zone"][0]["issued"] == 1
    saihan_apps = panel(leader, "applications", zone="saihan-general", **period)
    assert (saihan_apps["decided"], saihan_apps["rejection_rate"], saihan_apps["pending_now"]) == (2, 0.5, 0)
    saihan_waits = panel(leader, "review-times", zone="saihan-general", **period)
    assert (saihan_waits["median_hours"], saihan_waits["p90_hours"]) == (1.0, 30.0)

    # a period before any of it: nothing issued, but "active now" is the same
    before = panel(leader, "licences", **{"from": month(today, -3), "to": month(today, -1)})
    assert sum(row["issued"] for row in before["monthly"]) == 0 and before["active"]["total"] == 2
    assert panel(leader, "applications", **{"from": month(today, -3), "to": month(today, -1)})["decided"] == 0


def shelter_and_strays(resident, staff) -> None:
    keeper = staff("shelter")
    for code in ("D-001", "D-002", "D-003"):
        assert keeper.post("/api/v1/staff/shelter/kennels", json={"code": code}).status_code == 201
    sh.take_in(keeper, kennel_code="D-001")
    sh.take_in(keeper, source="public_found")  # not yet in a kennel
    gone = sh.take_in(keeper, kennel_code="D-002", quarantine_days=0)
    died = keeper.post(f"/api/v1/staff/shelter/dogs/{gone['id']}/status", json={"status": "died", "reason": "病故"})
    assert died.status_code == 200, died.get_json()
    body = {"count": 2, "description": "两只黄狗", "photo_upload_ids": []}
    first = resident("erin").post("/api/v1/stray-reports", json={**body, "location": SPOT}).get_json()
    assert resident("finn").post("/api/v1/stray-reports", json={**body, "location": CLOSE_BY}).get_json()[
        "status"] == "duplicate"
    assert resident("gail").post("/api/v1/stray-reports", json={**body, "location": SAIHAN}).status_code == 201
    resolved = staff("dispatcher").post(f"/api/v1/staff/stray-reports/{first['id']}/resolve",
                                        json={"outcome": "captured", "captured_count": 2})
    assert resolved.status_code == 200, resolved.get_json()


def test_shelter_and_strays_count_what_happened_and_a_zone_narrows_strays_to_its_district(resident, staff):
    shelter_and_strays(resident, staff)
    leader, this_month = staff("leader"), month(clock.today())

    shelter = panel(leader, "shelter")
    assert shelter["zone_applies"] is False and shelter["to"] == this_month and len(shelter["months"]) == 12
    occupancy = shelter["occupancy"]
    assert {k: occupancy[k] for k in ("kennels", "occupied_kennels", "places", "dogs_in_care", "without_kennel")} == {
        "kennels": 3, "occupied_kennels": 1, "places": 3, "dogs_in_care": 2, "without_kennel": 1}
    assert occupancy["kennel_rate"] == 0.3333 and occupancy["place_rate"] == 0.3333
    assert {r["status"]: r["count"] for r in occupancy["by_status"]} == {"quarantine": 2, "available": 0,
                                                                          "reserved": 0}
    assert shelter["monthly"][-1] == {"month": this_month, "intakes": 3, "adopted": 0, "reclaimed": 0,
                                      "transferred": 0, "died": 1}
    assert {r["source"]: r["count"] for r in shelter["intakes_by_source"]} == {
        "stray_capture": 2, "owner_surrender": 0, "public_found": 1}

    strays = panel(leader, "strays")
    assert strays["monthly"][-1] == {"month": this_month, "reports": 3, "incidents": 2, "captures": 1,
                                     "dogs_captured": 2}
    hot = strays["hotspots"]
    assert hot["cells_total"] == 2 and sum(c["reports"] for c in hot["cells"]) == 3
    districts = {d["district"]: (d["reports"], d["captures"]) for d in hot["districts"]}
    assert districts == {"经济技术开发区": (2, 1), "赛罕区": (1, 0)}
    saihan = panel(leader, "strays", zone="saihan-general")
    assert saihan["totals"] == {"reports": 1, "incidents": 1, "captures": 0, "dogs_captured": 0}
    assert [d["district"] for d in saihan["hotspots"]["districts"]] == ["赛罕区"]
    # the shelter has no zones: a zone changes nothing there
    assert panel(leader, "shelter", zone="saihan-general")["monthly"] == shelter["monthly"]


def test_notice_delivery_rates_by_channel(app, resident, staff):
    user_id = resident("hana").user_id
    now, this_month = clock.now(), month(clock.today())
    # a notice for someone no WeChat channel reaches is written in-app at once, without a channel
    rows = [("template", "sent")] * 3 + [("template", "failed"), ("subscribe", "sent"), ("in_app", "in_app"),
                                           ("in_app", "in_app"), (None, "in_app"), (None, "pending")]
    with app.app_context():
        from backend.core.database.extensions import db
        from backend.notices.models import Notice

        db.session.execute(db.delete(Notice))  # the resident's own notices (none expected) out of the count
        for channel, status in rows:
            db.session.add(Notice(user_id=user_id, kind="test", title="t", body="b", channel=channel,
                                  delivery_status=status, created_at=now))
        # a month before the period: not counted
        db.session.add(Notice(user_id=user_id, kind="test", title="t", body="b", channel="template",
                              delivery_status="failed", created_at=now - timedelta(days=400)))
        db.session.commit()

    notices = panel(staff("leader"), "notices")
    channels = {c["channel"]: c for c in notices["channels"]}
    assert channels["template"] == {"channel": "template", "total": 4, "delivered": 3, "failed": 1, "waiting": 0,
                                    "rate": 0.75}
    assert (channels["subscribe"]["rate"], channels["in_app"]["delivered"]) == (1.0, 3)
    assert channels["none"] == {"channel": "none", "total": 1, "delivered": 0, "failed": 0, "waiting": 1, "rate": 0.0}
    assert notices["total"] == {"total": 9, "delivered": 7, "failed": 1, "waiting": 1, "rate": 0.7778}
    this = [r for r in notices["monthly"] if r["month"] == this_month and r["channel"] == "template"]
    assert this[0]["total"] == 4


def test_only_leaders_and_admins_read_the_dashboard_and_bad_filters_are_refused(staff, client):
    assert staff("admin").get("/api/v1/staff/indicators/shelter").status_code == 200
    for role in ("reviewer", "shelter", "dispatcher", "service"):
        response = staff(role).get("/api/v1/staff/indicators/licences")
        assert response.status_code == 403 and response.get_json()["error"]["code"] == "role_required"
    assert client.get("/api/v1/staff/indicators/licences").status_code == 401
    leader = staff("leader")
    for query in ({"from": "2026-13"}, {"from": "2026-05", "to": "2026-04"}, {"from": "2020-01", "to": "2026-01"},
                  {"zone": "nowhere"}, {"to": "26-01"}):
        response = leader.get("/api/v1/staff/indicators/licences", query_string=query)
        assert response.status_code == 422, (query, response.get_json())
    assert leader.get("/api/v1/staff/indicators/csv", query_string={"panel": "everything"}).status_code == 422
    assert leader.get("/api/v1/staff/licence-applications").status_code == 403


def test_the_workbook_and_the_csv_carry_the_numbers_the_api_gives(resident, staff):
    shelter_and_strays(resident, staff)
    leader, this_month = staff("leader"), month(clock.today())
    api = {name: panel(leader, name) for name in ("shelter", "strays", "licences")}

    response = leader.get("/api/v1/staff/indicators/workbook")
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["犬证", "申请与驳回", "审核时长", "留检所", "流浪犬", "通知送达", "缴费"]
    rows = table(book["留检所"].iter_rows(values_only=True), "每月收容与去向")
    assert rows[-1] == (this_month, 3, 0, 0, 0, 1)
    assert [r[1] for r in rows] == [m["intakes"] for m in api["shelter"]["monthly"]]
    occupancy = table(book["留检所"].iter_rows(values_only=True), "犬舍占用（当前）")[0]
    assert occupancy[:2] == (api["shelter"]["occupancy"]["kennels"], api["shelter"]["occupancy"]["occupied_kennels"])
    strays = table(book["流浪犬"].iter_rows(values_only=True), "每月报告与捕获")
    assert [list(r[1:]) for r in strays] == [[m[k] for k in ("reports", "incidents", "captures", "dogs_captured")]
                                             for m in api["strays"]["monthly"]]
    active = table(book["犬证"].iter_rows(values_only=True), "有效犬证（当前）")
    assert active[-1][2] == api["licences"]["active"]["total"]

    response = leader.get("/api/v1/staff/indicators/csv", query_string={"panel": "strays"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    ranked = table((tuple(line) for line in lines), "各区排名")
    assert [(r[0], int(r[1])) for r in ranked] == [(d["district"], d["reports"])
                                                    for d in api["strays"]["hotspots"]["districts"]]


def table(rows, title: str) -> list[tuple]:
    """The rows of the table whose title starts with `title` (after its heading row), up to the next blank row."""
    found, out, rows = False, [], list(rows)
    for index, row in enumerate(rows):
        if not found and row and str(row[0]).startswith(title):
            found, start = True, index + 2
            break
    assert found, title
    for row in rows[start:]:
        if not row or all(v in (None, "") for v in row):
            break
        out.append(tuple(v for v in row if v not in (None,)) if isinstance(row, tuple) else row)
    return out
