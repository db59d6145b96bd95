"""A resident's own profile summary."""
from __future__ import annotations

from dataclasses import dataclass

from backend.accounts import auth
from backend.accounts.models.people import User
from backend.core.extensions import db
from backend.licensing.models.applications import LicenceApplication
from backend.licensing.models.licences import Licence
from backend.notices import outbox as notices


@dataclass(frozen=True)
class Profile:
    user: User
    active_licences: int
    open_applications: int
    unread_notices: int


def profile(user_id: str) -> Profile:
    user = auth.get_resident(user_id)
    licences = db.session.scalar(db.select(db.func.count(Licence.id)).where(
        Licence.user_id == user_id, Licence.status == "active"))
    applications = db.session.scalar(db.select(db.func.count(LicenceApplication.id)).where(
        LicenceApplication.user_id == user_id,
        LicenceApplication.status.in_(("pending_review", "rejected", "awaiting_payment"))))
    return Profile(user=user, active_licences=licences, open_applications=applications,
                   unread_notices=notices.unread_count(user_id))
