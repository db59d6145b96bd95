"""财务 (issue 16), on SQLite and MariaDB: the daily series for the chart agrees with the day's statement, day by
Beijing day; orders and refunds are found by every number the finance desk holds; a refund's record tells its
state and its history. Money paid through the real SDKs and the gateway sandboxes."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from backend.core import clock
from backend.core.database.extensions import db
from backend.payments import reconciliation
from backend.payments.models import PaymentRefund, PaymentTrade
from tests.support import factories
from tests.support.payments import Payer, approver, payment_config

DAILY = "/api/v1/staff/payments/daily"
ORDERS = "/api/v1/staff/payments/orders"
REFUNDS = "/api/v1/staff/payments/refunds"


@pytest.fixture
def config_overrides(sandbox):
    return payment_config(sandbox)


@pytest.fixture
def payer(client, sandbox):
    return Payer(client, sandbox)


@pytest.fixture
def approved(resident, submitted, staff):
    return approver(resident, submitted, staff("reviewer"), "赛罕区大学西路")


@pytest.fixture
def money(approved, payer, staff):
    """Alice pays with WeChat Pay, Bob with Alipay, Carol through both (the second is refunded); Dan does not pay.
    Four households (an ID number and an address each), each the same fee."""
    def apply(name: str, seq: int):
        return approved(name, owner_fields={"number": factories.id_number(seq=str(seq)),
                                            "address": f"赛罕区大学西路{seq}号"})

    paid = {}
    for seq, (name, channel) in enumerate((("alice", "wechat"), ("bob", "alipay")), start=301):
        who, application_id, order = apply(name, seq)
        payer.pay_fully(who, order["id"], channel)
        paid[name] = {"order": order["id"], "application": application_id, "who": who}
    who, _, order = apply("carol", 303)
    wechat = payer.pay(who, order["id"], "wechat")["trade_id"]
    alipay = payer.pay(who, order["id"], "alipay")["trade_id"]
    payer.deliver(payer.complete(alipay, "alipay"), "alipay")
    payer.deliver(payer.complete(wechat, "wechat"), "wechat")
    paid["carol"] = {"order": order["id"], "trades": (wechat, alipay)}
    _, _, unpaid = apply("dan", 304)
    paid["dan"] = {"order": unpaid["id"]}
    return {"admin": staff("admin"), **paid}


def error(response) -> tuple[int, str]:
    return response.status_code, response.get_json()["error"]["code"]


def test_the_series_is_the_day_statement_for_each_of_30_days(money):
    admin = money["admin"]
    today = clock.today()
    rows = admin.get(DAILY).get_json()
    assert len(rows) == 60 and rows[0]["date"] == (today - timedelta(days=29)).isoformat()
    assert [r["channel"] for r in rows[:2]] == ["wechat", "alipay"] and rows[-1]["date"] == today.isoformat()
    statement = admin.get("/api/v1/staff/payments/statement", query_string={"date": today.isoformat()}).get_json()
    assert rows[-2:] == statement
    wechat, alipay = statement
    # WeChat Pay: Alice's and Carol's second payment (refunded); Alipay: Bob's and Carol's first; one fee each
    assert (wechat["paid_count"], wechat["refund_count"], alipay["paid_count"], alipay["refund_count"]) == (2, 1, 2, 0)
    assert wechat["net_fen"] == wechat["paid_fen"] - wechat["refunded_fen"] == alipay["net_fen"] // 2
    assert all(isinstance(r[key], int) for r in rows for key in ("paid_fen", "refunded_fen", "net_fen"))
    assert all(r["paid_count"] == r["refund_count"] == r["net_fen"] == 0 for r in rows[:-2])


def test_days_are_beijing_days_at_midnight(app, money):
    """23:59:59.999999 in Beijing is the day before, 00:00:00 the new day: the series (grouped in SQL) and the
    statement (instants compared in Python) put every payment and refund on the same day."""
    day = clock.today() - timedelta(days=3)
    midnight = clock.start_of_local_day(day + timedelta(days=1))  # 16:00 UTC
    with app.app_context():
        trades = list(db.session.scalars(db.select(PaymentTrade).where(PaymentTrade.status == "paid")
                                         .order_by(PaymentTrade.id)))
        trades[0].paid_at = midnight - timedelta(microseconds=1)
        trades[1].paid_at = midnight
        trades[2].paid_at = midnight - timedelta(hours=24)  # 00:00 of `day`
        refund = db.session.scalar(db.select(PaymentRefund))
        refund.completed_at = midnight - timedelta(microseconds=1)
        db.session.commit()
        expected = reconciliation.daily_statement(day) + reconciliation.daily_statement(day + timedelta(days=1))
        counts = [(r["paid_count"], r["refund_count"]) for r in expected]
        assert sum(paid for paid, _ in counts) == 3 and sum(refunds for _, refunds in counts) == 1
    rows = money["admin"].get(DAILY, query_string={"from": day.isoformat(),
                                                   "to": (day + timedelta(days=1)).isoformat()}).get_json()
    assert rows == expected
    assert sum(r["paid_count"] for r in rows if r["date"] == day.isoformat()) == 2  # 00:00 and 23:59:59.999999


def test_the_series_refuses_bad_ranges_and_other_roles(staff):
    admin = staff("admin")
    assert error(admin.get(DAILY, query_string={"from": "2026-12-02", "to": "2026-12-01"})) == (
        422, "validation_failed")
    assert error(admin.get(DAILY, query_string={"from": "2025-01-01", "to": "2026-01-02"})) == (
        422, "validation_failed")
    assert error(admin.get(DAILY, query_string={"to": "2026-13-01"})) == (422, "validation_failed")
    one = admin.get(DAILY, query_string={"to": "2026-03-31"}).get_json()
    assert (one[0]["date"], one[-1]["date"], len(one)) == ("2026-03-02", "2026-03-31", 60)
    assert error(staff("reviewer").get(DAILY)) == (403, "role_required")


def found(admin, **query) -> list[str]:
    response = admin.get(ORDERS, query_string=query)
    assert response.status_code == 200, response.get_json()
    assert int(response.headers["X-Total-Count"]) >= len(response.get_json())
    return [o["id"] for o in response.get_json()]


def test_orders_are_found_by_every_number(money):
    admin, alice, carol = money["admin"], money["alice"], money["carol"]
    detail = admin.get(f"{ORDERS}/{carol['order']}").get_json()
    assert [t["id"] for t in detail["trades"]] == list(carol["trades"])
    assert {t["status"] for t in detail["trades"]} == {"paid"} and detail["settled_by"] == "notify"
    assert [(r["status"], r["amount_fen"]) for r in detail["refunds"]] == [("success", detail["amount_fen"])]
    assert [h["action"] for h in detail["history"]] == ["created", "paid", "refund_started", "refunded"]
    transaction = detail["trades"][0]["transaction_id"]

    assert found(admin, order_no=carol["order"]) == [carol["order"]]
    assert found(admin, order_no=carol["trades"][1]) == [carol["order"]]
    assert found(admin, order_no=transaction) == [carol["order"]]
    assert found(admin, order_no="no-such-number") == []

    licence_no = admin.get(f"{ORDERS}/{alice['order']}").get_json()["licence_no"]
    assert licence_no and found(admin, licence=licence_no) == [alice["order"]]
    assert found(admin, licence=licence_no.lower()) == [alice["order"]]
    assert found(admin, licence=alice["application"]) == [alice["order"]]
    listed = admin.get(ORDERS, query_string={"order_no": alice["order"]}).get_json()[0]
    assert (listed["licence_no"], listed["status"], listed["paid_channel"]) == (licence_no, "paid", "wechat")


def test_orders_filter_by_channel_status_and_date(money):
    admin = money["admin"]
    everyone = found(admin)
    assert len(everyone) == 4 and everyone[0] == money["dan"]["order"]  # newest first
    assert set(found(admin, channel="wechat")) == {money["alice"]["order"]}
    assert set(found(admin, channel="alipay")) == {money["bob"]["order"], money["carol"]["order"]}
    assert found(admin, status="pending") == [money["dan"]["order"]]
    assert len(found(admin, status="paid")) == 3
    today, yesterday = clock.today().isoformat(), (clock.today() - timedelta(days=1)).isoformat()
    assert len(found(admin, **{"from": today, "to": today})) == 4
    assert found(admin, to=yesterday) == []
    assert len(found(admin, date_by="paid", **{"from": today})) == 3  # Dan has not paid
    with clock.travel_to(clock.now() + timedelta(hours=73)):  # Dan's order (72 h) ran out; the sweep has not run
        assert found(admin, status="expired") == [money["dan"]["order"]]
        assert found(admin, status="pending") == []
    page = admin.get(ORDERS, query_string={"limit": 3, "offset": 3})
    assert [o["id"] for o in page.get_json()] == everyone[3:] and page.headers["X-Total-Count"] == "4"


def test_a_refund_is_found_and_tells_its_story(money):
    admin, carol = money["admin"], money["carol"]
    [refund] = admin.get(REFUNDS).get_json()
    assert (refund["order_id"], refund["trade_id"], refund["channel"], refund["status"]) == (
        carol["order"], carol["trades"][0], "wechat", "success")
    for number in (refund["id"], carol["order"], carol["trades"][0]):
        assert [r["id"] for r in admin.get(REFUNDS, query_string={"number": number}).get_json()] == [refund["id"]]
    assert admin.get(REFUNDS, query_string={"status": "processing"}).get_json() == []
    assert admin.get(REFUNDS, query_string={"channel": "alipay"}).get_json() == []

    detail = admin.get(f"{REFUNDS}/{refund['id']}").get_json()
    assert detail["reason"] == "重复支付，已原路退回" and detail["attempts"] == 1 and detail["last_error"] is None
    assert [h["action"] for h in detail["history"]] == ["refund_started", "refunded"]
    assert detail["order"]["id"] == carol["order"] and detail["order"]["licence_no"]
    assert detail["trade"]["status"] == "paid" and detail["trade"]["transaction_id"]


def test_finance_refuses_strangers_unknown_numbers_and_bad_filters(money, staff):
    admin, reviewer = money["admin"], staff("reviewer")
    for path in (ORDERS, f"{ORDERS}/{money['alice']['order']}", REFUNDS):
        assert error(reviewer.get(path)) == (403, "role_required")
    assert error(admin.get(f"{ORDERS}/01J00000000000000000000000")) == (404, "order_not_found")
    assert error(admin.get(f"{REFUNDS}/01J00000000000000000000000")) == (404, "refund_not_found")
    for query in ({"status": "lost"}, {"channel": "paypal"}, {"date_by": "refunded"}, {"limit": 500},
                  {"from": "2026-12-02", "to": "2026-12-01"}):
        refused = admin.get(ORDERS, query_string=query)
        assert error(refused) == (422, "validation_failed") and refused.get_json()["error"]["message"]
    assert error(admin.get(REFUNDS, query_string={"status": "refunded"})) == (422, "validation_failed")


def test_instants_come_back_in_beijing_time(money):
    order = money["admin"].get(ORDERS).get_json()[0]
    assert order["created_at"].endswith("+08:00")
    made = datetime.fromisoformat(order["created_at"]).astimezone(UTC)
    assert abs((made - clock.now()).total_seconds()) < 600
