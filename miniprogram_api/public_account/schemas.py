from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from backend.core.inputs import Offset, rules
from miniprogram_api.schemas import In, Out

ReplyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]


class ReplyIn(In):
    text: ReplyText = Field(description="回复内容（客服消息，600字以内）")


class InboxQuery(In):
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    offset: Offset = 0


class MessageOut(Out):
    id: str
    direction: str = Field(description="in：粉丝发来；out：我们发出")
    kind: str
    content: str
    status: str
    staff_id: str | None
    error: str | None
    created_at: str


class ReplyWindow(Out):
    open: bool
    closes_at: str | None
    replies_left: int


class ConversationSummary(Out):
    id: str
    user_id: str
    linked_resident: bool = Field(description="是否已关联小程序用户")
    unanswered: bool
    waiting_seconds: int | None
    waiting: str | None
    last_message: MessageOut | None
    reply_window: ReplyWindow


class ConversationOut(ConversationSummary):
    messages: list[MessageOut]


TemplateId = Annotated[str, StringConstraints(max_length=64)]
GrantAnswer = Literal["accept", "reject", "ban", "filter"]


class GrantsIn(In):
    results: dict[TemplateId, GrantAnswer] = Field(
        description="wx.requestSubscribeMessage 的结果：模板ID → accept/reject/ban/filter",
        json_schema_extra=rules("模板ID须为 GET /api/v1/subscriptions 列出的可订阅模板"))


class GrantsOut(Out):
    templates: list[str] = Field(description="可订阅的模板ID")
    open_grants: dict[str, int] = Field(description="每个模板尚未使用的授权次数")
