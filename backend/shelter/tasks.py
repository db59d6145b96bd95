"""The shelter's scheduled jobs (Celery beat; their entries are added by `backend.shelter.init_app`). Each also runs
from the CLI (`flask adoption no-shows/remind`). The `name=`s predate this module and are kept (docs/decisions.md)."""
from __future__ import annotations

from celery import shared_task

from backend.shelter import bookings


@shared_task(name="backend.jobs.mark_visit_no_shows")
def mark_visit_no_shows() -> int:
    return bookings.mark_no_shows()


@shared_task(name="backend.jobs.send_visit_reminders")
def send_visit_reminders() -> int:
    return bookings.send_reminders()
