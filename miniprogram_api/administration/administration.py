"""系统 (administration, issue 16) for the admin: the audit log, the reference data and the fee schedule (read only).
Staff accounts are in views/staff_accounts.py."""
from flask import Blueprint

from backend.administration import audit_log as audit_log_service
from backend.administration import reference_overview
from backend.core import clock
from miniprogram_api.administration.schemas import AuditEntryOut, AuditLogQuery, FeeScheduleOut, ReferenceOut
from miniprogram_api.routing import Page, endpoint

bp = Blueprint("administration", __name__)
ADMIN = ("admin",)


@endpoint(bp, "/api/v1/staff/audit-log", summary="审计日志（管理员；最新在前；总数见 X-Total-Count）", tag="staff",
          auth="staff", roles=ADMIN, query=AuditLogQuery, response=list[AuditEntryOut],
          description="每一次状态变化：谁（居民、工作人员或系统）、何时、对哪条记录、从何状态到何状态、为何。"
                      "可按操作人、记录类型、记录 id、动作和日期（北京时间）筛选。")
def audit_log(staff, query: AuditLogQuery):
    where = audit_log_service.LogFilter(
        actor_id=query.actor_id, actor_username=query.actor_username, actor_type=query.actor_type,
        entity_type=query.entity_type, entity_id=query.entity_id, action=query.action, from_day=query.from_,
        to_day=query.to)
    rows, total = audit_log_service.search(where, query.limit, query.offset)
    return Page([{"id": c.id, "at": clock.isoformat(c.at), "entity_type": c.entity_type, "entity_id": c.entity_id,
                  "action": c.action, "from_status": c.from_status, "to_status": c.to_status,
                  "actor_type": c.actor_type, "actor_id": c.actor_id, "actor_username": username,
                  "user_id": c.user_id, "reason": c.reason, "data": dict(c.data or {})} for c, username in rows],
                total)


@endpoint(bp, "/api/v1/staff/reference", summary="基础数据：管理区与养犬规则、驳回原因（管理员，只读）", tag="staff",
          auth="staff", roles=ADMIN, response=ReferenceOut,
          description="包括已停用的管理区和驳回原因；各管理区的收费为收费标准中的标准金额（减免前）。"
                      "数据由 flask reference load 载入。")
def reference(staff):
    return reference_overview.reference()


@endpoint(bp, "/api/v1/staff/fee-schedule", summary="收费标准（管理员，只读）", tag="staff", auth="staff",
          roles=ADMIN, response=FeeScheduleOut, description="由 FEE_SCHEDULE_FILE 配置；金额单位为分。")
def fee_schedule(staff):
    return reference_overview.fee_schedule()
