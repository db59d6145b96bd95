"""Annual inspection (年检): the renewal window, grace period, extension from the old expiry, review option."""
from datetime import date, timedelta

import pytest

from backend.core import clock
from tests.support import factories


def near(licence: dict, days_from_expiry: int) -> date:
    return date.fromisoformat(licence["expires_on"]) + timedelta(days=days_from_expiry)


def renew(who, licence: dict, vaccination: dict):
    return who.post(f"/api/v1/licences/{licence['id']}/inspections", json={"vaccination": vaccination})


def fresh_vaccination(valid_days: int = 3 * 365) -> dict:
    return factories.vaccination(days_ago=1, valid_days=valid_days, certificate_no="HH-RV-2027")


def test_renewal_outside_the_window_is_409(resident, licensed):
    alice = resident("alice")
    licence = licensed(alice)
    response = renew(alice, licence, fresh_vaccination())
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "renewal_not_open"
    assert error["details"]["opens_on"] == near(licence, -30).isoformat()


def test_renewal_inside_the_window_extends_from_the_old_expiry(resident, licensed):
    alice = resident("alice")
    licence = licensed(alice)
    with clock.travel_to(near(licence, -10)):
        response = renew(alice, licence, fresh_vaccination())
        assert response.status_code == 201, response.get_json()
        body = response.get_json()
        assert body["status"] == "issued" and body["order"] is None
        old = date.fromisoformat(licence["expires_on"])
        assert body["new_expires_on"] == (old.replace(year=old.year + 1)).isoformat()
        updated = alice.get(f"/api/v1/licences/{licence['id']}").get_json()
        assert updated["expires_on"] == body["new_expires_on"]
        assert updated["vaccination"]["certificate_no"] == "HH-RV-2027"


def test_renewal_in_the_grace_period_after_expiry(resident, licensed):
    alice = resident("alice")
    licence = licensed(alice)
    with clock.travel_to(near(licence, 20)):
        assert alice.get(f"/api/v1/licences/{licence['id']}").get_json()["renewal"]["overdue"] is True
        assert renew(alice, licence, fresh_vaccination()).status_code == 201


def test_after_the_grace_period_the_sweep_expires_it_and_renewal_is_refused(resident, licensed, app):
    alice = resident("alice")
    licence = licensed(alice)
    with clock.travel_to(near(licence, 31)):
        result = app.test_cli_runner().invoke(args=["licences", "expire"])
        assert "expired 1 licence" in result.output
        assert alice.get(f"/api/v1/licences/{licence['id']}").get_json()["status"] == "expired"
        response = renew(alice, licence, fresh_vaccination())
        assert response.status_code == 409 and response.get_json()["error"]["code"] == "renewal_not_open"
        assert response.get_json()["error"]["details"]["status"] == "expired"
        again = app.test_cli_runner().invoke(args=["licences", "expire"])
        assert "expired 0 licence" in again.output


def test_the_new_vaccination_must_be_valid_and_reach_beyond_the_old_expiry(resident, licensed):
    alice = resident("alice")
    licence = licensed(alice, vaccination_fields={"days_ago": 10, "valid_days": 365})
    with clock.travel_to(near(licence, -5)):
        short = renew(alice, licence, factories.vaccination(days_ago=300, valid_days=305, certificate_no="N-1"))
        assert short.status_code == 422 and short.get_json()["error"]["code"] == "vaccination_too_short"
        expired = renew(alice, licence, factories.vaccination(days_ago=400, valid_days=365, certificate_no="N-2"))
        assert expired.status_code == 422 and expired.get_json()["error"]["code"] == "vaccination_invalid"


def test_renewal_needs_a_new_vaccination_not_the_same_certificate_again(resident, licensed):
    alice = resident("alice")
    licence = licensed(alice)
    with clock.travel_to(near(licence, -5)):
        same = renew(alice, licence, {**licence["vaccination"],
                                      "expires_on": (near(licence, 400)).isoformat()})
        assert same.status_code == 422 and same.get_json()["error"]["code"] == "vaccination_not_new"


def test_implausible_vaccination_validity_is_refused(resident, licensed):
    alice = resident("alice")
    licence = licensed(alice)
    with clock.travel_to(near(licence, -5)):
        forever = renew(alice, licence, factories.vaccination(days_ago=1, valid_days=30000, certificate_no="N-3"))
        assert forever.status_code == 422 and forever.get_json()["error"]["code"] == "vaccination_implausible"


