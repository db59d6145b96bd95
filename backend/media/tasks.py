"""Media's scheduled job (Celery beat; its entry is added by `backend.media.init_app`). The `name=` predates this
module and is kept (docs/decisions.md)."""
from __future__ import annotations

from celery import shared_task

from backend.media import cleanup


@shared_task(name="backend.jobs.upload_upkeep")
def upload_upkeep() -> dict:
    """Hourly: uploads nothing was attached to within UPLOAD_ORPHAN_HOURS are deleted (row and file), and a batch of
    images stored before re-encoding is cleaned."""
    return cleanup.upkeep()
