"""Issue 15, item 4: a list page costs the same number of SQL statements for one row as for twenty. The services
hand the views everything a page shows (joined or read in one batched query), so no serializer queries per row.

Each test fills a list with one item, counts the statements of one request (SQLAlchemy's before_cursor_execute on
the app's engine), fills it to twenty and counts again. A first call warms what a request reads once (the open-day
rule, reference data), so both counts are of the same steady state."""
from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from backend.core import clock
from backend.core.database.extensions import db
from tests.support import factories
from tests.support import shelter as sh

MANY = 20
HOME = {"lat": 40.842, "lng": 111.749, "address": "新华广场东门"}
NEAR = {"lat": 40.851, "lng": 111.749, "address": "新华大街"}


@pytest.fixture
def config_overrides() -> dict:
    return {"ADOPTION_OPEN_APPLICATIONS_MAX": MANY + 5}  # one resident's adoption list holds twenty


@contextmanager
def counted(app):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def statements_of(app, who, path: str, rows: int) -> list[str]:
    """The statements of one GET of `path`, whose page must hold `rows` items."""
    who.get(path)
    with counted(app) as statements:
        response = who.get(path)
    assert response.status_code == 200, response.get_json()
    assert len(response.get_json()) == rows, response.get_json()
    return statements


def assert_flat(app, who, path: str, add_rows) -> None:
    """`add_rows(n)` adds n items to the page at `path`: one item, then nineteen more."""
    add_rows(1)
    one = statements_of(app, who, path, 1)
    add_rows(MANY - 1)
    many = statements_of(app, who, path, MANY)
    repeated = Counter(many) - Counter(one)  # what the page sends again for every further row
    assert len(many) == len(one), f"{path}: {len(one)} statements for 1 row, {len(many)} for {MANY}: {repeated}"


def test_the_staff_shelter_page(app, staff):
    keeper = staff("shelter")
    for code in ("A1", "A2"):
        assert keeper.post("/api/v1/staff/shelter/kennels", json={"code": code, "capacity": 20}).status_code == 201
    taken: list[dict] = []

    def take_in(n: int) -> None:
        for _ in range(n):
            dog = sh.take_in(keeper, kennel_code=f"A{len(taken) % 2 + 1}")
            sh.vaccinate(keeper, dog["id"])
            taken.append(dog)

    assert_flat(app, keeper, "/api/v1/staff/shelter/dogs", take_in)
    page = keeper.get("/api/v1/staff/shelter/dogs").get_json()
    assert {d["kennel_code"] for d in page} == {"A1", "A2"}
    assert all(len(d["medical"]) == 1 for d in page)


def _adopt(keeper, adopter, applied: list[str], n: int) -> None:
    for _ in range(n):
        dog = sh.adoptable(keeper, name=f"小黄{len(applied)}")
        body = {"dog_id": dog["id"], "adopter": sh.adopter(), "housing": "owned", "experience": "养过两只狗",
                "reason": "喜欢"}
        response = adopter.post("/api/v1/adoption/applications", json=body)
        assert response.status_code == 201, response.get_json()
        applied.append(response.get_json()["id"])


def test_the_adoption_queue(app, staff, resident):
    keeper, alice, applied = staff("shelter"), resident("alice"), []
    assert_flat(app, keeper, "/api/v1/staff/adoption/applications", lambda n: _adopt(keeper, alice, applied, n))
    queue = keeper.get("/api/v1/staff/adoption/applications").get_json()
    assert {a["dog_name"] for a in queue} == {f"小黄{i}" for i in range(MANY)}


def test_the_adopters_own_adoption_list(app, staff, resident):
    keeper, alice, applied = staff("shelter"), resident("alice"), []
    assert_flat(app, alice, "/api/v1/adoption/applications", lambda n: _adopt(keeper, alice, applied, n))


def _lost(owner, n: int) -> None:
    for _ in range(n):
        response = owner.post("/api/v1/lost-reports", json={
            "dog": {"name": "旺财", "breed": "中华田园犬", "sex": "male", "colour": "黄", "size": "medium",
                    "description": "右耳缺一角"},
            "lost_at": clock.isoformat(clock.now() - timedelta(hours=5)), "location": HOME})
        assert response.status_code == 201, response.get_json()


def _found(finder, n: int) -> None:
    for _ in range(n):
        response = finder.post("/api/v1/found-reports", json={
            "dog": {"breed": "中华田园犬", "sex": "male", "colour": "黄", "size": "medium", "description": "很亲人"},
            "found_at": clock.isoformat(clock.now() - timedelta(hours=1)), "location": NEAR, "photo_upload_ids": [],
            "message": "在小区门口"})
        assert response.status_code == 201, response.get_json()


def test_an_owners_lost_reports_with_their_matches(app, resident, staff):
    owner, finder = resident("owner"), resident("finder")
    _found(finder, 2)
    sh.take_in(staff("shelter"), breed="中华田园犬", sex="male", colour="黄", location=NEAR)  # a shelter match
    assert_flat(app, owner, "/api/v1/lost-reports/mine", lambda n: _lost(owner, n))
    mine = owner.get("/api/v1/lost-reports/mine").get_json()
    assert all(len(r["matches"]) == 3 for r in mine), [len(r["matches"]) for r in mine]
    assert sum(m["found"]["shelter_dog_no"] is not None for r in mine for m in r["matches"]) == MANY


