"""The dashboard's fees (issue 17) on SQLite and MariaDB: each channel's payments and refunds in fen, as the
residents paid them through the gateways' sandboxes."""
from __future__ import annotations

import pytest

from backend.core import clock
from tests.support import factories
from tests.support.payments import Payer, approver, payment_config


@pytest.fixture
def config_overrides(sandbox):
    return payment_config(sandbox)


def test_payments_per_channel_and_month_in_fen(resident, submitted, staff, client, sandbox):
    payer = Payer(client, sandbox)
    approve = approver(resident, submitted, staff("reviewer"), "新城区海拉尔东街")
    for n, (name, channel) in enumerate((("kim", "wechat"), ("lee", "alipay"), ("dave", "alipay"))):
        who, application_id, order = approve(name, owner_fields={
            "number": factories.id_number(seq=f"{400 + n}"), "address": f"新城区海拉尔东街{n + 10}号"})
        assert order["amount_fen"] == 25000
        payer.pay_fully(who, order["id"], channel)
    licence_id = who.get(f"/api/v1/licence-applications/{application_id}").get_json()["licence_id"]
    assert who.post(f"/api/v1/licences/{licence_id}/cancellation", json={"reason": "relocated"}).status_code == 200
    leader, this_month = staff("leader"), f"{clock.today():%Y-%m}"

    payments = leader.get("/api/v1/staff/indicators/payments").get_json()

    assert payments["zone_applies"] is False
    channels = {c["channel"]: c for c in payments["channels"]}
    assert channels["wechat"] == {"channel": "wechat", "paid": 1, "paid_fen": 25000, "refunds": 0, "refunded_fen": 0,
                                  "net_fen": 25000}
    assert channels["alipay"] == {"channel": "alipay", "paid": 2, "paid_fen": 50000, "refunds": 1,
                                  "refunded_fen": 25000, "net_fen": 25000}
    assert payments["total"] == {"paid": 3, "paid_fen": 75000, "refunds": 1, "refunded_fen": 25000, "net_fen": 50000}
    this = {r["channel"]: r["paid_fen"] for r in payments["monthly"] if r["month"] == this_month}
    assert this == {"wechat": 25000, "alipay": 50000}
    licences = leader.get("/api/v1/staff/indicators/licences").get_json()
    assert licences["active"]["total"] == 2 and sum(r["issued"] for r in licences["monthly"]) == 3