def test_no_inspection_while_a_transfer_waits(resident, licensed):
    alice = resident("alice")
    licence = licensed(alice)
    with clock.travel_to(near(licence, -5)):
        alice.post(f"/api/v1/licences/{licence['id']}/transfers", json={})
        response = renew(alice, licence, fresh_vaccination())
        assert response.status_code == 409 and response.get_json()["error"]["code"] == "transfer_pending"


@pytest.mark.parametrize("config_overrides", [{"INSPECTION_REQUIRES_REVIEW": True}])
def test_the_sweep_spares_a_licence_whose_inspection_is_under_review(resident, licensed, staff, app,
                                                                       config_overrides):
    alice, reviewer = resident("alice"), staff("reviewer")
    licence = licensed(alice)
    with clock.travel_to(near(licence, 30)):  # last day of grace
        inspection = renew(alice, licence, fresh_vaccination()).get_json()
    with clock.travel_to(near(licence, 40)):
        assert "expired 0 licence" in app.test_cli_runner().invoke(args=["licences", "expire"]).output
        approved = reviewer.post(f"/api/v1/staff/inspections/{inspection['id']}/approve")
        assert approved.status_code == 200
        assert alice.get(f"/api/v1/licences/{licence['id']}").get_json()["status"] == "active"


@pytest.mark.parametrize("config_overrides", [{"INSPECTION_REQUIRES_REVIEW": True}])
def test_inspection_rejection_reason_codes_are_checked(resident, licensed, staff, config_overrides):
    alice, reviewer = resident("alice"), staff("reviewer")
    licence = licensed(alice)
    with clock.travel_to(near(licence, -3)):
        inspection = renew(alice, licence, fresh_vaccination()).get_json()
        unknown = reviewer.post(f"/api/v1/staff/inspections/{inspection['id']}/reject",
                                json={"reason_code": "no-such-code"})
        assert unknown.status_code == 422 and unknown.get_json()["error"]["code"] == "unknown_reject_reason"
        listed = reviewer.post(f"/api/v1/staff/inspections/{inspection['id']}/reject",
                               json={"reason_code": "vaccination_certificate_invalid"})
        assert listed.get_json()["reject_reason"] == "狂犬疫苗免疫证明无效、模糊或与犬只不符"


@pytest.mark.parametrize("config_overrides", [{"INSPECTION_REQUIRES_REVIEW": True}])
def test_when_review_is_required_staff_approve_the_inspection(resident, licensed, staff, config_overrides):
    alice, reviewer = resident("alice"), staff("reviewer")
    licence = licensed(alice)
    with clock.travel_to(near(licence, -3)):
        submitted = renew(alice, licence, fresh_vaccination())
        assert submitted.status_code == 201 and submitted.get_json()["status"] == "pending_review"
        assert renew(alice, licence, fresh_vaccination()).get_json()["error"]["code"] == "inspection_pending"
        assert alice.get(f"/api/v1/licences/{licence['id']}").get_json()["expires_on"] == licence["expires_on"]
        queue = reviewer.get("/api/v1/staff/inspections").get_json()
        assert [i["id"] for i in queue] == [submitted.get_json()["id"]]
        approved = reviewer.post(f"/api/v1/staff/inspections/{submitted.get_json()['id']}/approve")
        assert approved.status_code == 200 and approved.get_json()["status"] == "issued"
        assert alice.get(f"/api/v1/licences/{licence['id']}").get_json()["expires_on"] == \
            submitted.get_json()["new_expires_on"]
        twice = reviewer.post(f"/api/v1/staff/inspections/{submitted.get_json()['id']}/approve")
        assert twice.status_code == 409


@pytest.mark.parametrize("config_overrides", [{"INSPECTION_REQUIRES_REVIEW": True}])
def test_a_rejected_inspection_leaves_the_licence_as_it_was(resident, licensed, staff, config_overrides):
    alice, reviewer = resident("alice"), staff("reviewer")
    licence = licensed(alice)
    with clock.travel_to(near(licence, -3)):
        inspection = renew(alice, licence, fresh_vaccination()).get_json()
        rejected = reviewer.post(f"/api/v1/staff/inspections/{inspection['id']}/reject",
                                 json={"reason": "免疫证明模糊"})
        assert rejected.status_code == 200 and rejected.get_json()["reject_reason"] == "免疫证明模糊"
        assert alice.get(f"/api/v1/licences/{licence['id']}").get_json()["expires_on"] == licence["expires_on"]
        assert renew(alice, licence, fresh_vaccination()).status_code == 201  # may try again
