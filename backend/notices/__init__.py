"""Notices: the outbox, its delivery claims, subscribe grants and the shared WeChat access tokens."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Notices' part of the app (create_app calls it): the unread count of a resident's profile."""
    from backend.accounts import residents
    from backend.notices import outbox

    residents.PROFILE_COUNTS.register(app, "unread_notices", outbox.unread_count)
