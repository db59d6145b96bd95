"""Staff accounts (created from the CLI; roles decide what each endpoint allows)."""
from __future__ import annotations

from werkzeug.security import generate_password_hash

from backend.accounts.models.people import STAFF_ROLES, StaffUser
from backend.core.errors import Conflict, ValidationFailed
from backend.core.extensions import db
from backend.core.uow import transaction

MIN_PASSWORD_LENGTH = 8


def create_staff(username: str, role: str, password: str, display_name: str = "") -> StaffUser:
    if role not in STAFF_ROLES:
        raise ValidationFailed(f"岗位必须是 {', '.join(STAFF_ROLES)} 之一", details={"role": role})
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"密码至少{MIN_PASSWORD_LENGTH}位", details={"password": "too_short"})
    with transaction():
        if db.session.scalar(db.select(StaffUser.id).where(StaffUser.username == username)):
            raise Conflict("用户名已存在", code="username_taken")
        staff = StaffUser(username=username, role=role, display_name=display_name or username,
                          password_hash=generate_password_hash(password))
        db.session.add(staff)
    return staff


def set_password(username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"密码至少{MIN_PASSWORD_LENGTH}位", details={"password": "too_short"})
    with transaction():
        staff = db.session.scalar(db.select(StaffUser).where(StaffUser.username == username))
        if staff is None:
            raise ValidationFailed("用户名不存在", details={"username": username})
        staff.password_hash = generate_password_hash(password)
        staff.token_version += 1  # signed out everywhere
        staff.login_lock_epoch += 1  # and unlocked from everywhere (backend.accounts.login_guard)


def list_staff() -> list[StaffUser]:
    return list(db.session.scalars(db.select(StaffUser).order_by(StaffUser.role, StaffUser.username)))