def test_a_finders_found_reports_with_their_matches(app, resident):
    owner, finder = resident("owner"), resident("finder")
    _lost(owner, 2)
    assert_flat(app, finder, "/api/v1/found-reports/mine", lambda n: _found(finder, n))
    mine = finder.get("/api/v1/found-reports/mine").get_json()
    assert all(len(r["matches"]) == 2 for r in mine), [len(r["matches"]) for r in mine]


def test_the_stray_queue(app, resident, staff):
    volunteer, dispatcher = resident("volunteer"), staff("dispatcher")
    reported: list[str] = []

    def report(n: int) -> None:
        for _ in range(n):  # a kilometre apart: none is a duplicate of another
            place = {"lat": 40.80 + 0.01 * len(reported), "lng": 111.70, "address": f"路口{len(reported)}"}
            response = volunteer.post("/api/v1/stray-reports", json={"location": place, "description": "黄狗"})
            assert response.status_code == 201, response.get_json()
            reported.append(response.get_json()["id"])

    assert_flat(app, dispatcher, "/api/v1/staff/stray-reports", report)


def test_a_volunteers_own_stray_reports(app, resident):
    volunteer = resident("volunteer")
    reported: list[int] = []

    def report(n: int) -> None:
        for _ in range(n):
            place = {"lat": 40.80 + 0.01 * len(reported), "lng": 111.70, "address": f"路口{len(reported)}"}
            assert volunteer.post("/api/v1/stray-reports",
                                  json={"location": place, "description": "黄狗"}).status_code == 201
            reported.append(1)

    assert_flat(app, volunteer, "/api/v1/stray-reports", report)


def test_the_review_queue(app, resident, submitted, staff):
    reviewer = staff("reviewer")
    applicants: list[str] = []

    def submit(n: int) -> None:
        for _ in range(n):
            seq = f"{200 + len(applicants)}"
            applicants.append(submitted(resident(f"applicant{seq}"), owner_fields={
                "number": factories.id_number(seq=seq), "address": f"新城区海拉尔东街{seq}号"}))

    assert_flat(app, reviewer, "/api/v1/staff/licence-applications", submit)


def test_the_inbox(app, follower, staff):
    service = staff("service")
    followers: list[str] = []

    def write(n: int) -> None:
        for _ in range(n):
            name = f"f{len(followers)}"
            follower(name).says("我想咨询一下办证的材料问题，可以电话联系吗")
            followers.append(name)

    assert_flat(app, service, "/api/v1/staff/inbox", write)


def test_a_residents_orders_with_refunds_and_history(app, resident):
    from backend.audit.models import StatusChange
    from backend.core.ids import new_id
    from backend.payments.models import PaymentOrder, PaymentRefund, PaymentTrade

    alice = resident("alice")

    def orders(n: int) -> None:
        with app.app_context():
            for _ in range(n):
                now = clock.now()
                order = PaymentOrder(user_id=alice.user_id, purpose="application", subject_id=new_id(),
                                     service="licence", description="犬证办理费", amount_fen=25000,
                                     quote={"service": "licence", "name": "犬证办理", "base_fen": 25000,
                                            "amount_fen": 25000}, status="refunded", expires_at=now, paid_at=now,
                                     paid_channel="wechat", refunded_fen=25000)
                trade = PaymentTrade(order_id=order.id, channel="wechat", scene="mini_program", amount_fen=25000,
                                     status="paid", expires_at=now, paid_at=now)
                refund = PaymentRefund(order_id=order.id, trade_id=trade.id, channel="wechat", amount_fen=25000,
                                       reason="重复支付", status="success", completed_at=now)
                history = [StatusChange(entity_type="order", entity_id=order.id, user_id=alice.user_id,
                                        action=action, actor_type="system", data={})
                           for action in ("opened", "paid", "refunded")]
                db.session.add(order)
                db.session.flush()  # no relationship() orders the inserts
                db.session.add(trade)
                db.session.flush()
                db.session.add_all([refund, *history])
            db.session.commit()

    assert_flat(app, alice, "/api/v1/orders", orders)
    assert all(len(o["refunds"]) == 1 and len(o["history"]) == 3 for o in alice.get("/api/v1/orders").get_json())


def test_the_open_days_listing_and_the_closed_days(app, client, staff):
    """Days rather than rows: each listed day's closure is read with the rest, not day by day."""
    keeper, start = staff("shelter"), clock.today() + timedelta(days=10)  # past the rule's bookable week
    added: list[str] = []

    def open_day(n: int) -> None:
        for _ in range(n):
            day = start + timedelta(days=len(added))
            response = keeper.post("/api/v1/staff/adoption/open-days", json={
                "date": day.isoformat(), "slots": [{"start": "10:00", "end": "12:00", "capacity": 20}]})
            assert response.status_code == 201, response.get_json()
            assert keeper.post("/api/v1/staff/adoption/closures",
                               json={"date": day.isoformat(), "reason": "设备检修"}).status_code == 201
            added.append(day.isoformat())

    window = f"from={start.isoformat()}&to={(start + timedelta(days=MANY + 5)).isoformat()}"
    assert_flat(app, client, f"/api/v1/adoption/open-days?{window}", open_day)
    assert all(d["closed_reason"] == "设备检修" for d in client.get(f"/api/v1/adoption/open-days?{window}").get_json())
    closures = f"/api/v1/staff/adoption/closures?from={start.isoformat()}&to="  # only the days added: all manual
    assert len(statements_of(app, keeper, closures + added[-1], MANY)) == \
        len(statements_of(app, keeper, closures + added[0], 1))
