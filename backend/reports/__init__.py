"""Dogs out in the city: lost and found reports and their matching, the tag relay between finder and owner, stray
reports with dispatch and capture, the hotspot grid, and staff moderation of flagged text."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Reports' part of the app (create_app calls it): it takes part in licensing's and the shelter's changes
    through their hooks (backend.reports.registration)."""
    from backend.reports import registration

    registration.register(app)
