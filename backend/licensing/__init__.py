"""Dog licences: applications and their review rounds, issuing, renewal inspections, address changes, transfers,
cancellation, expiry and renewal reminders, the licence card read model, and the tag."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Licensing's part of the app (create_app calls it): the licence card listener, its beat entries, and what it
    registers with the features below it: its payables (payments), its applications' owner details (accounts'
    recorded reveal) and the counts of a resident's profile."""
    from celery.schedules import crontab

    from backend.accounts import personal_data, residents
    from backend.celery_app import add_periodic_task
    from backend.licensing import applications, cards, licences, payables, tasks
    from backend.licensing.models.applications import LicenceApplication
    from backend.licensing.models.licences import Licence

    cards.install()
    add_periodic_task(app, "expire-lapsed-licences", tasks.expire_lapsed_licences, crontab(hour=1, minute=0))
    add_periodic_task(app, "renewal-reminders", tasks.send_renewal_reminders, crontab(hour=9, minute=0))
    payables.register(app)
    personal_data.RECORD_MODELS.register(app, "licence_application", LicenceApplication)
    personal_data.RECORD_MODELS.register(app, "licence", Licence)
    residents.PROFILE_COUNTS.register(app, "active_licences", licences.count_active)
    residents.PROFILE_COUNTS.register(app, "open_applications", applications.count_open)
