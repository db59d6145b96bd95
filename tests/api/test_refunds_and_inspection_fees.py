"""Money that must go back, and the annual inspection's fee, on SQLite and MariaDB: a payment for an application
rejected or withdrawn in the meantime, a second payment through the other channel, a licence cancelled soon after
paying; an inspection approved with a fee extends the licence only once paid."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from backend.core import clock
from backend.payments.ports import PaymentGateways
from tests.support import factories
from tests.support.payments import Payer, approver, licence_count, payment_config


@pytest.fixture
def config_overrides(sandbox):
    return payment_config(sandbox)


@pytest.fixture
def payer(client, sandbox):
    return Payer(client, sandbox)


@pytest.fixture
def reviewer(staff):
    return staff("reviewer")


@pytest.fixture
def awaiting(resident, submitted, reviewer):
    return approver(resident, submitted, reviewer, "回民区中山西路")


def kinds(who) -> list[str]:
    return [n["kind"] for n in who.get("/api/v1/notifications").get_json()]


def test_a_payment_after_rejection_is_refunded_with_notices(app, awaiting, payer, reviewer):
    who, application_id, order = awaiting("alice")
    trade = payer.pay(who, order["id"], "wechat")["trade_id"]  # the resident is at the cashier...
    rejected = reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/reject",
                             json={"reason": "犬只照片与疫苗证明不符"})  # ...while the reviewer finds a problem
    assert rejected.status_code == 200

    answer = payer.deliver(payer.complete(trade, "wechat"), "wechat")

    assert answer.status_code == 200
    detail = who.get(f"/api/v1/orders/{order['id']}").get_json()
    assert detail["status"] == "cancelled" and detail["refunded_fen"] == 25000
    assert [(r["status"], r["amount_fen"]) for r in detail["refunds"]] == [("success", 25000)]
    assert payer.sandbox_orders("wechat")[trade]["refunded_fen"] == 25000
    assert licence_count(app) == 0
    assert {"refund_started", "refunded"} <= set(kinds(who))
    assert who.get(f"/api/v1/licence-applications/{application_id}").get_json()["status"] == "rejected"


def test_a_withdrawn_application_cannot_be_paid(awaiting, payer):
    who, application_id, order = awaiting("bob")
    assert who.post(f"/api/v1/licence-applications/{application_id}/withdrawal").status_code == 200

    refused = payer.pay(who, order["id"], "alipay", status=409)

    assert refused["error"]["code"] == "order_closed"


def test_paying_through_both_channels_refunds_the_second(app, awaiting, payer):
    who, _, order = awaiting("carol")
    wechat = payer.pay(who, order["id"], "wechat")["trade_id"]
    alipay = payer.pay(who, order["id"], "alipay")["trade_id"]

    payer.deliver(payer.complete(alipay, "alipay"), "alipay")
    payer.deliver(payer.complete(wechat, "wechat"), "wechat")

    detail = who.get(f"/api/v1/orders/{order['id']}").get_json()
    assert detail["status"] == "paid" and detail["paid_channel"] == "alipay"
    assert [(r["status"], r["amount_fen"]) for r in detail["refunds"]] == [("success", 25000)]
    assert payer.sandbox_orders("wechat")[wechat]["state"] == "refunded"
    assert licence_count(app) == 1


def test_cancelling_soon_after_paying_refunds_the_fee_and_later_does_not(awaiting, payer):
    who, application_id, order = awaiting("dave")
    payer.pay_fully(who, order["id"], "alipay")
    licence_id = who.get(f"/api/v1/licence-applications/{application_id}").get_json()["licence_id"]

    cancelled = who.post(f"/api/v1/licences/{licence_id}/cancellation", json={"reason": "relocated"})

    assert cancelled.status_code == 200
    detail = who.get(f"/api/v1/orders/{order['id']}").get_json()
    assert detail["status"] == "refunded" and detail["refunded_fen"] == 25000
    assert "refunded" in kinds(who)

    who2, application2, order2 = awaiting("erin")
    payer.pay_fully(who2, order2["id"], "wechat")
    licence2 = who2.get(f"/api/v1/licence-applications/{application2}").get_json()["licence_id"]
    with clock.travel_to(clock.now() + timedelta(days=31)):
        assert who2.post(f"/api/v1/licences/{licence2}/cancellation", json={"reason": "died"}).status_code == 200
    assert who2.get(f"/api/v1/orders/{order2['id']}").get_json()["refunds"] == []


def test_an_inspection_with_a_fee_extends_the_licence_only_once_paid(awaiting, payer):
    who, application_id, order = awaiting("frank")
    payer.pay_fully(who, order["id"], "wechat")
    licence_id = who.get(f"/api/v1/licence-applications/{application_id}").get_json()["licence_id"]
    licence = who.get(f"/api/v1/licences/{licence_id}").get_json()
    old_expiry = date.fromisoformat(licence["expires_on"])
    vaccination = factories.vaccination(days_ago=1, valid_days=3 * 365, certificate_no="HH-RV-2027")

    with clock.travel_to(old_expiry - timedelta(days=10)):
        vaccination = factories.vaccination(days_ago=1, valid_days=3 * 365, certificate_no="HH-RV-2027")
        submitted = who.post(f"/api/v1/licences/{licence_id}/inspections", json={"vaccination": vaccination})
        assert submitted.status_code == 201, submitted.get_json()
        inspection = submitted.get_json()
        assert inspection["status"] == "awaiting_payment"
        assert inspection["order"]["amount_fen"] == 10000  # key zone 200.00, neutered: halved
        assert who.get(f"/api/v1/licences/{licence_id}").get_json()["expires_on"] == old_expiry.isoformat()
        assert "inspection_awaiting_payment" in kinds(who)

        payer.pay_fully(who, inspection["order"]["id"], "alipay")

        renewed = who.get(f"/api/v1/licences/{licence_id}").get_json()
    assert date.fromisoformat(renewed["expires_on"]) > old_expiry


def test_a_refund_during_a_gateway_outage_waits_and_the_reconciliation_job_completes_it(app, awaiting, payer):
    from backend.payments.reconciliation import reconcile

    who, application_id, order = awaiting("grace")
    payer.pay_fully(who, order["id"], "wechat")
    licence_id = who.get(f"/api/v1/licence-applications/{application_id}").get_json()["licence_id"]
    wechat = app.extensions["dogpass.ports"][PaymentGateways]["wechat"]
    working = wechat.sdk._core._gate_way
    wechat.sdk._core._gate_way = "http://127.0.0.1:9"  # WeChat Pay unreachable (nothing listens there)
    try:
        assert who.post(f"/api/v1/licences/{licence_id}/cancellation", json={"reason": "died"}).status_code == 200
        waiting = who.get(f"/api/v1/orders/{order['id']}").get_json()
        assert waiting["status"] == "paid" and [r["status"] for r in waiting["refunds"]] == ["processing"]
    finally:
        wechat.sdk._core._gate_way = working

    with app.app_context():
        assert reconcile().refunds_retried == 1

    done = who.get(f"/api/v1/orders/{order['id']}").get_json()
    assert done["status"] == "refunded" and [r["status"] for r in done["refunds"]] == ["success"]
    assert "refunded" in kinds(who)
