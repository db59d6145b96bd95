"""The shelter (留检所): kennels, intake, medical entries and the dog's record; open days with slots and bookings;
adoption from application to hand-over."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The shelter's part of the app (create_app calls it): its beat entries (open days end by 17:00; no-shows are
    marked at 21:00, reminders for the next day go out at 18:00), and its adoption applications' owner details for
    accounts' recorded reveal."""
    from celery.schedules import crontab

    from backend.accounts import personal_data
    from backend.celery_app import add_periodic_task
    from backend.shelter import tasks
    from backend.shelter.models.adoption import AdoptionApplication

    add_periodic_task(app, "mark-visit-no-shows", tasks.mark_visit_no_shows, crontab(hour=21, minute=0))
    add_periodic_task(app, "visit-reminders", tasks.send_visit_reminders, crontab(hour=18, minute=0))
    personal_data.RECORD_MODELS.register(app, "adoption_application", AdoptionApplication)
