from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from miniprogram_api.schemas import In, Out


class WxLoginIn(In):
    code: Annotated[str, StringConstraints(min_length=1, max_length=128)] = Field(
        description="wx.login() 返回的 code；沙箱中为 sandbox:NAME")


class WxLoginUser(Out):
    id: str


class WxLoginOut(Out):
    token: str
    user: WxLoginUser
    expires_in: int


class StaffLoginIn(In):
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=128)]


class StaffLoginOut(Out):
    token: str
    expires_in: int
    staff: dict
    password_change_required: bool = Field(
        description="使用管理员发放的一次性密码登录：须先 POST /api/v1/staff/password 设置自己的密码，其他接口一律 "
                    "403 password_change_required")


class RevokeTokensIn(In):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = Field(
        default=None, description="为何吊销（记入审计日志），如“手机丢失”")


class RevokedOut(Out):
    user_id: str
    revoked_at: str


class PublicAccount(Out):
    followed: bool


class MeOut(Out):
    id: str
    public_account: PublicAccount
    active_licences: int
    open_applications: int
    unread_notices: int


class NoticeOut(Out):
    id: str
    kind: str
    title: str
    body: str
    page: str | None
    created_at: str
    read: bool
    delivery_status: str
    channel: str | None


class UploadOut(Out):
    upload_id: str
    content_type: str
    size_bytes: int
    width: int
    height: int
