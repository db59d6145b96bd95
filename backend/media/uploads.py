"""Image uploads: only real JPEG or PNG files within the size limit are kept (content is checked, not the name), and
what is kept is the image written anew without its metadata (backend.media.images).

Residents may upload `UPLOAD_DAILY_QUOTA` images a day (Beijing time). Staff read an image by id only when it is
attached to a record their role works on (`STAFF_READABLE_KINDS`), or when they uploaded it themselves.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app

from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.locks import lock_keys
from backend.core.database.uow import transaction
from backend.core.errors import NotFound, TooManyRequests, ValidationFailed
from backend.core.ids import new_id
from backend.media import images
from backend.media.models import Upload, UploadAttachment

ALLOWED_FORMATS = images.CONTENT_TYPES
# Which attachments each staff role works on (admins read every image). Found and lost reports are read only
# through their own endpoints by the people in them: a finder's photo may show the finder's home.
STAFF_READABLE_KINDS = {
    "reviewer": ("licence_application", "dog"),  # applications, and licensed dogs for the annual inspection
    "shelter": ("shelter_dog",),  # shelter dogs; an adoption's photos are its dog's
    "dispatcher": ("stray_report",),
    "service": ("dog",),  # a licensed dog, on the 犬证 page (the inbox holds WeChat media, not uploads)
}


def save_image(data: bytes, *, user_id: str | None = None, staff_id: str | None = None) -> Upload:
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    if not data:
        raise ValidationFailed("请选择要上传的图片", code="file_missing", details={"file": "empty"})
    if len(data) > limit:
        raise ValidationFailed(f"图片不能超过{limit // (1024 * 1024)}MB", code="file_too_large",
                               details={"file": "too_large", "max_bytes": limit})
    if user_id is not None:
        _check_quota(user_id)  # before the decoding work; counted again under the lock below
    try:
        clean = images.reencode(data)
    except images.NotAnImage as exc:
        raise ValidationFailed("只能上传 JPEG 或 PNG 图片", code="file_not_image",
                               details={"file": "not_image"}) from exc
    digest = hashlib.sha256(clean.data).hexdigest()
    upload_id = new_id()
    storage_key = f"{digest[:2]}/{upload_id}.{'jpg' if clean.format == 'JPEG' else 'png'}"
    # The file goes first: a failed insert leaves an unreferenced file, never a row without its file.
    path = stored_path(storage_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(clean.data)
    upload = Upload(id=upload_id, user_id=user_id, staff_id=staff_id, content_type=clean.content_type,
                    size_bytes=len(clean.data), width=clean.width, height=clean.height, sha256=digest,
                    storage_key=storage_key, reencoded=True)
    try:
        with transaction() as session:
            if user_id is not None:
                lock_keys("upload_quota", [user_id])  # simultaneous uploads queue here and count each other
                _check_quota(user_id)
            session.add(upload)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return upload


def _check_quota(user_id: str) -> None:
    quota = current_app.config["UPLOAD_DAILY_QUOTA"]
    if not quota:
        return
    since = clock.start_of_local_day(clock.today())
    used = db.session.scalar(db.select(db.func.count()).select_from(Upload).where(
        Upload.user_id == user_id, Upload.created_at >= since))
    if used >= quota:
        raise TooManyRequests(f"今天已上传{quota}张图片，达到每日上限，请明天再试", code="upload_quota_exceeded",
                              details={"quota": quota})


def stored_path(storage_key: str) -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / storage_key


def check_owned(user_id: str, upload_ids: list[str], field: str) -> list[str]:
    """Every photo must be one this resident uploaded; others' uploads are refused as if unknown."""
    return _check_uploaded(upload_ids, field, Upload.user_id == user_id)


def check_staff_uploaded(upload_ids: list[str], field: str) -> list[str]:
    """Shelter photos: uploaded by staff (any staff member: colleagues share the shelter's records)."""
    return _check_uploaded(upload_ids, field, Upload.staff_id.is_not(None))


def _check_uploaded(upload_ids: list[str], field: str, owned) -> list[str]:
    """Called inside the transaction that attaches the photos. Photos not yet attached stay locked until it ends,
    so the orphan clean-up cannot delete one between this check and the attachment (it waits, then sees the
    attachment). Photos attached already are never deleted, and need no lock (a licensed dog's photos are reused
    by its lost reports)."""
    if not upload_ids:
        return []
    attached_at = dict(db.session.execute(db.select(Upload.id, Upload.attached_at).where(
        Upload.id.in_(upload_ids), owned)).all())
    found = {uid for uid, at in attached_at.items() if at is not None}
    unattached = sorted(set(attached_at) - found)
    if unattached:
        found.update(db.session.scalars(db.select(Upload.id).where(Upload.id.in_(unattached), owned)
                                        .order_by(Upload.id).with_for_update()))
    missing = [uid for uid in upload_ids if uid not in found]
    if missing:
        raise ValidationFailed("照片不存在或已失效，请重新上传", code="unknown_upload",
                               details={field: f"未找到上传的照片: {', '.join(missing)}"})
    return list(dict.fromkeys(upload_ids))


def read_image(upload_id: str) -> tuple[bytes, str]:
    upload = db.session.get(Upload, upload_id)
    if upload is None:
        raise NotFound("图片不存在")
    return stored_path(upload.storage_key).read_bytes(), upload.content_type


def read_own_image(user_id: str, upload_id: str) -> tuple[bytes, str]:
    upload = db.session.get(Upload, upload_id)
    if upload is None or upload.user_id != user_id:
        raise NotFound("图片不存在")
    return read_image(upload_id)


def read_for_staff(staff_id: str, role: str, upload_id: str) -> tuple[bytes, str]:
    """An image by id for a staff member: 404 alike for an unknown id and one outside their role's records, so the
    answer never tells that a resident's photo exists."""
    upload = db.session.get(Upload, upload_id)
    if upload is None or not _staff_may_read(staff_id, role, upload):
        raise NotFound("图片不存在")
    return read_image(upload_id)


def _staff_may_read(staff_id: str, role: str, upload: Upload) -> bool:
    if role == "admin" or upload.staff_id == staff_id:
        return True
    kinds = STAFF_READABLE_KINDS.get(role, ())
    return bool(kinds) and db.session.scalar(db.select(UploadAttachment.id).where(
        UploadAttachment.upload_id == upload.id, UploadAttachment.kind.in_(kinds)).limit(1)) is not None
