"""What to tell whom: notice functions subscribed to backend events, writing outbox rows in the same transaction."""
from __future__ import annotations

from flask import Flask

from backend import events
from backend.services import notices as notice_service
from notifications.notices import NOTICES


def write_notice(event: events.DomainEvent) -> None:
    build = NOTICES.get(event.name)
    if build is None or event.user_id is None:
        return
    content = build(event)
    if content is None:
        return
    notice_service.add_notice(event.user_id, content.kind, content.title, content.body,
                              fields=content.fields, page=content.page)


def init_app(app: Flask) -> None:
    bus = app.extensions["dogpass.events"]
    for name in NOTICES:
        bus.subscribe(name, write_notice)
