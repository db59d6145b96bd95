"""Staff accounts, for administrators (the console's 系统 › 工作人员 page)."""
from flask import Blueprint

from backend.accounts import staff_accounts
from backend.core import clock
from miniprogram_api.accounts.console_schemas import StaffAccountOut
from miniprogram_api.routing import endpoint

bp = Blueprint("staff_accounts", __name__)


@endpoint(bp, "/api/v1/staff/accounts", summary="工作人员账号列表（管理员）", tag="staff", auth="staff",
          roles=("admin",), response=list[StaffAccountOut])
def list_accounts(staff):
    return [{"id": s.id, "username": s.username, "display_name": s.display_name, "role": s.role, "active": s.active,
             "last_login_at": clock.isoformat(s.last_login_at),
             "created_at": clock.isoformat(s.created_at)} for s in staff_accounts.list_staff()]
