"""The dashboard's summary tables (issue 17) on SQLite and MariaDB: the licence tallies follow every change a
licence goes through and equal a fresh count; closed months are read from the roll-up and give the same numbers
as the records, and a month still open is counted live."""
from __future__ import annotations

import io
from datetime import date, timedelta

from openpyxl import load_workbook

from backend.core import clock
from tests.support import factories
from tests.support import shelter as sh


def month(day: date, ahead: int = 0) -> str:
    index = day.year * 12 + day.month - 1 + ahead
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def tallies(app) -> list[tuple]:
    with app.app_context():
        from backend.core.database.extensions import db
        from backend.indicators.models import LicenceTally

        rows = db.session.execute(db.select(LicenceTally.kind, LicenceTally.day, LicenceTally.status,
                                            LicenceTally.zone_code, LicenceTally.licences)
                                  .where(LicenceTally.licences != 0)).all()
        db.session.remove()
    return sorted(tuple(row) for row in rows)


def rebuilt(app) -> list[tuple]:
    with app.app_context():
        from backend.indicators import tallies as kept

        kept.rebuild()
    return tallies(app)


def test_licence_tallies_follow_issue_address_change_inspection_cancellation_and_expiry(app, resident, licensed):
    alice, bob, carol = resident("alice"), resident("bob"), resident("carol")
    moved = licensed(alice)
    renewed = licensed(bob, owner_fields={"number": factories.id_number(seq="301"), "address": "回民区中山西路1号",
                                          "zone_code": "huimin-key"})
    ended = licensed(carol, owner_fields={"number": factories.id_number(seq="302"), "address": "玉泉区石羊桥路2号",
                                          "zone_code": "yuquan-key"},
                     vaccination_fields={"days_ago": 10, "valid_days": 40})
    counted = tallies(app)
    assert [(kind, status, zone, n) for kind, _, status, zone, n in counted if kind == "issued"] == [
        ("issued", "active", zone, 1) for zone in sorted(["xincheng-key", "huimin-key", "yuquan-key"])]
    assert counted == rebuilt(app)

    assert alice.put(f"/api/v1/licences/{moved['id']}/address",
                     json={"address": "赛罕区大学东路10号", "zone_code": "saihan-general"}).status_code == 200
    with clock.travel_to(date.fromisoformat(renewed["expires_on"]) - timedelta(days=10)):
        renewal = bob.post(f"/api/v1/licences/{renewed['id']}/inspections",
                           json={"vaccination": factories.vaccination(days_ago=1, valid_days=3 * 365,
                                                                      certificate_no="HH-RV-2027")})
        assert renewal.status_code == 201 and renewal.get_json()["status"] == "issued", renewal.get_json()
    with app.app_context():
        from backend.licensing.lifecycle.expiry import expire_lapsed_licences

        assert expire_lapsed_licences(today=date.fromisoformat(ended["expires_on"]) + timedelta(days=31)) == 1
    assert alice.post(f"/api/v1/licences/{moved['id']}/cancellation", json={"reason": "died"}).status_code == 200

    counted = tallies(app)
    assert ("issued", date.fromisoformat(moved["issued_on"]), "cancelled", "saihan-general", 1) in counted
    assert ("expires", date.fromisoformat(ended["expires_on"]), "expired", "yuquan-key", 1) in counted
    renewed_to = date.fromisoformat(bob.get(f"/api/v1/licences/{renewed['id']}").get_json()["expires_on"])
    assert [row[1:] for row in counted if row[0] == "expires" and row[3] == "huimin-key"] == [
        (renewed_to, "active", "huimin-key", 1)]
    assert counted == rebuilt(app)


