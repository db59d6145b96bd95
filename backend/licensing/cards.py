"""The licence card: a JSON snapshot of a licence with its dog, vaccination and (masked) owner, kept on the
licence row for the hot reads (a resident's licence list, the public tag page).

It is rebuilt in `before_flush` for every licence the flush inserts or changes, so no service can forget it and
it never drifts from the columns. Every touched licence also queues, for after the commit, the cache keys that
must be dropped (its tag page; the licence lists of its current and previous holder).
"""
from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from backend.core import cache
from backend.core.database import uow
from backend.licensing.models.dogs import Dog, Vaccination
from backend.licensing.models.licences import Licence


def build_card(licence: Licence, dog: Dog, vaccination: Vaccination) -> dict:
    return {
        "licence_no": licence.licence_no,
        "status": licence.status,
        "issued_on": licence.issued_on.isoformat(),
        "expires_on": licence.expires_on.isoformat(),
        "tag_token": licence.tag_token,
        "dog": dog.to_dict(),
        "owner": licence.owner_public_dict(),
        "vaccination": vaccination.to_dict(),
        "cancel_reason": licence.cancel_reason,
        "lost": licence.lost_since is not None,
    }


def _refresh(session: Session, flush_context, instances) -> None:
    with session.no_autoflush:
        for obj in list(session.new) + list(session.dirty):
            if isinstance(obj, Licence) and (obj in session.new or session.is_modified(obj)):
                dog = session.get(Dog, obj.dog_id)
                vaccination = session.get(Vaccination, obj.vaccination_id)
                card = build_card(obj, dog, vaccination)
                if obj.card != card:
                    obj.card = card
                _forget_after_commit(obj)


def _forget_after_commit(licence: Licence) -> None:
    holders = {licence.user_id}
    history = inspect(licence).attrs.user_id.history
    holders.update(h for h in (history.deleted or ()) if h)
    keys = [cache.tag_key(licence.tag_token), *(cache.licences_key(user) for user in holders)]
    uow.after_commit(lambda: cache.drop(*keys))


def install() -> None:
    if not event.contains(Session, "before_flush", _refresh):
        event.listen(Session, "before_flush", _refresh)
