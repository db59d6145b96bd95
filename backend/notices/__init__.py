"""Telling residents: the outbox rows notice functions write, their delivery through WeChat (each at most once),
subscription grants, and WeChat access tokens for deployments without Redis."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Notices' part of the app (create_app calls it): the unread count of a resident's profile."""
    from backend.accounts import residents
    from backend.notices import outbox

    residents.PROFILE_COUNTS.register(app, "unread_notices", outbox.unread_count)
