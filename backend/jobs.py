"""Scheduled jobs (Celery beat); each also runs from the CLI."""
from __future__ import annotations

from celery import shared_task


@shared_task(name="backend.jobs.expire_lapsed_licences")
def expire_lapsed_licences() -> int:
    from backend.services.expiry import expire_lapsed_licences as sweep

    return sweep()
