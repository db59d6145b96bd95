"""The 工作台 (issue 16): each role sees its own cards with the count of waiting work and the oldest waiting time,
and the counts move as records are created and decided. Admins see every card; residents none."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from backend.core import clock
from backend.payments.ports import PaymentGateways
from tests.support import factories
from tests.support import shelter as sh
from tests.support.payments import Payer, approver, payment_config

ROLE_CARDS = {
    "reviewer": ["applications_pending", "inspections_pending"],
    "service": ["conversations_unanswered", "conversations_closing"],
    "shelter": ["adoptions_pending"],
    "dispatcher": ["strays_received"],
}
EVERY_CARD = ["applications_pending", "inspections_pending", "conversations_unanswered", "conversations_closing",
              "adoptions_pending", "strays_received", "refunds_stuck", "orders_unpaid"]
SPOT = {"lat": 40.842, "lng": 111.749, "address": "新华广场东门"}


def cards(who) -> dict[str, dict]:
    response = who.get("/api/v1/staff/workbench")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["role"] == who.role
    return {card["key"]: card for card in body["cards"]}


def card(who, key: str) -> dict:
    return cards(who)[key]


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_each_role_sees_only_its_cards_and_the_admin_all(staff):
    for role, keys in ROLE_CARDS.items():
        seen = cards(staff(role))
        assert list(seen) == keys, role
        assert all(c["count"] == 0 and c["oldest_at"] is None and c["waiting"] is None for c in seen.values())
    assert list(cards(staff("admin"))) == EVERY_CARD


def test_residents_and_strangers_are_refused(client, resident):
    assert client.get("/api/v1/staff/workbench").status_code == 401
    response = resident("alice").get("/api/v1/staff/workbench")
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "invalid_token"


def test_applications_are_counted_until_decided_with_the_oldest_waiting_time(resident, staff, submitted):
    reviewer = staff("reviewer")
    with clock.travel_to(clock.now() - timedelta(days=3, hours=2)):
        old = submitted(resident("alice"), dog_fields={"name": "旺财"})
    new = submitted(resident("bob"), owner_fields={"number": factories.id_number(seq="456"),
                                                   "address": "回民区中山西路8号", "zone_code": "huimin-key"})
    waiting = card(reviewer, "applications_pending")
    submitted_at = reviewer.get(f"/api/v1/staff/licence-applications/{old}").get_json()["submitted_at"]
    assert waiting["count"] == 2 and waiting["oldest_at"] == submitted_at
    assert 3 * 86400 + 2 * 3600 - 60 <= waiting["waiting_seconds"] <= 3 * 86400 + 2 * 3600 + 60
    assert waiting["waiting"] == "3天2小时" and waiting["closes_at"] is None

    assert reviewer.post(f"/api/v1/staff/licence-applications/{old}/approve").status_code == 200
    after = card(reviewer, "applications_pending")
    assert after["count"] == 1 and after["waiting_seconds"] < 60  # now the newer one is the oldest
    rejected = reviewer.post(f"/api/v1/staff/licence-applications/{new}/reject", json={"reason": "照片不清晰"})
    assert rejected.status_code == 200
    assert card(reviewer, "applications_pending") == {**after, "count": 0, "oldest_at": None,
                                                      "waiting_seconds": None, "waiting": None}


@pytest.mark.parametrize("config_overrides", [{"INSPECTION_REQUIRES_REVIEW": True}])
def test_inspections_waiting_for_review_are_counted(resident, staff, licensed, config_overrides):
    alice = resident("alice")
    licence = licensed(alice)
    reviewer = staff("reviewer")
    with clock.travel_to(date.fromisoformat(licence["expires_on"]) - timedelta(days=3)):
        vaccination = factories.vaccination(days_ago=1, valid_days=3 * 365, certificate_no="HH-RV-2027")
        inspection = alice.post(f"/api/v1/licences/{licence['id']}/inspections", json={"vaccination": vaccination})
        assert inspection.status_code == 201 and inspection.get_json()["status"] == "pending_review"
        assert card(reviewer, "inspections_pending")["count"] == 1
        approved = reviewer.post(f"/api/v1/staff/inspections/{inspection.get_json()['id']}/approve")
        assert approved.status_code == 200, approved.get_json()
        assert card(reviewer, "inspections_pending")["count"] == 0


def test_unanswered_conversations_and_windows_closing_within_six_hours(follower, staff):
    service = staff("service")
    started = clock.now()
    with clock.travel_to(started - timedelta(hours=43)):
        follower("early").says("我想咨询一下办证的材料问题")
    with clock.travel_to(started - timedelta(hours=50)):
        follower("gone").says("还有人吗")  # its window closed two hours ago: a template notice is all that is left
    follower("late").says("犬证丢了能补吗")
    follower("happy").says("年检")  # answered by the FAQ: nobody waits

    seen = cards(service)
    assert seen["conversations_unanswered"]["count"] == 3
    assert seen["conversations_unanswered"]["waiting_seconds"] >= 50 * 3600
    closing = seen["conversations_closing"]
    assert closing["count"] == 1
    assert timedelta(hours=4, minutes=55) <= instant(closing["closes_at"]) - started <= timedelta(hours=5, minutes=5)

    early = next(c for c in service.get("/api/v1/staff/inbox").get_json() if c["reply_window"]["open"]
                 and c["waiting_seconds"] >= 43 * 3600)
    answered = service.post(f"/api/v1/staff/inbox/{early['id']}/reply", json={"text": "请带身份证到窗口"})
    assert answered.status_code == 200
    seen = cards(service)
    assert seen["conversations_unanswered"]["count"] == 2 and seen["conversations_closing"]["count"] == 0
    with clock.travel_to(started + timedelta(hours=43)):  # the newest now closes within six hours
        assert card(service, "conversations_closing")["count"] == 1


def test_adoption_applications_and_strays_waiting_for_the_shelter_and_dispatch(resident, staff):
    keeper, dispatcher = staff("shelter"), staff("dispatcher")
    dog = sh.adoptable(keeper)
    applied = resident("erin").post("/api/v1/adoption/applications", json={
        "dog_id": dog["id"], "adopter": sh.adopter(), "housing": "owned", "experience": "养过两只狗",
        "reason": "家里有院子"})
    assert applied.status_code == 201, applied.get_json()
    assert card(keeper, "adoptions_pending")["count"] == 1
    keeper.post(f"/api/v1/staff/adoption/applications/{applied.get_json()['id']}/approve", json={})
    assert card(keeper, "adoptions_pending")["count"] == 0

    report = resident("vera").post("/api/v1/stray-reports", json={
        "location": SPOT, "count": 1, "description": "一只黄狗", "photo_upload_ids": []}).get_json()
    assert card(dispatcher, "strays_received")["count"] == 1
    dispatched = dispatcher.post(f"/api/v1/staff/stray-reports/{report['id']}/dispatch", json={"team": "赛罕一队"})
    assert dispatched.status_code == 200
    assert card(dispatcher, "strays_received")["count"] == 0


@pytest.fixture
def config_overrides(request, sandbox):
    """`fees`: the demo fee schedule and both payment sandboxes (tests/support/payments.py)."""
    return payment_config(sandbox) if getattr(request, "param", None) == "fees" else {}


@pytest.fixture
def payer(client, sandbox):
    return Payer(client, sandbox)


@pytest.mark.parametrize("config_overrides", ["fees"], indirect=True)
def test_orders_unpaid_for_a_day_and_refunds_stuck_for_an_hour_reach_the_admin(app, resident, submitted, staff,
                                                                               payer, config_overrides):
    from backend.payments.reconciliation import reconcile

    admin = staff("admin")
    awaiting = approver(resident, submitted, staff("reviewer"), "回民区中山西路")
    who, application_id, order = awaiting("grace")
    assert card(admin, "orders_unpaid")["count"] == 0  # approved just now: the resident usually pays today
    with clock.travel_to(clock.now() + timedelta(hours=25)):
        unpaid = card(admin, "orders_unpaid")
        assert unpaid["count"] == 1 and unpaid["waiting"].startswith("1天1小时")

    payer.pay_fully(who, order["id"], "wechat")
    assert card(admin, "orders_unpaid")["count"] == 0
    licence_id = who.get(f"/api/v1/licence-applications/{application_id}").get_json()["licence_id"]
    wechat = app.extensions["dogpass.ports"][PaymentGateways]["wechat"]
    working = wechat.sdk._core._gate_way
    wechat.sdk._core._gate_way = "http://127.0.0.1:9"  # WeChat Pay unreachable: the refund stays processing
    try:
        assert who.post(f"/api/v1/licences/{licence_id}/cancellation", json={"reason": "died"}).status_code == 200
    finally:
        wechat.sdk._core._gate_way = working
    assert card(admin, "refunds_stuck")["count"] == 0  # the reconciliation job still has time to finish it
    with clock.travel_to(clock.now() + timedelta(hours=2)):
        stuck = card(admin, "refunds_stuck")
        assert stuck["count"] == 1 and stuck["waiting_seconds"] >= 2 * 3600 - 60
        with app.app_context():
            assert reconcile().refunds_retried == 1
        assert card(admin, "refunds_stuck")["count"] == 0