def test_closed_months_come_from_the_roll_up_and_open_ones_live(app, resident, staff):
    today = clock.today()
    back = date(today.year, today.month, 1) - timedelta(days=80)  # a month closed long ago
    with clock.travel_to(back):
        keeper = staff("shelter")
        sh.take_in(keeper)
        sh.take_in(keeper, source="public_found")
        body = {"location": {"lat": 40.80, "lng": 111.70, "address": "大学西街"}, "count": 1, "description": "黄狗",
                "photo_upload_ids": []}
        assert resident("erin").post("/api/v1/stray-reports", json=body).status_code == 201
    sh.take_in(staff("shelter"))  # this month: still open
    leader = staff("leader")
    period = {"from": month(back), "to": month(today)}

    shelter = leader.get("/api/v1/staff/indicators/shelter", query_string=period).get_json()
    intakes = {row["month"]: row["intakes"] for row in shelter["monthly"]}
    assert intakes[month(back)] == 2 and intakes[month(today)] == 1 and sum(intakes.values()) == 3
    strays = leader.get("/api/v1/staff/indicators/strays", query_string=period).get_json()
    assert {row["month"]: row["reports"] for row in strays["monthly"]}[month(back)] == 1

    with app.app_context():
        from backend.core.database.extensions import db
        from backend.indicators import rollup
        from backend.indicators.models import IndicatorRollup, IndicatorWatermark

        closed = dict(db.session.execute(db.select(IndicatorWatermark.metric, IndicatorWatermark.closed_through)).all())
        assert closed["intake"] >= int(month(back).replace("-", ""))
        written = db.session.execute(db.select(IndicatorRollup.k1, IndicatorRollup.n).where(
            IndicatorRollup.metric == "intake", IndicatorRollup.month == int(month(back).replace("-", "")),
            IndicatorRollup.zone == "*")).all()
        assert sorted(written) == [("public_found", 1), ("stray_capture", 1)]
        # the roll-up counted the same as the records: forgetting it and counting again gives the same answer
        rollup.forget()
        db.session.remove()
    again = leader.get("/api/v1/staff/indicators/shelter", query_string=period).get_json()
    assert again["monthly"] == shelter["monthly"] and again["intakes_by_source"] == shelter["intakes_by_source"]


def test_review_times_of_closed_months_are_summed_up_by_the_database_as_counted(app, resident, submitted, staff):
    """A closed month's waits are read as the database's summary of the roll-up's buckets (rollup.spread), not
    bucket by bucket: the same median and 90th percentile as the records give, for the city and for a zone, merged
    with the open months for the whole period, in the API and in the workbook."""
    today = clock.today()
    back = date(today.year, today.month, 1) - timedelta(days=80)  # a month closed long ago
    reviewer = staff("reviewer")

    def decided(n: int, zone: str, hours: int) -> None:
        fields = {"name": f"养犬人{n}", "number": factories.id_number(seq=f"{300 + n:03d}"), "zone_code": zone,
                  "address": f"测试路{n}号"}
        application_id = submitted(resident(f"waiter{n}"), owner_fields=fields)
        with clock.travel_to(clock.now() + timedelta(hours=hours)):
            approved = reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/approve")
            assert approved.status_code == 200, approved.get_json()

    with clock.travel_to(back):
        # waits of 0, 60, 120 and 1,800 minutes: by nearest rank the median is 60, the 90th percentile 1,800
        for n, (zone, hours) in enumerate((("xincheng-key", 0), ("saihan-general", 1), ("saihan-general", 2),
                                           ("xincheng-key", 30))):
            decided(n, zone, hours)
    decided(4, "xincheng-key", 3)  # this month, still open: counted live
    leader = staff("leader")
    period = {"from": month(back), "to": month(today, 1)}

    waits = leader.get("/api/v1/staff/indicators/review-times", query_string=period).get_json()
    by_month = {row["month"]: (row["decided"], row["median_hours"], row["p90_hours"]) for row in waits["monthly"]}
    assert by_month[month(back)] == (4, 1.0, 30.0)
    assert [row for m, row in by_month.items() if m != month(back) and row[0]] == [(1, 3.0, 3.0)]
    # the whole period: 0, 60, 120, 180, 1,800
    assert (waits["decided"], waits["median_hours"], waits["p90_hours"]) == (5, 2.0, 30.0)
    saihan = leader.get("/api/v1/staff/indicators/review-times", query_string={**period, "zone": "saihan-general"})
    saihan = saihan.get_json()
    assert [(r["decided"], r["median_hours"], r["p90_hours"]) for r in saihan["monthly"] if r["decided"]] == [
        (2, 1.0, 2.0)]
    with app.app_context():
        from backend.core.database.extensions import db
        from backend.indicators.models import IndicatorWatermark

        closed = db.session.scalar(db.select(IndicatorWatermark.closed_through).where(
            IndicatorWatermark.metric == "waited"))
        assert closed >= int(month(back).replace("-", ""))  # the back month was read from the roll-up
        db.session.remove()

    response = leader.get("/api/v1/staff/indicators/workbook", query_string=period)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data))["审核时长"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert [month(back), 4, 1.0, 30.0] in rows and ["全期", 5, 2.0, 30.0] in rows
