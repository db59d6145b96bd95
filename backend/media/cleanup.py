"""Keeping the upload store clean: orphans deleted after a day, and images stored before re-encoding cleaned.

An orphan is an upload no record ever showed (no attachment, backend.media.attachments), older than
`UPLOAD_ORPHAN_HOURS`: somebody uploaded and gave up, or uploads to fill a disk. Its row goes in a transaction
that first locks it, and its file after the commit. A service attaching a photo holds the same row lock from its
check until its commit (backend.media.uploads._check_uploaded), so a photo is never deleted under a record
being saved: whichever comes second sees the other's result.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app

from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.uow import after_commit, transaction
from backend.media import images
from backend.media.models import Upload, UploadAttachment
from backend.media.uploads import stored_path

log = logging.getLogger(__name__)
BATCH = 500
LEGACY_PER_RUN = 200  # images stored before re-encoding, cleaned a few at a time by the hourly job


def upkeep() -> dict:
    """The hourly job: orphans deleted, and a batch of images stored before re-encoding cleaned (all of them at
    once with `flask uploads reencode`)."""
    deleted = delete_orphans()
    result = reencode_stored(limit=LEGACY_PER_RUN)
    return {"orphans_deleted": deleted, "reencoded": result.reencoded, "missing": result.missing,
            "failed": result.failed}


def delete_orphans() -> int:
    """Delete every upload older than UPLOAD_ORPHAN_HOURS that nothing is attached to; returns how many."""
    cutoff = clock.now() - timedelta(hours=current_app.config["UPLOAD_ORPHAN_HOURS"])
    deleted = 0
    while True:
        candidates = list(db.session.scalars(db.select(Upload.id).where(
            Upload.attached_at.is_(None), Upload.created_at < cutoff).order_by(Upload.created_at).limit(BATCH)))
        db.session.rollback()  # end the read: on SQLite the delete below must start its own write transaction
        if candidates:
            deleted += _delete_unattached(candidates, cutoff)
        if len(candidates) < BATCH:
            break
    return deleted


def _delete_unattached(candidates: list[str], cutoff) -> int:
    with transaction() as session:
        rows = session.execute(db.select(Upload.id, Upload.storage_key).where(
            Upload.id.in_(candidates), Upload.attached_at.is_(None), Upload.created_at < cutoff)
            .order_by(Upload.id).with_for_update()).all()
        ids = [row.id for row in rows]
        attached = set(session.scalars(db.select(UploadAttachment.upload_id).where(
            UploadAttachment.upload_id.in_(ids)))) if ids else set()
        if attached:  # an attachment without the mark: never delete, mend the mark
            log.warning("uploads attached but not marked, kept: %s", sorted(attached))
            session.execute(db.update(Upload).where(Upload.id.in_(attached)).values(attached_at=clock.now()))
        doomed = [row for row in rows if row.id not in attached]
        if doomed:
            session.execute(db.delete(Upload).where(Upload.id.in_([row.id for row in doomed])))
            keys = [row.storage_key for row in doomed]
            after_commit(lambda: _unlink(keys))
    return len(doomed)


def _unlink(storage_keys: list[str]) -> None:
    for key in storage_keys:
        stored_path(key).unlink(missing_ok=True)


@dataclass
class ReencodeResult:
    reencoded: int = 0
    missing: int = 0
    failed: int = 0


def reencode_stored(limit: int | None = None) -> ReencodeResult:
    """Re-encode uploads stored byte for byte before this rule (their GPS and other metadata go), each in its own
    short transaction: the new file is written first, the row switched to it, the old file deleted after commit.
    Safe to stop and run again; a missing or undecodable file is counted and left as it is."""
    result = ReencodeResult()
    last_id = ""
    while limit is None or result.reencoded < limit:
        ids = list(db.session.scalars(db.select(Upload.id).where(Upload.reencoded.is_(False), Upload.id > last_id)
                                      .order_by(Upload.id).limit(100)))
        db.session.rollback()
        if not ids:
            break
        for upload_id in ids:
            last_id = upload_id
            _reencode_one(upload_id, result)
            if limit is not None and result.reencoded >= limit:
                break
    return result


def _reencode_one(upload_id: str, result: ReencodeResult) -> None:
    upload = db.session.get(Upload, upload_id)
    old_key = upload.storage_key
    try:
        data = stored_path(old_key).read_bytes()
        clean = images.reencode(data)
    except FileNotFoundError:
        result.missing += 1
        log.warning("upload %s: file %s is missing", upload_id, old_key)
        return
    except images.NotAnImage as exc:
        result.failed += 1
        log.warning("upload %s: could not be re-encoded (%s)", upload_id, exc)
        return
    finally:
        db.session.rollback()
    digest = hashlib.sha256(clean.data).hexdigest()
    new_key = f"{digest[:2]}/{upload_id}-{digest[:8]}.{'jpg' if clean.format == 'JPEG' else 'png'}"
    stored_path(new_key).parent.mkdir(parents=True, exist_ok=True)
    stored_path(new_key).write_bytes(clean.data)
    with transaction() as session:
        upload = session.scalar(db.select(Upload).where(Upload.id == upload_id).with_for_update()
                                .execution_options(populate_existing=True))
        if upload is None or upload.reencoded or upload.storage_key != old_key:
            after_commit(lambda: stored_path(new_key).unlink(missing_ok=True))  # deleted or done meanwhile
            return
        upload.storage_key, upload.sha256, upload.size_bytes = new_key, digest, len(clean.data)
        upload.width, upload.height, upload.content_type = clean.width, clean.height, clean.content_type
        upload.reencoded = True
        after_commit(lambda: stored_path(old_key).unlink(missing_ok=True))
    result.reencoded += 1
