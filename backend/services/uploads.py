"""Image uploads: only real JPEG or PNG files within the size limit are kept (content is checked, not the name)."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

from flask import current_app
from PIL import Image, UnidentifiedImageError

from backend.errors import NotFound, ValidationFailed
from backend.extensions import db
from backend.ids import new_id
from backend.models import Upload
from backend.uow import transaction

ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
MAX_PIXELS = 40_000_000  # a 5 MB file can still decompress into a bomb; refuse absurd dimensions


def save_image(data: bytes, *, user_id: str | None = None, staff_id: str | None = None) -> Upload:
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    if not data:
        raise ValidationFailed("请选择要上传的图片", code="file_missing", details={"file": "empty"})
    if len(data) > limit:
        raise ValidationFailed(f"图片不能超过{limit // (1024 * 1024)}MB", code="file_too_large",
                               details={"file": "too_large", "max_bytes": limit})
    image_format, width, height = _inspect_image(data)
    digest = hashlib.sha256(data).hexdigest()
    upload_id = new_id()
    storage_key = f"{digest[:2]}/{upload_id}.{'jpg' if image_format == 'JPEG' else 'png'}"
    # The file goes first: a failed insert leaves an unreferenced file, never a row without its file.
    path = _path(storage_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    upload = Upload(id=upload_id, user_id=user_id, staff_id=staff_id, content_type=ALLOWED_FORMATS[image_format],
                    size_bytes=len(data), width=width, height=height, sha256=digest, storage_key=storage_key)
    with transaction() as session:
        session.add(upload)
    return upload


def _inspect_image(data: bytes) -> tuple[str, int, int]:
    refusal = ValidationFailed("只能上传 JPEG 或 PNG 图片", code="file_not_image", details={"file": "not_image"})
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ALLOWED_FORMATS:
                raise refusal
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise refusal
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # verify() skips pixel data; a truncated file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise refusal from exc
    return image.format or "JPEG", width, height


def _path(storage_key: str) -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / storage_key


def check_owned(user_id: str, upload_ids: list[str], field: str) -> list[str]:
    """Every photo must be one this resident uploaded; others' uploads are refused as if unknown."""
    return _check_uploaded(upload_ids, field, Upload.user_id == user_id)


def check_staff_uploaded(upload_ids: list[str], field: str) -> list[str]:
    """Shelter photos: uploaded by staff (any staff member: colleagues share the shelter's records)."""
    return _check_uploaded(upload_ids, field, Upload.staff_id.is_not(None))


def _check_uploaded(upload_ids: list[str], field: str, owned) -> list[str]:
    if not upload_ids:
        return []
    found = set(db.session.scalars(db.select(Upload.id).where(Upload.id.in_(upload_ids), owned)))
    missing = [uid for uid in upload_ids if uid not in found]
    if missing:
        raise ValidationFailed("照片不存在或已失效，请重新上传", code="unknown_upload",
                               details={field: f"未找到上传的照片: {', '.join(missing)}"})
    return list(dict.fromkeys(upload_ids))


def read_image(upload_id: str) -> tuple[bytes, str]:
    upload = db.session.get(Upload, upload_id)
    if upload is None:
        raise NotFound("图片不存在")
    return _path(upload.storage_key).read_bytes(), upload.content_type


def read_own_image(user_id: str, upload_id: str) -> tuple[bytes, str]:
    upload = db.session.get(Upload, upload_id)
    if upload is None or upload.user_id != user_id:
        raise NotFound("图片不存在")
    return read_image(upload_id)
