"""The nightly roll-up (Celery beat, backend.celery_app): each month that can no longer change is written to the
summary table once, so no leader's request pays for it."""
from __future__ import annotations

from celery import shared_task


@shared_task(name="backend.indicators.tasks.roll_up")
def roll_up() -> dict[str, int]:
    from backend.indicators.rollup import roll_up as write

    return write()
