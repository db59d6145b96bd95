"""The expiry sweep: a licence past its expiry date plus the grace period becomes `expired`.

Run daily by Celery beat and by hand with `flask --app wsgi licences expire`. Each licence is its own small
transaction, so a long sweep never holds many locks and a crash part-way loses nothing.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app

from backend.audit.trail import Actor
from backend.audit.transitions import transition
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.uow import transaction
from backend.licensing.events import LICENCE_EXPIRED
from backend.licensing.lifecycle import transfers
from backend.licensing.lifecycle.in_progress import open_inspection
from backend.licensing.models.licences import Licence


def expire_lapsed_licences(today: date | None = None, batch_size: int = 200) -> int:
    today = today or clock.today()
    cutoff = today - timedelta(days=current_app.config["LICENCE_RENEWAL_GRACE_DAYS"])
    expired = 0
    seen: set[str] = set()  # licences kept back (an inspection under review) are not looked at twice
    while True:
        ids = list(db.session.scalars(
            db.select(Licence.id).where(Licence.status == "active", Licence.expires_on < cutoff,
                                        Licence.id.not_in(seen))
            .order_by(Licence.expires_on).limit(batch_size)))
        if not ids:
            return expired
        seen.update(ids)
        for licence_id in ids:
            expired += _expire_one(licence_id, cutoff)


def _expire_one(licence_id: str, cutoff: date) -> int:
    with transaction():
        licence = db.session.scalar(db.select(Licence).where(Licence.id == licence_id).with_for_update())
        # Re-read under the lock: a renewal may have landed since the id was listed. An inspection submitted in
        # time and still under review keeps the licence alive until it is decided.
        if licence.status != "active" or licence.expires_on >= cutoff or open_inspection(licence.id):
            return 0
        actor = Actor.system()
        transfers.close_pending_transfers(licence.id, actor)
        transition(licence, "expired", actor, "年检逾期未办理", event=LICENCE_EXPIRED, licence_no=licence.licence_no,
                   expires_on=licence.expires_on.isoformat())
    return 1
