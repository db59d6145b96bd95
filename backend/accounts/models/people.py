"""Residents (WeChat users) and staff accounts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.database.base import Base, Timestamps, id_column

# leader (issue 17): the city's leaders, who read the dashboard (数据看板) and export its numbers, and nothing else.
STAFF_ROLES = ("admin", "reviewer", "shelter", "dispatcher", "service", "leader")


class User(Timestamps, Base):
    """A resident, known by the mini-program openid; linked to the public-account follower through the unionid."""

    __tablename__ = "users"

    id: Mapped[str] = id_column()
    mini_openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    mp_openid: Mapped[str | None] = mapped_column(String(64), unique=True)
    unionid: Mapped[str | None] = mapped_column(String(64), unique=True)
    mp_followed: Mapped[bool] = mapped_column(default=False)
    mp_followed_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    # Every resident token carries the version it was issued under; logout and an admin's revoke-all raise it,
    # and tokens of an older version are refused (backend.accounts.revocation).
    token_version: Mapped[int] = mapped_column(default=0, server_default="0")


class StaffUser(Timestamps, Base):
    __tablename__ = "staff_users"

    id: Mapped[str] = id_column()
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    token_version: Mapped[int] = mapped_column(default=1)
    # Raised by an admin's unlock or a new password: the login counters (backend.accounts.login_guard, kept in
    # the throttle storage, per account and address) start again.
    login_lock_epoch: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set when an admin made the account or reset its password (a one-time password, shown to the admin once):
    # until the member chooses a password of their own, every endpoint but the password change refuses them.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default="0")
    last_login_at: Mapped[datetime | None]

    def has_role(self, *roles: str) -> bool:
        """Admins may do everything; everybody else only what their role names."""
        return self.active and (self.role == "admin" or self.role in roles)
