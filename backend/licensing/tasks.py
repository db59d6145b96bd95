"""Licensing's scheduled jobs (Celery beat; their entries are added by `backend.licensing.init_app`). Each also runs
from the CLI (`flask licences expire/remind`). The `name=`s predate this module and are kept: queued messages and
beat entries name them (docs/decisions.md)."""
from __future__ import annotations

from celery import shared_task

from backend.licensing.lifecycle import expiry, reminders


@shared_task(name="backend.jobs.expire_lapsed_licences")
def expire_lapsed_licences() -> int:
    return expiry.expire_lapsed_licences()


@shared_task(name="backend.jobs.send_renewal_reminders")
def send_renewal_reminders() -> int:
    return reminders.send_renewal_reminders()
