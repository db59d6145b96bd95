"""What to tell whom, and on which channel: notice functions subscribed to backend events write outbox rows in the
same transaction as the change; after commit the new notices are queued for delivery through WeChat."""
from __future__ import annotations

from flask import Flask

from backend.core import events, ports
from backend.core.database import uow
from backend.notices import outbox as notice_service
from notifications import licensing, payments, reports, shelter

# Domain event name → notice function, from each feature's module (which declare no event twice).
NOTICES = {**licensing.NOTICES, **shelter.NOTICES, **reports.NOTICES, **payments.NOTICES}


def write_notice(event: events.DomainEvent) -> None:
    build = NOTICES.get(event.name)
    if build is None or event.user_id is None:
        return
    content = build(event)
    if content is None:
        return
    notice = notice_service.add_notice(event.user_id, content.kind, content.title, content.body,
                                       fields=content.fields, page=content.page, delivery_status="pending")
    _queue_after_commit(notice.id)


def _queue_after_commit(notice_id: str) -> None:
    """All notices of one transaction go to the workers together, and only once it has committed."""
    written = uow.transaction_local("notifications.written", list)
    if not written:
        from notifications.tasks import queue

        uow.after_commit(lambda: queue(list(written)))
    written.append(notice_id)


def init_app(app: Flask) -> None:
    from celery.schedules import schedule

    from notifications import tasks  # noqa: F401  (registers the Celery tasks)
    from notifications.templates import subscribe_template_ids

    ports.install(app, {ports.SubscribeTemplates: subscribe_template_ids})
    bus = app.extensions["dogpass.events"]
    for name in NOTICES:
        bus.subscribe(name, write_notice)
    app.extensions["celery"].conf.beat_schedule["requeue-undelivered-notices"] = {
        "task": "notifications.requeue_undelivered",
        "schedule": schedule(app.config["NOTICE_REQUEUE_SECONDS"])}
