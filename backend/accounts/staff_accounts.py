"""Staff accounts: made on the server (CLI) or by an admin in the console (系统 › 工作人员, issue 16).

Every change an admin makes names who, when and why in the audit log (`staff_user` entries). A password an admin
issues — for a new account, or a reset — is a one-time password: generated here, shown to the admin once, never
stored in clear, and the member must choose their own at the next sign-in (`must_change_password`) before any
endpoint but the password change answers them.

There is always an admin: changes that take the admin role away (a demotion, disabling) run under one named lock,
re-check that the admin acting still is one, and are refused when no active admin would be left — so two admins
demoting each other at the same moment cannot both succeed.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy.exc import IntegrityError
from werkzeug.security import generate_password_hash

from backend.accounts import events
from backend.accounts.models.people import STAFF_ROLES, StaffUser
from backend.accounts.models.staff_sessions import StaffSession
from backend.audit import trail as audit
from backend.audit.models import StatusChange
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.locks import lock_keys, locked_row
from backend.core.database.uow import retrying, transaction
from backend.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from backend.core.events import EventName

MIN_PASSWORD_LENGTH = 8
ENTITY = "staff_user"
# No 0/O, 1/l/I: the admin reads the password out or writes it down for the new colleague.
ONE_TIME_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"
ONE_TIME_LENGTH = 12


def create_staff(username: str, role: str, password: str, display_name: str = "",
                 reason: str | None = None) -> StaffUser:
    """From the server's command line (and the demo seed, and tests): the password is the operator's choice.
    With a reason (the CLI gives one) the creation is audited, as the system's act."""
    if role not in STAFF_ROLES:
        raise ValidationFailed(f"岗位必须是 {', '.join(STAFF_ROLES)} 之一", details={"role": role})
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"密码至少{MIN_PASSWORD_LENGTH}位", details={"password": "too_short"})
    with transaction():
        staff = _insert(username, role, display_name, password, must_change=False)
        if reason:
            audit.record(events.STAFF_USER_CREATED, staff.id, actor=audit.Actor.system(), user_id=None, to_status=role,
                         reason=reason, data={"username": username, "role": role})
    return staff


def set_password(username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"密码至少{MIN_PASSWORD_LENGTH}位", details={"password": "too_short"})
    with transaction():
        staff = db.session.scalar(db.select(StaffUser).where(StaffUser.username == username))
        if staff is None:
            raise ValidationFailed("用户名不存在", details={"username": username})
        staff.password_hash = generate_password_hash(password)
        staff.must_change_password = False
        staff.token_version += 1  # signed out everywhere
        staff.login_lock_epoch += 1  # and unlocked from everywhere (backend.accounts.login_guard)
        audit.record(events.STAFF_USER_PASSWORD_SET, staff.id, actor=audit.Actor.system(), user_id=None,
                     reason="服务器命令行设置密码", data={"username": staff.username})


def list_staff() -> list[StaffUser]:
    return list(db.session.scalars(db.select(StaffUser).order_by(StaffUser.role, StaffUser.username)))


# What an admin does in the console ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Issued:
    """An account with the one-time password just given to it (to be shown to the admin once)."""
    staff: StaffUser
    password: str


def one_time_password() -> str:
    while True:
        candidate = "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(ONE_TIME_LENGTH))
        if any(c.isdigit() for c in candidate) and any(c.isalpha() for c in candidate):
            return candidate


@retrying
def create_by_admin(admin_id: str, username: str, role: str, display_name: str, reason: str) -> Issued:
    password = one_time_password()
    with transaction():
        _acting_admin(admin_id)
        staff = _insert(username, role, display_name, password, must_change=True)
        audit.record(events.STAFF_USER_CREATED, staff.id, actor=audit.Actor.staff(admin_id), user_id=None,
                     to_status=role, reason=reason,
                     data={"username": username, "role": role, "display_name": display_name})
    return Issued(staff, password)


def _insert(username: str, role: str, display_name: str, password: str, *, must_change: bool) -> StaffUser:
    # Case-blind: MariaDB's collation finds "Li.Shen" as "li.shen" at sign-in, so they must not be two accounts.
    taken = db.session.scalar(db.select(StaffUser.id).where(db.func.lower(StaffUser.username) == username.lower()))
    if taken:
        raise Conflict("用户名已存在", code="username_taken", details={"username": username})
    staff = StaffUser(username=username, role=role, display_name=display_name or username,
                      password_hash=generate_password_hash(password), must_change_password=must_change)
    db.session.add(staff)
    try:
        db.session.flush()  # two admins creating the same name at once: the unique key decides
    except IntegrityError as exc:
        raise Conflict("用户名已存在", code="username_taken", details={"username": username}) from exc
    return staff


@retrying
def change_role(admin_id: str, staff_id: str, role: str, reason: str) -> StaffUser:
    """The member signs in again (their sessions and tokens end) and sees the menus of the new role."""
    def change(staff: StaffUser) -> tuple[str, str]:
        if staff.role == role:
            raise Conflict("岗位未变化", code="role_unchanged", details={"role": role})
        previous, staff.role = staff.role, role
        _sign_out_everywhere(staff, "role_changed")
        return previous, role

    return _admin_change(admin_id, staff_id, events.STAFF_USER_ROLE_CHANGED, reason, change)


