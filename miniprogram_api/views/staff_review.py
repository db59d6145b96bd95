"""Staff review of applications and inspections (role `reviewer`)."""
from flask import Blueprint

from backend import clock
from backend.inputs import RejectInput
from backend.services import inspections, orders, reference, review
from miniprogram_api import payment_serializers, serializers
from miniprogram_api.routing import Page, endpoint
from miniprogram_api.schemas.licensing import ApplicationApproved, ApplicationCreated, InspectionOut
from miniprogram_api.schemas.staff import (
    QueueItem,
    QueueQuery,
    RejectReasonOut,
    StaffApplicationOut,
    StaffInspectionOut,
)

bp = Blueprint("staff_review", __name__)
REVIEWER = ("reviewer",)


def _waiting(seconds: int) -> str:
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    return f"{days}天{hours}小时" if days else f"{hours}小时{rest // 60}分钟"


@endpoint(bp, "/api/v1/staff/licence-applications",
          summary="审核队列（最早提交的在前，含已等待时长；总数见 X-Total-Count）",
          tag="staff", auth="staff", roles=REVIEWER, query=QueueQuery, response=list[QueueItem])
def review_queue(staff, query: QueueQuery):
    page = review.review_queue(query.status, query.limit, query.offset)
    items = []
    for a in page.items:
        waited = int((page.now - a.submitted_at).total_seconds())
        items.append({"id": a.id, "status": a.status, "round": a.round_no,
                      "submitted_at": clock.isoformat(a.submitted_at), "waiting_seconds": waited,
                      "waiting": _waiting(waited), "dog_name": a.dog["name"], "breed": a.dog["breed"],
                      "breed_recognised": a.dog.get("breed_recognised", True),
                      "zone_code": a.zone_code, "owner_name": a.owner_name, "owner_id_number": a.owner_id_masked})
    return Page(items, page.total)


@endpoint(bp, "/api/v1/staff/licence-applications/<application_id>",
          summary="申请详情（审核用；电话、地址脱敏，完整信息经 personal-data/reveal 查看并留痕）", tag="staff",
          auth="staff", roles=REVIEWER, response=StaffApplicationOut, errors=("application_not_found",))
def staff_get_application(staff, application_id: str):
    application = review.get_application(application_id)
    return {**serializers.application(application), "user_id": application.user_id,
            "owner": application.owner_staff_dict(),
            "photo_urls": [f"/api/v1/staff/uploads/{p}" for p in application.dog.get("photo_upload_ids") or []]}


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


@endpoint(bp, "/api/v1/staff/inspections", summary="待审核的年检", tag="staff", auth="staff", roles=REVIEWER,
          response=list[StaffInspectionOut])
def inspection_queue(staff):
    return [{"id": i.id, "licence_id": i.licence_id, "status": i.status,
             "previous_expires_on": i.previous_expires_on.isoformat(), "new_expires_on": i.new_expires_on.isoformat(),
             "created_at": clock.isoformat(i.created_at)} for i in inspections.list_inspections()]


@endpoint(bp, "/api/v1/staff/inspections/<inspection_id>/approve", "POST", summary="年检审核通过（延长有效期）",
          tag="staff", auth="staff", roles=REVIEWER, response=InspectionOut,
          errors=("inspection_not_found", "inspection_not_pending", "licence_not_active"))
def approve_inspection(staff, inspection_id: str):
    return serializers.inspection(inspections.approve_inspection(staff.id, inspection_id))


@endpoint(bp, "/api/v1/staff/inspections/<inspection_id>/reject", "POST", summary="年检驳回", tag="staff",
          auth="staff", roles=REVIEWER, body=RejectInput, response=InspectionOut,
          errors=("inspection_not_found", "inspection_not_pending"))
def reject_inspection(staff, inspection_id: str, body: RejectInput):
    return serializers.inspection(inspections.reject_inspection(staff.id, inspection_id, body))

