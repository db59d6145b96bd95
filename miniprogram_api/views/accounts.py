"""Logging in (residents through WeChat, staff with a password) and the resident's own profile."""
from flask import Blueprint, current_app

from backend.services import auth, reference, residents
from miniprogram_api import serializers
from miniprogram_api.routing import endpoint
from miniprogram_api.schemas.accounts import MeOut, StaffLoginIn, StaffLoginOut, WxLoginIn, WxLoginOut
from miniprogram_api.schemas.common import Breed, Ok, Zone

bp = Blueprint("accounts", __name__)


@endpoint(bp, "/api/v1/auth/wx-login", "POST", summary="小程序登录：用 wx.login 的 code 换取 DogPass 令牌",
          tag="accounts", auth="none", body=WxLoginIn, response=WxLoginOut, limit="30/minute",
          errors=("invalid_login_code", "upstream_unavailable"))
def wx_login(body: WxLoginIn):
    result = auth.wx_login(body.code)
    return {"token": result.token, "user": {"id": result.user_id},
            "expires_in": current_app.config["RESIDENT_TOKEN_TTL_SECONDS"]}


@endpoint(bp, "/api/v1/staff/auth/login", "POST", summary="工作人员登录（多次失败将暂时锁定）", tag="staff",
          auth="none", body=StaffLoginIn, response=StaffLoginOut, limit="10/minute",
          errors=("invalid_credentials", "account_locked"))
def staff_login(body: StaffLoginIn):
    token = auth.staff_login(body.username, body.password)
    staff = auth.authenticate_staff(token, ())
    return {"token": token, "expires_in": current_app.config["STAFF_TOKEN_TTL_SECONDS"],
            "staff": {"id": staff.id, "username": staff.username, "role": staff.role,
                      "display_name": staff.display_name}}


@endpoint(bp, "/api/v1/staff/auth/logout", "POST", summary="工作人员退出登录（所有设备上的令牌失效）", tag="staff",
          auth="staff", response=Ok)
def staff_logout(staff):
    auth.staff_logout(staff.id)
    return {"ok": True}


@endpoint(bp, "/api/v1/me", summary="当前居民的概况", tag="accounts", response=MeOut)
def me(user_id: str):
    profile = residents.profile(user_id)
    return {"id": profile.user.id, "public_account": {"followed": profile.user.mp_followed},
            "active_licences": profile.active_licences, "open_applications": profile.open_applications,
            "unread_notices": profile.unread_notices}


@endpoint(bp, "/api/v1/zones", summary="管理区列表（选择器用）及各区养犬规则", tag="reference", auth="none",
          response=list[Zone])
def zones():
    return [serializers.zone(item) for item in reference.list_zones()]


@endpoint(bp, "/api/v1/breeds", summary="犬种列表（含常用别名与体型）", tag="reference", auth="none",
          response=list[Breed])
def breeds():
    return [{"name": b.name, "aliases": list(b.aliases), "size": b.size} for b in reference.list_breeds()]
