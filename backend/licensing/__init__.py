"""Licensing: applications, review, licences, inspections, transfers, cancellation, expiry and reminders."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Licensing's part of the app (create_app calls it): the licence card listener, its beat entries, and its
    payables (what payments calls back when a fee is paid)."""
    from celery.schedules import crontab

    from backend.celery_app import add_periodic_task
    from backend.licensing import cards, payables, tasks

    cards.install()
    add_periodic_task(app, "expire-lapsed-licences", tasks.expire_lapsed_licences, crontab(hour=1, minute=0))
    add_periodic_task(app, "renewal-reminders", tasks.send_renewal_reminders, crontab(hour=9, minute=0))
    payables.register(app)
