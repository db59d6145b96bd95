"""Image uploads (JPEG/PNG, ≤ 5 MB, stored re-encoded without metadata) and reading them back: residents their own,
staff those attached to the records their role works on."""
from flask import Blueprint, Response, request

from backend.accounts.models.people import STAFF_ROLES
from backend.core.errors import ValidationFailed
from backend.media import uploads
from miniprogram_api.accounts.schemas import UploadOut
from miniprogram_api.routing import endpoint

bp = Blueprint("uploads", __name__)
UPLOAD_ERRORS = ("file_missing", "file_not_image", "file_too_large", "payload_too_large")


@endpoint(bp, "/api/v1/uploads", "POST",
          summary="上传图片（multipart 字段 file，JPEG/PNG，不超过5MB；每人每天限量）", tag="uploads",
          response=UploadOut, status=201, request_media_type="multipart/form-data",
          errors=(*UPLOAD_ERRORS, "upload_quota_exceeded"),
          description="图片会重新编码后保存：按 EXIF 方向摆正，去除 EXIF（含 GPS 位置）、XMP、文本块等全部元数据，"
                      "颜色转为 sRGB。返回的尺寸与大小是保存后的图片。未被任何记录使用的图片一天后删除。")
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


@endpoint(bp, "/api/v1/staff/uploads", "POST", summary="工作人员上传图片（犬只照片）", tag="shelter", auth="staff",
          roles=("shelter",), response=UploadOut, status=201, request_media_type="multipart/form-data",
          errors=UPLOAD_ERRORS)
def staff_upload(staff):
    return save_posted_image(staff_id=staff.id)


@endpoint(bp, "/api/v1/staff/uploads/<upload_id>", summary="读取图片（工作人员，限本岗位处理的记录）", tag="staff",
          auth="staff", roles=STAFF_ROLES, media_type="image/*", errors=("not_found",),
          description="审核员：犬证申请与在册犬只的照片；收容所：收容犬只（含领养）的照片；调度：流浪犬报告的照片；"
                      "管理员：全部；任何岗位：自己上传的图片。其他图片（如拾获登记的照片）一律 404，不提示是否存在。")
def staff_read_upload(staff, upload_id: str):
    data, content_type = uploads.read_for_staff(staff.id, staff.role, upload_id)
    return Response(data, mimetype=content_type, headers={"Cache-Control": "private, max-age=3600"})
