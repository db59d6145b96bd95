"""Lost and found dogs, stray reports, matching, the tag relay, hotspots and the moderation of what residents wrote."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Reports' part of the app (create_app calls it): it takes part in licensing's and the shelter's changes
    through their hooks (backend.reports.registration)."""
    from backend.reports import registration

    registration.register(app)
