"""Renewal reminders: 30, 7 and 0 days before a licence expires, and once it is overdue (in the grace period).

Run daily by Celery beat (and `flask --app wsgi licences remind`). Each (licence, expiry date, reminder) is written
once, so a job that runs twice, or late, reminds once; a renewed licence has a new expiry date and starts afresh.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy.exc import IntegrityError

from backend.core import clock, events
from backend.core.database.extensions import db
from backend.core.database.uow import transaction
from backend.licensing.events import LICENCE_RENEWAL_DUE
from backend.licensing.lifecycle.in_progress import open_inspection
from backend.licensing.models.licences import Licence, ReminderSent


def reminder_kind(days_left: int, steps: list[int]) -> str | None:
    """The reminder due `days_left` before expiry: the smallest step not yet passed, or `overdue`."""
    if days_left < 0:
        return "overdue"
    due = [step for step in sorted(steps) if days_left <= step]
    return f"due_{due[0]}" if due else None


def send_renewal_reminders(today: date | None = None) -> int:
    today = today or clock.today()
    config = current_app.config
    steps = sorted(config["RENEWAL_REMINDER_DAYS"])
    horizon = today + timedelta(days=max(steps))
    grace_start = today - timedelta(days=config["LICENCE_RENEWAL_GRACE_DAYS"])
    candidates = list(db.session.execute(
        db.select(Licence.id, Licence.expires_on).where(
            Licence.status == "active", Licence.expires_on <= horizon, Licence.expires_on >= grace_start)))
    sent = 0
    for licence_id, expires_on in candidates:
        kind = reminder_kind((expires_on - today).days, steps)
        if kind and _remind(licence_id, expires_on, kind):
            sent += 1
    return sent


def _remind(licence_id: str, expires_on: date, kind: str) -> bool:
    try:
        with transaction():
            licence = db.session.get(Licence, licence_id)
            if licence.status != "active" or licence.expires_on != expires_on or open_inspection(licence_id):
                return False
            db.session.add(ReminderSent(licence_id=licence_id, expires_on=expires_on.isoformat(), kind=kind))
            db.session.flush()
            events.publish(events.DomainEvent(
                name=LICENCE_RENEWAL_DUE, entity_type=LICENCE_RENEWAL_DUE.entity, entity_id=licence_id,
                user_id=licence.user_id,
                data={"licence_no": licence.licence_no, "expires_on": expires_on.isoformat(), "kind": kind,
                      "days_left": (expires_on - clock.today()).days}))
    except IntegrityError:
        return False  # already reminded (another run got there first)
    return True
