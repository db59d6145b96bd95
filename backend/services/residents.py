"""A resident's own profile summary."""
from __future__ import annotations

from dataclasses import dataclass

from backend.extensions import db
from backend.models import Licence, LicenceApplication, User
from backend.services import auth, notices


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
