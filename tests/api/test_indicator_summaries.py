"""The dashboard's summary tables (issue 17) on SQLite and MariaDB: the licence tallies follow every change a
licence goes through and equal a fresh count; closed months are read from the roll-up and give the same numbers
as the records, and a month still open is counted live."""
from __future__ import annotations

from datetime import date, timedelta

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
