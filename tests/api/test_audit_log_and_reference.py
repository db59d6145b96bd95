"""系统 › 审计日志, 基础数据 and 收费标准 (issue 16), on SQLite and MariaDB: the audit log newest first with every
filter, paged, for the admin only; the zones with their rules and fees, the rejection reasons, the fee schedule."""
from __future__ import annotations

from datetime import timedelta

import pytest

from backend.core import clock
from tests.support.payments import DEMO_FEES

LOG = "/api/v1/staff/audit-log"


def error(response) -> tuple[int, str]:
    return response.status_code, response.get_json()["error"]["code"]


@pytest.fixture
def history(staff, resident, submitted):
    """An admin who made two accounts and disabled one; a reviewer who rejected an application."""
    admin, reviewer = staff("admin"), staff("reviewer")
    made = [admin.post("/api/v1/staff/accounts", json={"username": name, "display_name": "某某", "role": "service",
                                                        "reason": "客服扩编"}).get_json()["account"]["id"]
            for name in ("kefu.a", "kefu.b")]
    admin.post(f"/api/v1/staff/accounts/{made[1]}/disable", json={"reason": "试用期未通过"})
    application_id = submitted(resident("alice"))
    reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/reject", json={"reason": "照片模糊"})
    return {"admin": admin, "reviewer": reviewer, "accounts": made, "application_id": application_id}


def test_the_log_is_newest_first_with_who_did_what_and_why(history):
    admin = history["admin"]
    response = admin.get(LOG)
    assert response.status_code == 200
    entries = response.get_json()
    assert int(response.headers["X-Total-Count"]) == len(entries) == 5  # fixtures' accounts are not audited
    instants = [e["at"] for e in entries]
    assert instants == sorted(instants, reverse=True)
    newest = entries[0]
    assert (newest["entity_type"], newest["action"], newest["from_status"], newest["to_status"]) == (
        "application", "rejected", "pending_review", "rejected")
    assert newest["actor_type"] == "staff" and newest["actor_username"] == history["reviewer"].username
    disabled = next(e for e in entries if e["action"] == "disabled")
    assert (disabled["actor_username"], disabled["reason"], disabled["entity_id"]) == (
        admin.username, "试用期未通过", history["accounts"][1])
    submitted = next(e for e in entries if e["action"] == "submitted")
    assert submitted["actor_type"] == "resident" and submitted["actor_username"] is None


def test_each_filter_narrows_the_log(history):
    admin, accounts = history["admin"], history["accounts"]

    def actions(**query) -> list[str]:
        response = admin.get(LOG, query_string=query)
        assert response.status_code == 200, response.get_json()
        return [e["action"] for e in response.get_json()]

    assert actions(actor_username=admin.username) == ["disabled", "created", "created"]
    assert actions(entity_type="staff_user", entity_id=accounts[1]) == ["disabled", "created"]
    assert actions(entity_type="staff_user", action="created", actor_type="staff") == ["created", "created"]
    assert actions(entity_id=history["application_id"]) == ["rejected", "submitted"]
    assert actions(actor_username="nobody-at-all") == []
    today = clock.today()
    assert len(actions(**{"from": today.isoformat(), "to": today.isoformat()})) == 5
    assert actions(to=(today - timedelta(days=1)).isoformat()) == []
    assert actions(**{"from": (today + timedelta(days=1)).isoformat()}) == []


def test_the_log_pages(history):
    admin = history["admin"]
    everything = [e["id"] for e in admin.get(LOG).get_json()]
    first = admin.get(LOG, query_string={"limit": 2})
    second = admin.get(LOG, query_string={"limit": 2, "offset": 2})
    assert [e["id"] for e in first.get_json() + second.get_json()] == everything[:4]
    assert first.headers["X-Total-Count"] == str(len(everything))


@pytest.mark.parametrize(("query", "field"), [({"from": "2026-02-30"}, "query.from"), ({"limit": 0}, "query.limit"),
                                               ({"from": "2026-12-02", "to": "2026-12-01"}, "query"),
                                               ({"actor_type": "robot"}, "query.actor_type")])
def test_bad_filters_are_422_in_chinese(staff, query, field):
    refused = staff("admin").get(LOG, query_string=query)
    assert error(refused) == (422, "validation_failed")
    assert any(key.startswith(field) for key in refused.get_json()["error"]["details"])


WITH_FEES = pytest.mark.parametrize("config_overrides", [{"FEE_SCHEDULE_FILE": DEMO_FEES}])


@WITH_FEES
def test_reference_shows_every_zone_with_its_rules_and_fees(staff, config_overrides):
    reference = staff("admin").get("/api/v1/staff/reference")
    assert reference.status_code == 200
    body = reference.get_json()
    zones = {z["code"]: z for z in body["zones"]}
    assert len(zones) == 5 and all(z["active"] for z in zones.values())
    key, general = zones["xincheng-key"], zones["saihan-general"]
    assert (key["kind"], key["max_dogs_per_household"], general["max_dogs_per_household"]) == ("key", 1, 2)
    assert set(general["banned_breeds"]) < set(key["banned_breeds"])  # the key zone bans the large breeds too
    assert key["fees_fen"] == {"new_licence": 50000, "annual_inspection": 20000, "replacement_tag": 2000}
    assert general["fees_fen"] == {"new_licence": 20000, "annual_inspection": 10000, "replacement_tag": 2000}
    reasons = {r["code"]: r for r in body["reject_reasons"]}
    assert reasons["photo_unclear"] == {"code": "photo_unclear", "text": "犬只照片不清晰，无法辨认犬只特征",
                                        "active": True}
    assert body["rules"] == {"adult_age": 18, "vaccination_max_valid_days": 3 * 366, "renewal_window_days": 30,
                             "renewal_grace_days": 30}


@WITH_FEES
def test_the_fee_schedule_as_configured(staff, config_overrides):
    schedule = staff("admin").get("/api/v1/staff/fee-schedule").get_json()
    assert schedule["configured"] is True
    services = {s["code"]: s for s in schedule["services"]}
    assert services["new_licence"] == {"code": "new_licence", "name": "犬只登记费",
                                       "fen": {"key": 50000, "general": 20000}}
    assert [r["code"] for r in schedule["reductions"]] == ["neutered", "elderly_owner"]
    assert schedule["exemptions"] == [{"code": "assistance_dog", "name": "导盲犬、辅助犬免收"}]


def test_without_a_fee_schedule_nothing_is_charged(staff):
    admin = staff("admin")
    assert admin.get("/api/v1/staff/fee-schedule").get_json() == {"configured": False, "services": [],
                                                                 "reductions": [], "exemptions": []}
    assert all(z["fees_fen"] == {} for z in admin.get("/api/v1/staff/reference").get_json()["zones"])
