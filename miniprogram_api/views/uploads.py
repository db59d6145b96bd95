"""Image uploads (JPEG/PNG, ≤ 5 MB) and reading one's own back."""
from flask import Blueprint, Response, request

from backend.errors import ValidationFailed
from backend.services import uploads
from miniprogram_api.routing import endpoint
from miniprogram_api.schemas.accounts import UploadOut

bp = Blueprint("uploads", __name__)


@endpoint(bp, "/api/v1/uploads", "POST", summary="上传图片（multipart 字段 file，JPEG/PNG，不超过5MB）",
          tag="uploads", response=UploadOut, status=201, request_media_type="multipart/form-data",
          errors=("file_missing", "file_not_image", "file_too_large", "payload_too_large"))
def upload_image(user_id: str):
    return save_posted_image(user_id=user_id)


def save_posted_image(*, user_id: str | None = None, staff_id: str | None = None) -> dict:
    """The multipart `file` of this request, checked and stored for a resident or a staff member."""
    file = request.files.get("file")
    if file is None:
        raise ValidationFailed("请选择要上传的图片", code="file_missing", details={"file": "必填"})
    upload = uploads.save_image(file.read(), user_id=user_id, staff_id=staff_id)
    return {"upload_id": upload.id, "content_type": upload.content_type, "size_bytes": upload.size_bytes,
            "width": upload.width, "height": upload.height}


@endpoint(bp, "/api/v1/uploads/<upload_id>", summary="读取自己上传的图片", tag="uploads", media_type="image/*",
          errors=("not_found",))
def read_upload(user_id: str, upload_id: str):
    data, content_type = uploads.read_own_image(user_id, upload_id)
    return Response(data, mimetype=content_type, headers={"Cache-Control": "private, max-age=86400"})