@retrying
def disable(admin_id: str, staff_id: str, reason: str) -> StaffUser:
    """At once: every session and bearer token of the account stops working, and it cannot sign in."""
    if staff_id == admin_id:
        raise Conflict("不能停用自己的账号，请由其他管理员操作", code="cannot_disable_self")

    def change(staff: StaffUser) -> tuple[str, str]:
        if not staff.active:
            raise Conflict("账号已是停用状态", code="already_disabled")
        staff.active = False
        _sign_out_everywhere(staff, "disabled")
        return "active", "disabled"

    return _admin_change(admin_id, staff_id, events.STAFF_USER_DISABLED, reason, change)


@retrying
def enable(admin_id: str, staff_id: str, reason: str) -> StaffUser:
    def change(staff: StaffUser) -> tuple[str, str]:
        if staff.active:
            raise Conflict("账号已是正常状态", code="already_active")
        staff.active = True
        return "disabled", "active"

    return _admin_change(admin_id, staff_id, events.STAFF_USER_ENABLED, reason, change)


@retrying
def reset_password(admin_id: str, staff_id: str, reason: str) -> Issued:
    """A one-time password; the member is signed out everywhere, any login lock lifted, and must choose their own
    password at the next sign-in. An admin changes their own password with 修改密码 instead."""
    if staff_id == admin_id:
        raise Conflict("请通过“修改密码”修改自己的密码", code="cannot_reset_own_password")
    password = one_time_password()

    def change(staff: StaffUser) -> tuple[None, None]:
        staff.password_hash = generate_password_hash(password)
        staff.must_change_password = True
        staff.login_lock_epoch += 1
        _sign_out_everywhere(staff, "password_reset")
        return None, None

    return Issued(_admin_change(admin_id, staff_id, events.STAFF_USER_PASSWORD_RESET, reason, change), password)


def _admin_change(admin_id: str, staff_id: str, event: EventName, reason: str,
                  change: Callable[[StaffUser], tuple[str | None, str | None]]) -> StaffUser:
    with transaction():
        lock_keys("staff", ["admins"])  # every change of who is an admin queues here
        _acting_admin(admin_id)
        staff = locked_row(StaffUser, staff_id)
        if staff is None:
            raise NotFound("工作人员账号不存在", code="staff_not_found")
        from_status, to_status = change(staff)
        db.session.flush()
        if _active_admins() == 0:
            raise Conflict("系统中至少要保留一名在用的管理员", code="last_admin")
        audit.record(event, staff.id, actor=audit.Actor.staff(admin_id), user_id=None,
                     from_status=from_status, to_status=to_status, reason=reason,
                     data={"username": staff.username, "role": staff.role})
    return staff


def _acting_admin(admin_id: str) -> StaffUser:
    """Read again under the lock: an admin demoted or disabled a moment ago acts no more."""
    admin = locked_row(StaffUser, admin_id)
    if admin is None or not admin.active or admin.role != "admin":
        raise Forbidden("您的岗位无权执行此操作", code="role_required", details={"roles": ["admin"]})
    return admin


def _active_admins() -> int:
    return db.session.scalar(db.select(db.func.count(StaffUser.id))
                             .where(StaffUser.role == "admin", StaffUser.active.is_(True)))


def _sign_out_everywhere(staff: StaffUser, why: str) -> None:
    staff.token_version += 1  # every bearer token and session cookie carries the old version
    db.session.execute(db.update(StaffSession).where(StaffSession.staff_id == staff.id,
                                                     StaffSession.ended_at.is_(None))
                       .values(ended_at=clock.now(), ended_reason=why))


# Login locks, as the audit log tells them ------------------------------------------------------------------------

@dataclass(frozen=True)
class LoginLock:
    address: str
    until: datetime


LIFTED_BY = ("login_unlocked", "password_reset", "password_set")


def login_locks() -> dict[str, list[LoginLock]]:
    """Each account's locks still running, by staff id. The counters themselves live in the throttle storage per
    account and address (backend.accounts.login_guard); every lock is audited with its address and end, and an
    unlock or a new password lifts all earlier ones, so the log tells which still hold without reading Redis."""
    now = clock.now()
    since = now - timedelta(minutes=current_app.config["STAFF_LOGIN_LOCK_MINUTES"])
    rows = db.session.execute(db.select(StatusChange.entity_id, StatusChange.action, StatusChange.at,
                                        StatusChange.data)
                              .where(StatusChange.entity_type == ENTITY,
                                     StatusChange.action.in_(("login_locked", *LIFTED_BY)),
                                     StatusChange.at >= since)
                              .order_by(StatusChange.at))
    locks: dict[str, list[LoginLock]] = {}
    for staff_id, action, _at, data in rows:
        if action in LIFTED_BY:
            locks.pop(staff_id, None)
            continue
        until = datetime.fromisoformat(data["until"])
        if until > now:
            locks.setdefault(staff_id, []).append(LoginLock(data.get("address", ""), until))
    return locks
