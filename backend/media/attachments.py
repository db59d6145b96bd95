"""Which records show which uploads, written in `before_flush` for every such record a flush inserts or changes.

Photos are attached in many places (an application's dog, a licensed dog, lost, found and stray reports, shelter
dogs and, through them, adoptions and the shelter's found records); recording it in each service would leave the
next one to forget. The listener sees every flush, so an attachment is written in the same transaction as the
record, and a photo once shown by a record stays attached even if the record later shows others (the record's
history and the audit trail may refer to it).

Each model that holds upload ids declares it where it is defined, with the `@attached_photos(...)` class decorator
(media sits below the features that show photos and imports none of them); `ATTACHED_PHOTOS` collects them as the
model modules are imported (backend.schema imports them all). tests/api/test_upload_cleanup.py checks it against the
mapped columns, so a new kind of record cannot be forgotten (its photos would be deleted as orphans).
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from backend.core import clock
from backend.media.models import ATTACHMENT_KINDS, Upload, UploadAttachment


def _column(obj) -> list:
    return list(obj.photo_upload_ids or [])


# model → (attachment kind, the attribute whose change means new photos, how to read the upload ids)
ATTACHED_PHOTOS: dict[type, tuple[str, str, Callable[[object], list]]] = {}


def attached_photos(kind: str, attribute: str = "photo_upload_ids", read: Callable[[object], list] = _column):
    """Class decorator for a model whose rows show uploads: `kind` names it in `upload_attachments`, `attribute` is
    the one whose change means new photos, `read` gives a row's upload ids (by default that attribute's list)."""
    if kind not in ATTACHMENT_KINDS:
        raise ValueError(f"attachment kind {kind!r} is not one of {ATTACHMENT_KINDS}")

    def declare(model: type) -> type:
        ATTACHED_PHOTOS[model] = (kind, attribute, read)
        return model

    return declare


def _record(session: Session, flush_context, instances) -> None:
    with session.no_autoflush:
        for obj in list(session.new) + list(session.dirty):
            spec = ATTACHED_PHOTOS.get(type(obj))
            if spec is None:
                continue
            kind, attribute, photos_of = spec
            is_new = obj in session.new
            if not is_new and not inspect(obj).attrs[attribute].history.has_changes():
                continue
            photos = [p for p in dict.fromkeys(photos_of(obj)) if p]
            if photos:
                _attach(session, kind, obj.id, photos, is_new)


def _attach(session: Session, kind: str, record_id: str, photos: list[str], is_new: bool) -> None:
    already = set() if is_new else set(session.scalars(select(UploadAttachment.upload_id).where(
        UploadAttachment.kind == kind, UploadAttachment.record_id == record_id)))
    fresh = [p for p in photos if p not in already]
    if not fresh:
        return
    now = clock.now()
    # Only ids that are uploads: services check them, and a record must not fail to save over a stale id.
    for upload in session.scalars(select(Upload).where(Upload.id.in_(fresh))):
        session.add(UploadAttachment(upload_id=upload.id, kind=kind, record_id=record_id, attached_at=now))
        if upload.attached_at is None:
            upload.attached_at = now


def install() -> None:
    if not event.contains(Session, "before_flush", _record):
        event.listen(Session, "before_flush", _record)
