"""The staff console's session endpoints and the staff account list."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from miniprogram_api.schemas import In, Out

Role = Literal["admin", "reviewer", "shelter", "dispatcher", "service", "leader"]


class StaffMember(Out):
    id: str
    username: str
    display_name: str
    role: Role


class SessionOut(Out):
    staff: StaffMember
    csrf_token: str | None = Field(
        description="会话的 CSRF 令牌：使用 Cookie 会话时，每个修改数据的请求须在 X-CSRF-Token 头中带上它；"
                    "使用 Bearer 令牌时为空")
    idle_timeout_seconds: int = Field(description="会话闲置超过此秒数即失效，须重新登录")
    password_change_required: bool = Field(
        description="使用管理员发放的一次性密码登录：须先修改密码（POST /api/v1/staff/password），其他接口一律 "
                    "403 password_change_required")


class PasswordChangeIn(In):
    current_password: Annotated[str, StringConstraints(min_length=1, max_length=128)]
    new_password: Annotated[str, StringConstraints(min_length=1, max_length=128)]


class StaffAccountOut(StaffMember):
    active: bool
    last_login_at: str | None
    created_at: str
