"""Who is calling: residents through mini-program login, staff through username and password."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from backend import clock, ports
from backend.errors import Forbidden, TooManyRequests, Unauthorized, UpstreamUnavailable
from backend.extensions import db
from backend.models import StaffUser, User
from backend.security import tokens
from backend.uow import transaction


@dataclass(frozen=True)
class LoginResult:
    token: str
    user_id: str
    new_user: bool


def wx_login(code: str) -> LoginResult:
    """Exchange a wx.login code for our own token. The WeChat session key is never stored or returned."""
    try:
        session = ports.get("mini_login").code_to_session(code)
    except ValueError as exc:
        raise Unauthorized("微信登录凭证无效或已过期，请重新进入小程序", code="invalid_login_code") from exc
    except ConnectionError as exc:
        raise UpstreamUnavailable() from exc
    with transaction():
        user, created = _find_or_create_resident(session.openid, session.unionid)
        user.last_login_at = clock.now()
    token = tokens.issue("resident", {"u": user.id})
    return LoginResult(token=token, user_id=user.id, new_user=created)


def _find_or_create_resident(openid: str, unionid: str | None) -> tuple[User, bool]:
    user = db.session.scalar(db.select(User).where(User.mini_openid == openid))
    if user is None and unionid:
        # Followed the public account before opening the mini-program: same person, one record.
        user = db.session.scalar(db.select(User).where(User.unionid == unionid))
    created = user is None
    if created:
        user = User()
        db.session.add(user)
    user.mini_openid = openid
    if unionid:
        user.unionid = unionid
    db.session.flush()
    return user, created


def resident_id_from_token(token: str) -> str:
    payload = tokens.read("resident", token, current_app.config["RESIDENT_TOKEN_TTL_SECONDS"])
    return payload["u"]


def get_resident(user_id: str) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise Unauthorized("账号不存在，请重新登录", code="invalid_token")
    return user


def staff_login(username: str, password: str) -> str:
    """Check the password; lock the account for a while after repeated failures (guessing).

    The outcome is decided and committed first, then refused: raising inside the transaction would roll back
    the failure count and let guessing go on for ever.
    """
    with transaction():
        staff = db.session.scalar(
            db.select(StaffUser).where(StaffUser.username == username).with_for_update())
        outcome = _check_staff_password(staff, password)
    if outcome == "locked":
        raise TooManyRequests("登录失败次数过多，账号已暂时锁定，请稍后再试", code="account_locked")
    if outcome != "ok":
        raise Unauthorized("用户名或密码错误", code="invalid_credentials")
    return tokens.issue("staff", {"s": staff.id, "v": staff.token_version})


# Checked when the username is unknown too, so response time does not tell which usernames exist.
_DUMMY_HASH = generate_password_hash("dogpass-not-a-password")


def _check_staff_password(staff: StaffUser | None, password: str) -> str:
    if staff is None:
        check_password_hash(_DUMMY_HASH, password)
        return "unknown"
    if staff.is_locked():
        return "locked"
    if not check_password_hash(staff.password_hash, password) or not staff.active:
        staff.failed_logins += 1
        if staff.failed_logins >= current_app.config["STAFF_LOGIN_MAX_FAILURES"]:
            minutes = current_app.config["STAFF_LOGIN_LOCK_MINUTES"]
            staff.locked_until = clock.now() + timedelta(minutes=minutes)
            staff.failed_logins = 0
        return "bad"
    staff.failed_logins = 0
    staff.locked_until = None
    staff.last_login_at = clock.now()
    return "ok"


def authenticate_staff(token: str, roles: tuple[str, ...]) -> StaffUser:
    payload = tokens.read("staff", token, current_app.config["STAFF_TOKEN_TTL_SECONDS"])
    staff = db.session.get(StaffUser, payload.get("s"))
    if staff is None or not staff.active or staff.token_version != payload.get("v"):
        raise Unauthorized("登录已失效，请重新登录", code="invalid_token")
    if roles and not staff.has_role(*roles):
        raise Forbidden("您的岗位无权执行此操作", code="role_required", details={"roles": list(roles)})
    return staff


def staff_logout(staff_id: str) -> None:
    with transaction():
        staff = db.session.get(StaffUser, staff_id)
        staff.token_version += 1
