"""Residents' full phone and address for staff, on request and recorded (查询留痕); the record, for the admin."""
from flask import Blueprint, request

from backend.accounts import personal_data
from backend.core import clock
from miniprogram_api.accounts.personal_data_schemas import AccessLogItem, AccessLogQuery, RevealIn, RevealOut
from miniprogram_api.routing import Page, endpoint

bp = Blueprint("personal_data", __name__)


@endpoint(bp, "/api/v1/staff/personal-data/reveal", "POST",
          summary="查看完整电话或地址（记录查看人、时间、记录与原因）", tag="staff", auth="staff",
          roles=("admin", "reviewer", "shelter", "service"), body=RevealIn, response=RevealOut,
          caller_limit="300/hour", errors=("record_not_found", "role_required"),
          description="工作人员界面中电话、地址均为脱敏显示；点击“显示完整电话”等按钮时调用本接口。"
                      "每次调用都会留痕，管理员可在 GET /api/v1/staff/personal-data/access-log 查看。"
                      "审核员可查看犬证申请，收容所可查看领养申请，审核员与客服可查看犬证持有人，管理员可查看全部。")
def reveal(staff, body: RevealIn):
    revealed = personal_data.reveal(staff.id, staff.role, body.record_type, body.record_id, body.fields,
                                    body.reason, request.remote_addr or "")
    return {"record_type": body.record_type, "record_id": body.record_id,
            "phone": revealed.values.get("phone"), "address": revealed.values.get("address"),
            "access_id": revealed.access.id, "accessed_at": clock.isoformat(revealed.access.accessed_at)}


@endpoint(bp, "/api/v1/staff/personal-data/access-log",
          summary="个人信息查看留痕（最新在前；总数见 X-Total-Count）", tag="staff", auth="staff", roles=("admin",),
          query=AccessLogQuery, response=list[AccessLogItem])
def access_log(staff, query: AccessLogQuery):
    where = personal_data.AccessFilter(
        staff_id=query.staff_id, username=query.username, record_type=query.record_type, record_id=query.record_id,
        subject_user_id=query.subject_user_id, from_day=query.from_, to_day=query.to)
    rows, total = personal_data.access_log(where, query.limit, query.offset)
    return Page([{"id": a.id, "accessed_at": clock.isoformat(a.accessed_at), "staff_id": a.staff_id,
                  "staff_username": username, "staff_role": a.staff_role, "record_type": a.record_type,
                  "record_id": a.record_id, "subject_user_id": a.subject_user_id, "fields": list(a.fields),
                  "reason": a.reason, "client_ip": a.client_ip} for a, username in rows], total)
