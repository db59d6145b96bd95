"""Celery tasks for notice delivery. Each takes ids, runs in an app context (backend.celery_app) and may run twice
without harm (notice_delivery claims)."""
from __future__ import annotations

import logging

from celery import shared_task
from flask import current_app

from backend.notices import delivery as notice_delivery

log = logging.getLogger(__name__)
# Notices per task: each batch costs a claim and an outcome statement whatever its size; 100 halves that cost per
# notice against 50 and still goes out in well under a second (16 sends at a time).
BATCH = 100


@shared_task(name="notifications.deliver_notices", acks_late=True)
def deliver_notices(notice_ids: list[str]) -> dict:
    from notifications.delivery import deliver

    return dict(deliver(notice_ids))


@shared_task(name="notifications.requeue_undelivered")
def requeue_undelivered() -> int:
    """Beat job: pick up notices whose queueing failed (broker down) or whose worker died mid-delivery."""
    ids = notice_delivery.due_for_delivery(settle_seconds=current_app.config["NOTICE_REQUEUE_SECONDS"])
    queue(ids)
    return len(ids)


def queue(notice_ids: list[str]) -> None:
    """Hand notices to the workers in batches. A broker outage loses nothing: they stay pending in the outbox and
    the requeue job sends them once the broker is back."""
    for start in range(0, len(notice_ids), BATCH):
        chunk = notice_ids[start:start + BATCH]
        try:
            deliver_notices.apply_async(args=(chunk,), retry=False)
        except Exception:
            log.warning("broker unavailable; %s notice(s) wait in the outbox", len(notice_ids) - start, exc_info=True)
            return
