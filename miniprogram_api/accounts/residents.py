"""Logging in (residents through WeChat, staff with a password) and the resident's own profile."""
from flask import Blueprint, current_app

from backend.accounts import auth, residents
from backend.core import clock
from backend.reference import catalogue as reference
from miniprogram_api import limits
from miniprogram_api.accounts.schemas import (
    MeOut,
    RevokedOut,
    RevokeTokensIn,
    StaffLoginIn,
    StaffLoginOut,
    WxLoginIn,
    WxLoginOut,
)
from miniprogram_api.administration.schemas import AccountChangeIn
from miniprogram_api.licensing import serializers
from miniprogram_api.routing import endpoint
from miniprogram_api.schemas import Breed, Ok, Zone

bp = Blueprint("accounts", __name__)


@endpoint(bp, "/api/v1/auth/wx-login", "POST", summary="小程序登录：用 wx.login 的 code 换取 DogPass 令牌",
          tag="accounts", auth="none", body=WxLoginIn, response=WxLoginOut,
          description="真实的登录从不限流（运营商 NAT 后成千上万人同时登录也能通过）；无效或已使用的 code 按客户端"
                      "地址计数（WX_LOGIN_FAILURE_LIMIT），超出后该地址返回 429 too_many_failed_logins。",
          errors=("invalid_login_code", "too_many_failed_logins", "upstream_unavailable"))
def wx_login(body: WxLoginIn):
    result = auth.wx_login(body.code, limits.client_address())
    return {"token": result.token, "user": {"id": result.user_id},
            "expires_in": current_app.config["RESIDENT_TOKEN_TTL_SECONDS"]}


@endpoint(bp, "/api/v1/auth/logout", "POST", summary="居民退出登录（该居民已签发的所有令牌立即失效）",
          tag="accounts", response=Ok)
def logout(user_id: str):
    auth.resident_logout(user_id)
    return {"ok": True}


@endpoint(bp, "/api/v1/staff/residents/<user_id>/revoke-tokens", "POST", summary="吊销某居民的所有令牌（管理员）",
          tag="staff", auth="staff", roles=("admin",), body=RevokeTokensIn, response=RevokedOut,
          errors=("resident_not_found",))
def revoke_resident_tokens(user_id: str, staff, body: RevokeTokensIn):
    revoked_at = auth.revoke_resident_tokens(user_id, staff.id, body.reason)
    return {"user_id": user_id, "revoked_at": clock.isoformat(revoked_at)}


@endpoint(bp, "/api/v1/staff/auth/login", "POST", summary="工作人员登录（连续输错密码将在该网络暂时锁定）",
          tag="staff", auth="none", body=StaffLoginIn, response=StaffLoginOut, limit="60/minute",
          description="连续输错密码只在来源网络锁定该账号（STAFF_LOGIN_LOCK_MINUTES 分钟内 STAFF_LOGIN_MAX_FAILURES "
                      "次），不会对所有人锁定；各处累计失败达到 STAFF_LOGIN_SLOWDOWN_AFTER 次后，该账号未曾登录过的"
                      "网络每隔一段时间（逐次加倍）只能尝试一次（login_slowed）；同一网络对所有用户名的失败次数另有"
                      "上限（STAFF_LOGIN_ADDRESS_FAILURE_LIMIT）。429 的 details.retry_after_seconds 与 Retry-After "
                      "头给出等待秒数。",
          errors=("invalid_credentials", "account_locked", "login_slowed", "too_many_failed_logins",
                  "login_unavailable"))
def staff_login(body: StaffLoginIn):
    token = auth.staff_login(body.username, body.password, limits.client_address())
    staff = auth.authenticate_staff(token, (), password_change_pending_ok=True)
    return {"token": token, "expires_in": current_app.config["STAFF_TOKEN_TTL_SECONDS"],
            "staff": {"id": staff.id, "username": staff.username, "role": staff.role,
                      "display_name": staff.display_name},
            "password_change_required": staff.must_change_password}


@endpoint(bp, "/api/v1/staff/auth/logout", "POST", summary="工作人员退出登录（所有设备上的令牌失效）", tag="staff",
          auth="staff", response=Ok, password_change_pending_ok=True)
def staff_logout(staff):
    auth.staff_logout(staff.id)
    return {"ok": True}


@endpoint(bp, "/api/v1/staff/accounts/<staff_id>/unlock", "POST", summary="解除工作人员账号的登录锁定（管理员）",
          tag="staff", auth="staff", roles=("admin",), body=AccountChangeIn, response=Ok,
          errors=("staff_not_found",))
def unlock_staff(staff_id: str, staff, body: AccountChangeIn):
    auth.unlock_staff(staff_id, staff.id, body.reason)
    return {"ok": True}


@endpoint(bp, "/api/v1/me", summary="当前居民的概况", tag="accounts", response=MeOut)
def me(user_id: str):
    profile = residents.profile(user_id)
    counts = profile.counts
    return {"id": profile.user.id, "public_account": {"followed": profile.user.mp_followed},
            "active_licences": counts["active_licences"], "open_applications": counts["open_applications"],
            "unread_notices": counts["unread_notices"]}


@endpoint(bp, "/api/v1/zones", summary="管理区列表（选择器用）及各区养犬规则", tag="reference", auth="none",
          response=list[Zone])
def zones():
    return [serializers.zone(item) for item in reference.list_zones()]


@endpoint(bp, "/api/v1/breeds", summary="犬种列表（含常用别名与体型）", tag="reference", auth="none",
          response=list[Breed])
def breeds():
    return [{"name": b.name, "aliases": list(b.aliases), "size": b.size} for b in reference.list_breeds()]
