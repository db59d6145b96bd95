"""The same payment notify arriving eight times at once (gateway retries racing each other), and the two channels'
notifies for one order at once, on MariaDB: the order row lock settles exactly once, one licence, and the second
channel's money goes back."""
from __future__ import annotations

import pytest

from tests.support.parallel import in_parallel
from tests.support.payments import Payer, approver, licence_count, payment_config


@pytest.fixture
def database(mariadb_database):
    return mariadb_database


@pytest.fixture
def config_overrides(sandbox):
    return payment_config(sandbox)


pytestmark = pytest.mark.services


def _deliver_from_own_client(app, notify: dict, channel: str):
    """Verified first, then all settle at once: the signature checks (CPU, under the GIL) would otherwise space
    the copies out enough that they rarely meet at the database."""
    from backend.core.database.extensions import db
    from backend.payments import trades as payments

    with app.app_context():
        state = payments.gateway(channel).parse_notify(notify["headers"], notify["body"].encode())

    def call():
        with app.app_context():
            try:
                return 200, payments.apply_gateway_state(channel, state, via="notify")
            finally:
                db.session.remove()
    return call


def test_eight_copies_of_one_notify_at_once_issue_one_licence(app, client, sandbox, resident, submitted, staff):
    payer = Payer(client, sandbox)
    who, _, order = approver(resident, submitted, staff("reviewer"), "赛罕区大学西街")("alice")
    notify = payer.complete(payer.pay(who, order["id"], "wechat")["trade_id"], "wechat")

    answers = in_parallel([_deliver_from_own_client(app, notify, "wechat") for _ in range(8)])

    assert all(status == 200 for status, _ in answers), answers
    assert licence_count(app) == 1
    history = who.get(f"/api/v1/orders/{order['id']}").get_json()["history"]
    assert [h["action"] for h in history].count("paid") == 1


def test_both_channels_notifying_at_once_keep_one_payment(app, client, sandbox, resident, submitted, staff):
    payer = Payer(client, sandbox)
    who, _, order = approver(resident, submitted, staff("reviewer"), "赛罕区大学西街")("bob")
    wechat = payer.complete(payer.pay(who, order["id"], "wechat")["trade_id"], "wechat")
    alipay = payer.complete(payer.pay(who, order["id"], "alipay")["trade_id"], "alipay")

    answers = in_parallel([_deliver_from_own_client(app, wechat, "wechat"),
                           _deliver_from_own_client(app, alipay, "alipay")])

    assert [status for status, _ in answers] == [200, 200], answers
    assert licence_count(app) == 1
    detail = who.get(f"/api/v1/orders/{order['id']}").get_json()
    assert detail["status"] == "paid"
    assert [(r["status"], r["amount_fen"]) for r in detail["refunds"]] == [("success", 25000)]
