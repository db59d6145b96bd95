"""Fees and payments end to end on SQLite and MariaDB: approval opens an order, each channel pays it through its
sandbox (real SDKs over HTTP), the notify settles it once, and only then is the licence issued or extended."""
from __future__ import annotations

import pytest

from backend.core import clock
from tests.support.payments import Payer, alipay_notify_signed_by_alipay, approver, licence_count, payment_config


@pytest.fixture
def config_overrides(sandbox):
    return payment_config(sandbox)


@pytest.fixture
def payer(client, sandbox):
    return Payer(client, sandbox)


@pytest.fixture
def approved(resident, submitted, staff):
    return approver(resident, submitted, staff("reviewer"), "新城区海拉尔东街")


def test_approval_with_a_fee_waits_for_payment_with_an_order(approved, sent):
    who, application_id, order = approved("alice")

    # key zone 500.00, neutered dog: the demo schedule halves it
    assert order["amount_fen"] == 25000 and order["status"] == "pending"
    application = who.get(f"/api/v1/licence-applications/{application_id}").get_json()
    assert application["status"] == "awaiting_payment" and application["licence_id"] is None
    assert application["order"]["id"] == order["id"]
    detail = who.get(f"/api/v1/orders/{order['id']}").get_json()
    assert detail["quote"]["base_fen"] == 50000 and detail["quote"]["reduction"]["code"] == "neutered"
    assert who.get("/api/v1/licences").get_json() == []
    notices = who.get("/api/v1/notifications").get_json()
    assert any("250.00元" in n["body"] for n in notices)


def test_assistance_dogs_pay_nothing_and_are_issued_at_approval(approved):
    who, application_id, order = approved("bob", dog_fields={"assistance_certificate_no": "DM-2026-0001"})

    assert order is None
    assert who.get(f"/api/v1/licence-applications/{application_id}").get_json()["status"] == "issued"


@pytest.mark.parametrize("channel", ["wechat", "alipay"])
def test_paying_issues_the_licence_once_even_when_the_notify_is_replayed(app, approved, payer, channel):
    who, application_id, order = approved("carol")
    started = payer.pay(who, order["id"], channel)
    if channel == "wechat":
        assert {"appId", "timeStamp", "nonceStr", "package", "signType", "paySign"} <= set(started["params"])
    else:
        assert "alipay.trade.wap.pay" in started["params"]["pay_url"]
    assert payer.pay(who, order["id"], channel)["trade_id"] == started["trade_id"]  # a second press, same trade

    notify = payer.complete(started["trade_id"], channel)
    for _ in range(3):  # the gateway retries; each answer is success, one licence
        assert payer.deliver(notify, channel).status_code == 200

    application = who.get(f"/api/v1/licence-applications/{application_id}").get_json()
    assert application["status"] == "issued" and application["order"]["status"] == "paid"
    assert licence_count(app) == 1
    licences = who.get("/api/v1/licences").get_json()
    assert [lic["id"] for lic in licences] == [application["licence_id"]]
    detail = who.get(f"/api/v1/orders/{order['id']}").get_json()
    assert detail["paid_channel"] == channel and detail["licence_id"] == application["licence_id"]
    assert payer.pay(who, order["id"], channel, status=409)["error"]["code"] == "order_paid"


@pytest.mark.parametrize("channel", ["wechat", "alipay"])
def test_a_forged_notify_is_refused_and_changes_nothing(app, approved, payer, channel):
    who, application_id, order = approved("dave")
    trade = payer.pay(who, order["id"], channel)["trade_id"]

    answer = payer.deliver(payer.complete(trade, channel, fault="bad_signature"), channel)

    assert answer.status_code == 400 if channel == "wechat" else answer.get_data(as_text=True) == "failure"
    assert who.get(f"/api/v1/orders/{order['id']}").get_json()["status"] == "pending"
    assert who.get(f"/api/v1/licence-applications/{application_id}").get_json()["status"] == "awaiting_payment"
    assert licence_count(app) == 0


def test_an_alipay_notify_correctly_signed_for_another_seller_is_refused_and_the_order_stays_unpaid(
        app, approved, payer):
    """Alipay signs every seller's notifies under one app with the same key: a genuine notify of another seller's
    trade with our out_trade_no and amount (or one naming no seller) must not pay our order."""
    who, application_id, order = approved("gina")
    trade = payer.pay(who, order["id"], "alipay")["trade_id"]
    genuine = payer.complete(trade, "alipay")

    for seller in ("2088999999999999", None):
        forged = alipay_notify_signed_by_alipay(app, genuine, seller_id=seller)
        answer = payer.deliver(forged, "alipay")
        assert answer.get_data(as_text=True) == "failure", seller
        assert who.get(f"/api/v1/orders/{order['id']}").get_json()["status"] == "pending"
        assert who.get(f"/api/v1/licence-applications/{application_id}").get_json()["status"] == "awaiting_payment"
    assert licence_count(app) == 0

    assert payer.deliver(genuine, "alipay").get_data(as_text=True) == "success"  # ours: the seller we configured
    assert who.get(f"/api/v1/orders/{order['id']}").get_json()["status"] == "paid" and licence_count(app) == 1


def test_a_wrong_amount_is_refused_and_reconciliation_settles_the_true_one(app, approved, payer):
    from backend.payments.reconciliation import reconcile

    who, _, order = approved("erin")
    trade = payer.pay(who, order["id"], "wechat")["trade_id"]

    answer = payer.deliver(payer.complete(trade, "wechat", fault="wrong_amount"), "wechat")
    assert answer.status_code == 400
    assert who.get(f"/api/v1/orders/{order['id']}").get_json()["status"] == "pending"

    with clock.travel_to(clock.now() + _minutes(11)), app.app_context():
        report = reconcile()
    assert report.settled == 1
    detail = who.get(f"/api/v1/orders/{order['id']}").get_json()
    assert detail["status"] == "paid" and detail["licence_id"]


