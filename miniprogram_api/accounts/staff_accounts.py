"""Staff accounts, for administrators (the console's 系统 › 工作人员 page): list, create, change role, reset the
password, disable and enable. Unlocking is `POST /api/v1/staff/accounts/{id}/unlock` (views/accounts.py)."""
from flask import Blueprint

from backend.accounts import staff_accounts
from backend.core import clock
from miniprogram_api.administration.schemas import (
    AccountChangeIn,
    AccountCreateIn,
    AdminAccountOut,
    IssuedPasswordOut,
    RoleChangeIn,
)
from miniprogram_api.routing import endpoint

bp = Blueprint("staff_accounts", __name__)
ADMIN = ("admin",)
ONE_TIME = ("一次性密码只在本次应答中出现（不保存明文）；本人下次登录后，除修改密码外的所有接口都会以 "
            "403 password_change_required 拒绝，直到其设置自己的密码。")


def _account(staff, locks=None) -> dict:
    if locks is None:
        locks = staff_accounts.login_locks().get(staff.id, [])
    return {"id": staff.id, "username": staff.username, "display_name": staff.display_name, "role": staff.role,
            "active": staff.active, "last_login_at": clock.isoformat(staff.last_login_at),
            "created_at": clock.isoformat(staff.created_at), "must_change_password": staff.must_change_password,
            "login_locks": [{"address": lock.address, "until": clock.isoformat(lock.until)} for lock in locks]}


@endpoint(bp, "/api/v1/staff/accounts", summary="工作人员账号列表（管理员）", tag="staff", auth="staff",
          roles=ADMIN, response=list[AdminAccountOut])
def list_accounts(staff):
    locks = staff_accounts.login_locks()
    return [_account(s, locks.get(s.id, [])) for s in staff_accounts.list_staff()]


@endpoint(bp, "/api/v1/staff/accounts", "POST", summary="新建工作人员账号（管理员；返回一次性密码）", tag="staff",
          auth="staff", roles=ADMIN, body=AccountCreateIn, response=IssuedPasswordOut, status=201,
          caller_limit="60/hour", errors=("username_taken",), description=ONE_TIME)
def create_account(staff, body: AccountCreateIn):
    issued = staff_accounts.create_by_admin(staff.id, body.username, body.role, body.display_name, body.reason)
    return {"account": _account(issued.staff, []), "one_time_password": issued.password}


@endpoint(bp, "/api/v1/staff/accounts/<staff_id>/role", "POST", summary="调整工作人员岗位（管理员）", tag="staff",
          auth="staff", roles=ADMIN, body=RoleChangeIn, response=AdminAccountOut,
          errors=("staff_not_found", "role_unchanged", "last_admin"),
          description="本人的所有会话和令牌随即失效，重新登录后按新岗位显示菜单。系统中至少保留一名在用的管理员。")
def change_role(staff_id: str, staff, body: RoleChangeIn):
    return _account(staff_accounts.change_role(staff.id, staff_id, body.role, body.reason))


@endpoint(bp, "/api/v1/staff/accounts/<staff_id>/reset-password", "POST",
          summary="重置工作人员密码（管理员；返回一次性密码）", tag="staff", auth="staff", roles=ADMIN,
          body=AccountChangeIn, response=IssuedPasswordOut, caller_limit="60/hour",
          errors=("staff_not_found", "cannot_reset_own_password"),
          description="本人的所有会话和令牌随即失效，登录锁定一并解除。" + ONE_TIME)
def reset_password(staff_id: str, staff, body: AccountChangeIn):
    issued = staff_accounts.reset_password(staff.id, staff_id, body.reason)
    return {"account": _account(issued.staff), "one_time_password": issued.password}


@endpoint(bp, "/api/v1/staff/accounts/<staff_id>/disable", "POST", summary="停用工作人员账号（管理员）",
          tag="staff", auth="staff", roles=ADMIN, body=AccountChangeIn, response=AdminAccountOut,
          errors=("staff_not_found", "already_disabled", "cannot_disable_self", "last_admin"),
          description="立即生效：该账号的所有会话和令牌失效，且不能再登录。不能停用自己的账号。")
def disable_account(staff_id: str, staff, body: AccountChangeIn):
    return _account(staff_accounts.disable(staff.id, staff_id, body.reason))


@endpoint(bp, "/api/v1/staff/accounts/<staff_id>/enable", "POST", summary="重新启用工作人员账号（管理员）",
          tag="staff", auth="staff", roles=ADMIN, body=AccountChangeIn, response=AdminAccountOut,
          errors=("staff_not_found", "already_active"))
def enable_account(staff_id: str, staff, body: AccountChangeIn):
    return _account(staff_accounts.enable(staff.id, staff_id, body.reason))
