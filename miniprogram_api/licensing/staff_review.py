"""Staff review of applications and inspections (role `reviewer`)."""
from dataclasses import asdict

from flask import Blueprint, Response

from backend.core import clock
from backend.licensing import applications, review, review_checks
from backend.licensing.inputs import RejectInput
from backend.licensing.lifecycle import inspections
from backend.payments import orders
from backend.reference import catalogue as reference
from miniprogram_api.licensing import serializers
from miniprogram_api.licensing.review_schemas import (
    QueueItem,
    QueueQuery,
    RejectReasonOut,
    StaffApplicationOut,
    StaffInspectionOut,
)
from miniprogram_api.licensing.schemas import ApplicationApproved, ApplicationCreated, InspectionOut
from miniprogram_api.payments import serializers as payment_serializers
from miniprogram_api.routing import Page, endpoint

bp = Blueprint("staff_review", __name__)
REVIEWER = ("reviewer",)


def waiting_text(seconds: int) -> str:
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    return f"{days}天{hours}小时" if days else f"{hours}小时{rest // 60}分钟"


@endpoint(bp, "/api/v1/staff/licence-applications",
          summary="审核队列（最早提交的在前，含已等待时长；可按管理区、状态、提交日期筛选，按犬名、犬证号或身份证号末几位搜索；"
                  "总数见 X-Total-Count）",
          tag="staff", auth="staff", roles=REVIEWER, query=QueueQuery, response=list[QueueItem])
def review_queue(staff, query: QueueQuery):
    filters = review.QueueFilter(status=query.status, zone_code=query.zone_code,
                                 submitted_from=query.submitted_from, submitted_to=query.submitted_to, search=query.q)
    page = review.review_queue(filters, query.limit, query.offset)
    items = []
    for a in page.items:
        waited = int((page.now - a.submitted_at).total_seconds())
        items.append({"id": a.id, "status": a.status, "round": a.round_no,
                      "submitted_at": clock.isoformat(a.submitted_at), "waiting_seconds": waited,
                      "waiting": waiting_text(waited), "dog_name": a.dog["name"], "breed": a.dog["breed"],
                      "breed_recognised": a.dog.get("breed_recognised", True),
                      "zone_code": a.zone_code, "owner_name": a.owner_name, "owner_id_number": a.owner_id_masked})
    return Page(items, page.total)


@endpoint(bp, "/api/v1/staff/licence-applications/<application_id>",
          summary="申请详情（审核用：历次提交、预审结果、等待时长；电话地址脱敏，完整信息经 reveal 查看并留痕）",
          tag="staff", auth="staff", roles=REVIEWER, response=StaffApplicationOut, errors=("application_not_found",))
def staff_get_application(staff, application_id: str):
    application = review.get_application(application_id)
    waited = int((clock.now() - application.submitted_at).total_seconds()) if application.is_awaiting_review() else None
    return {**serializers.application(applications.application_record(application)), "user_id": application.user_id,
            "owner": application.owner_staff_dict(),
            "photo_urls": [f"/api/v1/staff/uploads/{p}" for p in application.dog.get("photo_upload_ids") or []],
            "zone_name": reference.zone_name(application.zone_code), "waiting_seconds": waited,
            "checks": [asdict(check) for check in review_checks.precheck(application)]}


@endpoint(bp, "/api/v1/staff/licence-applications/<application_id>/photos/<upload_id>",
          summary="申请中的犬只照片（审核用；只能读取该申请各轮提交的照片）", tag="staff", auth="staff", roles=REVIEWER,
          media_type="image/*", errors=("application_not_found", "not_found"))
def application_photo(staff, application_id: str, upload_id: str):
    data, content_type = review.application_photo(application_id, upload_id)
    return Response(data, mimetype=content_type, headers={"Cache-Control": "private, max-age=3600"})


@endpoint(bp, "/api/v1/staff/licence-applications/<application_id>/approve", "POST",
          summary="审核通过（当日复核疫苗与规则后签发电子犬证）", tag="staff", auth="staff", roles=REVIEWER,
          response=ApplicationApproved,
          errors=("application_not_found", "application_not_pending", "vaccination_invalid", "breed_banned",
                  "household_limit_reached"))
def approve_application(staff, application_id: str):
    application = review.approve_application(staff.id, application_id)
    return {"id": application.id, "status": application.status, "round": application.round_no,
            "licence_id": application.licence_id,
            "order": payment_serializers.order_brief(orders.latest_order("application", application.id))}


@endpoint(bp, "/api/v1/staff/licence-applications/<application_id>/reject", "POST",
          summary="驳回申请（从原因列表选择 reason_code，和/或填写 reason）", tag="staff", auth="staff",
          roles=REVIEWER, body=RejectInput, response=ApplicationCreated,
          errors=("application_not_found", "application_not_pending", "unknown_reject_reason"))
def reject_application(staff, application_id: str, body: RejectInput):
    application = review.reject_application(staff.id, application_id, body)
    return {"id": application.id, "status": application.status, "round": application.round_no,
            "reject_reason": application.reject_reason}


@endpoint(bp, "/api/v1/staff/reject-reasons", summary="可选的驳回原因", tag="staff", auth="staff",
          roles=REVIEWER, response=list[RejectReasonOut])
def reject_reasons(staff):
    return [{"code": r.code, "text": r.text} for r in reference.list_reject_reasons()]


@endpoint(bp, "/api/v1/staff/inspections", summary="待审核的年检（最早提交的在前，含犬证、犬只和本次疫苗）",
          tag="staff", auth="staff", roles=REVIEWER, response=list[StaffInspectionOut])
def inspection_queue(staff):
    now = clock.now()
    items = []
    for i, licence, vaccination, dog in inspections.review_queue():
        waited = int((now - i.created_at).total_seconds())
        items.append({"id": i.id, "licence_id": i.licence_id, "status": i.status,
                      "previous_expires_on": i.previous_expires_on.isoformat(),
                      "new_expires_on": i.new_expires_on.isoformat(), "created_at": clock.isoformat(i.created_at),
                      "licence_no": licence.licence_no, "dog_name": dog.name, "breed": dog.breed,
                      "owner_name": licence.owner_name, "owner_id_number": licence.owner_id_masked,
                      "zone_code": licence.zone_code, "vaccination": vaccination.to_dict(),
                      "waiting_seconds": waited, "waiting": waiting_text(waited)})
    return items


@endpoint(bp, "/api/v1/staff/inspections/<inspection_id>/approve", "POST", summary="年检审核通过（延长有效期）",
          tag="staff", auth="staff", roles=REVIEWER, response=InspectionOut,
          errors=("inspection_not_found", "inspection_not_pending", "licence_not_active"))
def approve_inspection(staff, inspection_id: str):
    inspection = inspections.approve_inspection(staff.id, inspection_id)
    return serializers.inspection(inspection, orders.latest_order("inspection", inspection.id))


@endpoint(bp, "/api/v1/staff/inspections/<inspection_id>/reject", "POST", summary="年检驳回", tag="staff",
          auth="staff", roles=REVIEWER, body=RejectInput, response=InspectionOut,
          errors=("inspection_not_found", "inspection_not_pending"))
def reject_inspection(staff, inspection_id: str, body: RejectInput):
    inspection = inspections.reject_inspection(staff.id, inspection_id, body)
    return serializers.inspection(inspection, orders.latest_order("inspection", inspection.id))