def test_a_lost_notify_is_settled_by_reconciliation_and_the_late_notify_is_harmless(app, approved, payer):
    from backend.payments.reconciliation import reconcile

    who, application_id, order = approved("frank")
    trade = payer.pay(who, order["id"], "alipay")["trade_id"]
    notify = payer.complete(trade, "alipay")  # its delivery failed

    with app.app_context():
        assert reconcile().checked == 0  # too young to ask about
    with clock.travel_to(clock.now() + _minutes(11)), app.app_context():
        assert reconcile().settled == 1
    assert who.get(f"/api/v1/licence-applications/{application_id}").get_json()["status"] == "issued"

    assert payer.deliver(notify, "alipay").get_data(as_text=True) == "success"
    assert licence_count(app) == 1
    history = who.get(f"/api/v1/orders/{order['id']}").get_json()["history"]
    assert [h["action"] for h in history].count("paid") == 1


def test_reconciliation_after_a_settled_notify_changes_nothing(app, approved, payer):
    from backend.payments.reconciliation import reconcile

    who, _, order = approved("lena")
    payer.pay_fully(who, order["id"], "wechat")
    before = who.get(f"/api/v1/orders/{order['id']}").get_json()

    with clock.travel_to(clock.now() + _minutes(11)), app.app_context():
        report = reconcile()

    assert (report.checked, report.settled) == (0, 0)  # no open trade left to ask about
    assert who.get(f"/api/v1/orders/{order['id']}").get_json() == before
    assert licence_count(app) == 1


def test_an_unpaid_order_expires_and_can_be_paid_again_later(app, approved, payer, client):
    from backend.payments.reconciliation import reconcile

    who, application_id, order = approved("grace")
    first = payer.pay(who, order["id"], "wechat")["trade_id"]

    with clock.travel_to(clock.now() + _minutes(73 * 60)):  # one journey: the history stays in order
        with app.app_context():
            report = reconcile()
        assert report.expired_orders == 1 and report.closed == 1
        assert payer.sandbox_orders("wechat")[first]["state"] == "closed"
        assert who.get(f"/api/v1/orders/{order['id']}").get_json()["status"] == "expired"
        assert any(n["kind"] == "order_expired" for n in who.get("/api/v1/notifications").get_json())
        second = payer.pay(who, order["id"], "wechat")["trade_id"]
        assert second != first
        payer.deliver(payer.complete(second, "wechat"), "wechat")
        application = who.get(f"/api/v1/licence-applications/{application_id}").get_json()
    assert application["status"] == "issued"
    actions = [h["action"] for h in who.get(f"/api/v1/orders/{order['id']}").get_json()["history"]]
    assert actions == ["created", "expired", "reopened", "paid"]


def test_bad_payment_requests(approved, resident, payer, client):
    who, _, order = approved("heidi")
    stranger = resident("ivan")

    assert stranger.post(f"/api/v1/orders/{order['id']}/pay", json={"channel": "wechat"}).status_code == 404
    assert stranger.get(f"/api/v1/orders/{order['id']}").status_code == 404
    bad = who.post(f"/api/v1/orders/{order['id']}/pay", json={"channel": "cash"})
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "validation_failed"
    h5 = who.post(f"/api/v1/orders/{order['id']}/pay", json={"channel": "wechat", "scene": "h5"})
    assert h5.status_code == 422
    assert who.post("/api/v1/orders/nope/pay", json={"channel": "wechat"}).status_code == 404
    assert client.post("/api/v1/orders/x/pay", json={"channel": "wechat"}).status_code == 401


def test_notifies_that_are_garbage_or_for_unknown_trades(app, client, payer):
    from datetime import timedelta

    from backend.payments.ports import PaymentGateways, PaymentRequest

    assert client.post("/api/v1/payments/wechat/notify", data=b"{}").status_code == 400
    assert client.post("/api/v1/payments/alipay/notify", data=b"a=1").get_data(as_text=True) == "failure"
    # a genuine notify for a trade we never opened (say, another system on the same merchant account): logged and
    # answered success so the gateway stops retrying; nothing changes here
    with app.app_context():
        app.extensions["dogpass.ports"][PaymentGateways]["wechat"].prepay(PaymentRequest(
            order_id="01JUNKNOWNTRADE00000000000", amount_fen=100, description="其他",
            expires_at=clock.now() + timedelta(minutes=30), payer_openid="sbx-mini-x"))
    answer = payer.deliver(payer.complete("01JUNKNOWNTRADE00000000000", "wechat"), "wechat")
    assert answer.status_code == 200 and answer.get_json()["code"] == "SUCCESS"


def test_the_daily_statement_counts_each_channel(app, approved, payer, staff):
    who, _, order = approved("kim")
    payer.pay_fully(who, order["id"], "alipay")
    admin = staff("admin")

    rows = admin.get(f"/api/v1/staff/payments/statement?date={clock.today().isoformat()}").get_json()

    by_channel = {row["channel"]: row for row in rows}
    assert by_channel["alipay"]["paid_count"] == 1 and by_channel["alipay"]["paid_fen"] == 25000
    assert by_channel["wechat"]["paid_count"] == 0
    assert staff("reviewer").get("/api/v1/staff/payments/statement?date=2026-01-01").status_code == 403
    assert admin.get("/api/v1/staff/payments/statement?date=yesterday").status_code == 422


def _minutes(n: int):
    from datetime import timedelta

    return timedelta(minutes=n)

