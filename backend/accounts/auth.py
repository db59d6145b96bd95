"""Who is calling: residents through mini-program login, staff through username and password."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from backend.accounts import login_guard, revocation
from backend.accounts.events import (
    STAFF_USER_LOGIN_LOCKED,
    STAFF_USER_LOGIN_SLOWED,
    STAFF_USER_LOGIN_UNLOCKED,
    USER_LOGGED_OUT,
    USER_TOKENS_REVOKED,
)
from backend.accounts.models.people import StaffUser, User
from backend.audit import trail as audit
from backend.core import clock, ports
from backend.core.database.extensions import db
from backend.core.database.uow import after_commit, transaction
from backend.core.errors import Forbidden, NotFound, Unauthorized, UpstreamUnavailable
from backend.core.events import EventName
from backend.core.security import tokens


@dataclass(frozen=True)
class LoginResult:
    token: str
    user_id: str
    new_user: bool


def wx_login(code: str, address: str) -> LoginResult:
    """Exchange a wx.login code for our own token. The WeChat session key is never stored or returned.

    Only refused codes count against the client's address (login_guard): genuine logins are never throttled."""
    login_guard.wx_login_allowed(address)
    try:
        session = ports.get(ports.MiniProgramLogin).code_to_session(code)
    except ValueError as exc:
        login_guard.wx_login_failed(address)
        raise Unauthorized("微信登录凭证无效或已过期，请重新进入小程序", code="invalid_login_code") from exc
    except ConnectionError as exc:
        raise UpstreamUnavailable() from exc
    with transaction():
        user, created = _find_or_create_resident(session.openid, session.unionid)
        user.last_login_at = clock.now()
    token = tokens.issue("resident", {"u": user.id, "v": user.token_version})
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
    """The resident a token speaks for, if it is signed, fresh, and of the resident's current token version (a
    token from before a logout or revoke-all is refused on every node at once; tokens from before versions
    existed carry none and count as version 0)."""
    payload = tokens.read("resident", token, current_app.config["RESIDENT_TOKEN_TTL_SECONDS"])
    user_id = payload["u"]
    if revocation.current_version(user_id) != payload.get("v", 0):
        raise Unauthorized("登录已失效，请重新登录", code="token_revoked")
    return user_id


def resident_logout(user_id: str) -> None:
    """Sign the resident out everywhere: every token issued so far stops working (the mini-program logs in again
    silently with a new wx.login code when it needs to)."""
    _revoke_resident_tokens(user_id, audit.Actor.resident(user_id), USER_LOGGED_OUT, None)


def revoke_resident_tokens(user_id: str, staff_id: str, reason: str | None) -> datetime:
    """An admin's revoke-all (a stolen phone, a token seen where it should not be). 404 for an unknown resident."""
    return _revoke_resident_tokens(user_id, audit.Actor.staff(staff_id), USER_TOKENS_REVOKED, reason)


def _revoke_resident_tokens(user_id: str, actor: audit.Actor, event: EventName, reason: str | None) -> datetime:
    with transaction():
        user = db.session.get(User, user_id, with_for_update=True)
        if user is None:
            raise NotFound("居民不存在", code="resident_not_found")
        user.token_version += 1
        version = user.token_version
        at = audit.record(event, user.id, actor=actor, user_id=user.id, reason=reason,
                          data={"token_version": version}).at
        after_commit(lambda: revocation.published(user_id, version))
    return at


def get_resident(user_id: str) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise Unauthorized("账号不存在，请重新登录", code="invalid_token")
    return user


def staff_login(username: str, password: str, address: str) -> str:
    """Check the password, unless the login rules refuse the attempt first (login_guard: lock per account and
    address, slow-down per account, a failure budget per address). Refused attempts test no password."""
    with transaction():  # a short read: no transaction stays open while the password is hashed
        staff = db.session.execute(
            db.select(StaffUser.id, StaffUser.password_hash, StaffUser.active, StaffUser.login_lock_epoch)
            .where(StaffUser.username == username)).first()
    subject = login_guard.staff_subject(staff.id if staff else None, username)
    attempt = login_guard.begin_staff_attempt(subject, staff.login_lock_epoch if staff else 0, address)
    if not _password_matches(staff, password):
        lock, slowed_from = attempt.failed()
        if staff is not None and (lock or slowed_from):
            _record_login_guard(staff.id, address, lock, slowed_from)
        raise Unauthorized("用户名或密码错误", code="invalid_credentials")
    attempt.succeeded()
    with transaction():
        signed_in = db.session.get(StaffUser, staff.id)
        signed_in.last_login_at = clock.now()
        token = tokens.issue("staff", {"s": signed_in.id, "v": signed_in.token_version})
    return token


# Checked when the username is unknown too, so response time does not tell which usernames exist.
_DUMMY_HASH = generate_password_hash("dogpass-not-a-password")


def _password_matches(staff, password: str) -> bool:
    if staff is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(staff.password_hash, password) and staff.active


def _record_login_guard(staff_id: str, address: str, lock: login_guard.StaffLock | None,
                        slowed_from: int | None) -> None:
    """Every lock in the audit log: whose account, from which address, until when; and when the account's
    slow-down begins (failures from many addresses: somebody is guessing)."""
    with transaction():
        if lock is not None:
            audit.record(STAFF_USER_LOGIN_LOCKED, staff_id, actor=audit.Actor.system(), user_id=None,
                         reason="连续输错密码", data={"address": lock.address, "until": clock.isoformat(lock.until)})
        if slowed_from is not None:
            audit.record(STAFF_USER_LOGIN_SLOWED, staff_id, actor=audit.Actor.system(), user_id=None,
                         reason="多处来源连续输错密码", data={"failures": slowed_from, "last_address": address})


def unlock_staff(staff_id: str, admin_id: str, reason: str) -> None:
    """An admin lets the account try again from everywhere: its login counters start from nothing."""
    with transaction():
        staff = db.session.get(StaffUser, staff_id, with_for_update=True)
        if staff is None:
            raise NotFound("工作人员账号不存在", code="staff_not_found")
        staff.login_lock_epoch += 1
        audit.record(STAFF_USER_LOGIN_UNLOCKED, staff.id, actor=audit.Actor.staff(admin_id), user_id=None,
                     reason=reason, data={"epoch": staff.login_lock_epoch, "username": staff.username})


def authenticate_staff(token: str, roles: tuple[str, ...], *, password_change_pending_ok: bool = False) -> StaffUser:
    payload = tokens.read("staff", token, current_app.config["STAFF_TOKEN_TTL_SECONDS"])
    staff = db.session.get(StaffUser, payload.get("s"))
    if staff is None or not staff.active or staff.token_version != payload.get("v"):
        raise Unauthorized("登录已失效，请重新登录", code="invalid_token")
    check_staff_may_act(staff, roles, password_change_pending_ok)
    return staff


def check_staff_may_act(staff: StaffUser, roles: tuple[str, ...], password_change_pending_ok: bool) -> None:
    """A one-time password from an admin opens only the password change (and the session's own endpoints);
    then the role decides."""
    if staff.must_change_password and not password_change_pending_ok:
        raise Forbidden("首次登录或密码被重置后，须先修改密码", code="password_change_required")
    if roles and not staff.has_role(*roles):
        raise Forbidden("您的岗位无权执行此操作", code="role_required", details={"roles": list(roles)})


def staff_logout(staff_id: str) -> None:
    with transaction():
        staff = db.session.get(StaffUser, staff_id)
        staff.token_version += 1
