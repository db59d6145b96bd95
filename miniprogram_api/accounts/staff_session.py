"""The staff console's session: sign in (cookie), who am I, sign out, change one's own password."""
from flask import Blueprint, after_this_request, request

from backend.accounts import staff_sessions
from miniprogram_api import limits
from miniprogram_api.accounts import console_session
from miniprogram_api.accounts.console_schemas import PasswordChangeIn, SessionOut
from miniprogram_api.accounts.schemas import StaffLoginIn
from miniprogram_api.routing import endpoint
from miniprogram_api.schemas import Ok

bp = Blueprint("staff_session", __name__)


def _session_body(staff, session_id: str | None) -> dict:
    return {"staff": {"id": staff.id, "username": staff.username, "display_name": staff.display_name,
                      "role": staff.role},
            "csrf_token": staff_sessions.csrf_token_for(session_id) if session_id else None,
            "idle_timeout_seconds": staff_sessions.idle_timeout_seconds(),
            "password_change_required": staff.must_change_password}


@endpoint(bp, "/api/v1/staff/session", "POST", summary="控制台登录：校验用户名和密码，会话保存在 HttpOnly Cookie 中",
          tag="staff", auth="none", body=StaffLoginIn, response=SessionOut, limit="60/minute",
          description="与 POST /api/v1/staff/auth/login 同一套锁定与限速规则（按账号和来源网络）。",
          errors=("invalid_credentials", "account_locked", "login_slowed", "too_many_failed_logins",
                  "login_unavailable", "csrf_failed"))
def sign_in(body: StaffLoginIn):
    console_session.check_same_origin()  # no signing in a victim to our console from another site's page
    session = staff_sessions.sign_in(body.username, body.password, limits.client_address(),
                                     request.user_agent.string or "")
    after_this_request(lambda response: console_session.set_cookies(response, session))
    return _session_body(session.staff, session.session_id)


@endpoint(bp, "/api/v1/staff/session", summary="当前登录的工作人员（控制台启动时调用）", tag="staff", auth="staff",
          response=SessionOut, errors=("session_idle", "session_ended"), password_change_pending_ok=True)
def current_session(staff):
    return _session_body(staff, console_session.current_session_id())


@endpoint(bp, "/api/v1/staff/session", "DELETE", summary="控制台退出登录（仅结束本会话；会话已失效时只清除 Cookie）",
          tag="staff", auth="none", response=Ok, errors=("csrf_failed",))
def sign_out():
    console_session.end_current_session()
    after_this_request(console_session.clear_cookies)
    return {"ok": True}


@endpoint(bp, "/api/v1/staff/password", "POST", summary="修改本人密码（其他会话和所有令牌随即失效）", tag="staff",
          auth="staff", body=PasswordChangeIn, response=Ok, caller_limit="10/minute",
          errors=("wrong_password", "csrf_failed"), password_change_pending_ok=True)
def change_password(staff, body: PasswordChangeIn):
    session = staff_sessions.change_own_password(staff.id, body.current_password, body.new_password,
                                                 console_session.current_session_id())
    if session is not None:
        after_this_request(lambda response: console_session.set_cookies(response, session))
    return {"ok": True}
