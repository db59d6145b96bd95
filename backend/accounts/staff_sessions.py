"""Console sessions: staff sign in with their password and the browser keeps a session cookie.

The cookie holds a signed token naming the session row, the staff member and their token version; the row makes
an idle timeout and a per-session logout possible. Requests that change something must also present the session's
CSRF token, an HMAC of the session id under SECRET_KEY: a page on another site can make the browser send the cookie,
but cannot read the token.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from backend.accounts import auth
from backend.accounts.events import STAFF_USER_PASSWORD_CHANGED
from backend.accounts.models.people import StaffUser
from backend.accounts.models.staff_sessions import StaffSession
from backend.accounts.staff_accounts import MIN_PASSWORD_LENGTH
from backend.audit import trail as audit
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.uow import transaction
from backend.core.errors import Forbidden, Unauthorized, ValidationFailed
from backend.core.security import tokens

TOKEN_KIND = "staff-session"  # noqa: S105 - the token salt's name, not a secret
# last_seen_at is written at most this often: an idle timeout of minutes needs no write on every request.
TOUCH_EVERY = timedelta(seconds=30)


@dataclass(frozen=True)
class ConsoleSession:
    staff: StaffUser
    session_id: str
    cookie_token: str | None = None  # set when a new cookie must be sent (sign-in, password change)

    @property
    def csrf_token(self) -> str:
        return csrf_token_for(self.session_id)


def csrf_token_for(session_id: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"csrf:{session_id}".encode(), hashlib.sha256).hexdigest()


def idle_timeout_seconds() -> int:
    return current_app.config["STAFF_SESSION_IDLE_SECONDS"]


def sign_in(username: str, password: str, address: str, user_agent: str = "") -> ConsoleSession:
    """The staff login (with its lock per account and address, and the slow-down), then a session row of our own."""
    bearer = auth.staff_login(username, password, address)
    staff = auth.authenticate_staff(bearer, (), password_change_pending_ok=True)
    with transaction():
        session = StaffSession(staff_id=staff.id, last_seen_at=clock.now(), user_agent=user_agent[:255])
        db.session.add(session)
    return ConsoleSession(staff, session.id, _cookie_token(staff, session.id))


def _cookie_token(staff: StaffUser, session_id: str) -> str:
    return tokens.issue(TOKEN_KIND, {"s": staff.id, "v": staff.token_version, "k": session_id})


def authenticate(cookie_token: str, roles: tuple[str, ...], *, csrf: str | None, needs_csrf: bool,
                 password_change_pending_ok: bool = False) -> ConsoleSession:
    """The session behind a cookie, refused when ended, idle, revoked (password changed, logout everywhere) or,
    for a request that changes something, without its CSRF token."""
    payload = tokens.read(TOKEN_KIND, cookie_token, current_app.config["STAFF_TOKEN_TTL_SECONDS"])
    session = db.session.get(StaffSession, payload.get("k"))
    if session is None or not session.is_live():
        raise Unauthorized("登录已失效，请重新登录", code="session_ended")
    if needs_csrf and not (csrf and hmac.compare_digest(csrf, csrf_token_for(session.id))):
        raise Forbidden("请求校验失败（CSRF），请刷新页面后重试", code="csrf_failed")
    now = clock.now()
    if now - session.last_seen_at > timedelta(seconds=idle_timeout_seconds()):
        _end(session.id, "idle")
        raise Unauthorized("长时间未操作，已自动退出，请重新登录", code="session_idle")
    staff = db.session.get(StaffUser, payload.get("s"))
    if staff is None or not staff.active or staff.token_version != payload.get("v") or session.staff_id != staff.id:
        raise Unauthorized("登录已失效，请重新登录", code="invalid_token")
    auth.check_staff_may_act(staff, roles, password_change_pending_ok)
    if now - session.last_seen_at >= TOUCH_EVERY:
        with transaction():
            db.session.execute(db.update(StaffSession).where(StaffSession.id == session.id)
                               .values(last_seen_at=now))
    return ConsoleSession(staff, session.id)


def sign_out(session_id: str) -> None:
    _end(session_id, "logout")


def _end(session_id: str, reason: str) -> None:
    with transaction():
        db.session.execute(db.update(StaffSession)
                           .where(StaffSession.id == session_id, StaffSession.ended_at.is_(None))
                           .values(ended_at=clock.now(), ended_reason=reason))


def change_own_password(staff_id: str, current_password: str, new_password: str,
                        keep_session_id: str | None) -> ConsoleSession | None:
    """Every other session and every bearer token of this staff member stops working (the token version moves on);
    the session that asked, if any, carries on with a new cookie."""
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"新密码至少{MIN_PASSWORD_LENGTH}位",
                               details={"new_password": f"至少{MIN_PASSWORD_LENGTH}位"})
    if new_password == current_password:
        raise ValidationFailed("新密码不能与原密码相同", details={"new_password": "与原密码相同"})
    with transaction():
        staff = db.session.scalar(db.select(StaffUser).where(StaffUser.id == staff_id).with_for_update())
        if not check_password_hash(staff.password_hash, current_password):
            raise ValidationFailed("原密码不正确", code="wrong_password", details={"current_password": "不正确"})
        staff.password_hash = generate_password_hash(new_password)
        staff.must_change_password = False  # the one-time password an admin gave is replaced
        staff.token_version += 1
        others = db.update(StaffSession).where(StaffSession.staff_id == staff.id, StaffSession.ended_at.is_(None))
        if keep_session_id:
            others = others.where(StaffSession.id != keep_session_id)
        db.session.execute(others.values(ended_at=clock.now(), ended_reason="password_changed"))
        audit.record(STAFF_USER_PASSWORD_CHANGED, staff.id, actor=audit.Actor.staff(staff.id), user_id=None,
                     reason="本人修改密码，其他会话已退出")
    if keep_session_id is None:
        return None
    return ConsoleSession(staff, keep_session_id, _cookie_token(staff, keep_session_id))

