"""Every state change of an application or licence is recorded and produces a notice for its resident."""
from datetime import date, timedelta

from backend.audit.models import StatusChange
from backend.core import clock
from backend.core.database.extensions import db
from tests.support import factories


def kinds(who) -> list[str]:
    return [n["kind"] for n in who.get("/api/v1/notifications").get_json()]


def test_each_step_of_the_lifecycle_notifies_the_resident(resident, staff, submitted):
    alice, bob, reviewer = resident("alice"), resident("bob"), staff("reviewer")
    application_id = submitted(alice)
    reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/reject", json={"reason": "照片模糊"})
    alice.put(f"/api/v1/licence-applications/{application_id}", json=factories.application([alice.upload_photo()]))
    licence_id = reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/approve").get_json()["licence_id"]
    licence = alice.get(f"/api/v1/licences/{licence_id}").get_json()
    with clock.travel_to(date.fromisoformat(licence["expires_on"]) - timedelta(days=5)):
        renewed = alice.post(f"/api/v1/licences/{licence_id}/inspections", json={
            "vaccination": factories.vaccination(days_ago=1, valid_days=800, certificate_no="HH-RV-2027")})
        assert renewed.status_code == 201
    alice.put(f"/api/v1/licences/{licence_id}/address",
              json={"address": "新城区新华大街9号", "zone_code": "xincheng-key"})
    code = alice.post(f"/api/v1/licences/{licence_id}/transfers", json={}).get_json()["code"]
    bob.post("/api/v1/transfers/accept", json={"code": code, "owner": factories.owner(
        name="李四", number=factories.id_number(seq="456"), address="回民区中山西路8号", zone_code="huimin-key")})
    bob.post(f"/api/v1/licences/{licence_id}/cancellation", json={"reason": "lost"})

    assert kinds(alice) == ["transfer_accepted", "transfer_started", "licence_address_changed", "licence_renewed",
                            "application_approved", "application_received", "application_rejected",
                            "application_received"]
    assert kinds(bob) == ["licence_cancelled", "licence_transferred_in"]
    rejected = next(n for n in alice.get("/api/v1/notifications").get_json() if n["kind"] == "application_rejected")
    assert "照片模糊" in rejected["body"] and rejected["delivery_status"] == "in_app"
    approved = alice.get("/api/v1/notifications").get_json()[4]
    assert licence["licence_no"] in approved["body"] and approved["page"].endswith(licence_id)


def test_the_audit_trail_records_who_when_from_to_and_why(resident, staff, submitted, app):
    alice, reviewer = resident("alice"), staff("reviewer")
    application_id = submitted(alice)
    reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/reject", json={"reason": "住址不全"})
    with app.app_context():
        changes = list(db.session.scalars(db.select(StatusChange).order_by(StatusChange.at)))
    assert [(c.entity_type, c.action, c.from_status, c.to_status, c.actor_type) for c in changes] == [
        ("application", "submitted", None, "pending_review", "resident"),
        ("application", "rejected", "pending_review", "rejected", "staff"),
    ]
    assert changes[0].actor_id == alice.user_id and changes[1].reason == "住址不全"
    assert all(c.at.tzinfo is not None for c in changes)


def test_notices_are_private_pageable_and_can_be_marked_read(resident, submitted):
    alice, bob = resident("alice"), resident("bob")
    submitted(alice)
    notices = alice.get("/api/v1/notifications").get_json()
    assert len(notices) == 1 and bob.get("/api/v1/notifications").get_json() == []
    assert bob.post(f"/api/v1/notifications/{notices[0]['id']}/read").status_code == 404
    read = alice.post(f"/api/v1/notifications/{notices[0]['id']}/read")
    assert read.status_code == 200 and read.get_json()["read"] is True
    assert alice.get("/api/v1/me").get_json()["unread_notices"] == 0
    assert alice.get(f"/api/v1/notifications?before={notices[0]['id']}").get_json() == []
    assert alice.get("/api/v1/notifications?limit=0").status_code == 422


def test_expiry_notifies_the_owner(resident, licensed, app):
    alice = resident("alice")
    licence = licensed(alice)
    with clock.travel_to(date.fromisoformat(licence["expires_on"]) + timedelta(days=31)):
        app.test_cli_runner().invoke(args=["licences", "expire"])
    assert kinds(alice)[0] == "licence_expired"
