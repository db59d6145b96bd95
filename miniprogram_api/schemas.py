from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class Out(BaseModel):
    """Response models describe what we send; they accept extra fields so additions never break old clients."""
    model_config = ConfigDict(extra="allow")


class In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ErrorDetail(Out):
    code: str = Field(description="机器可读的错误代码（snake_case）")
    message: str = Field(description="中文说明")
    details: dict = Field(default_factory=dict, description="出错字段等细节")


class ErrorResponse(Out):
    error: ErrorDetail


class Health(Out):
    status: Literal["ok"]


class Readiness(Out):
    status: Literal["ready"]
    checks: dict[str, Literal["ok", "down", "not_configured"]] = Field(
        description="database、redis、broker 各自的状态；未配置的一项为 not_configured")


class HistoryEntry(Out):
    action: str
    from_: str | None = Field(alias="from")
    to: str | None
    by: Literal["resident", "staff", "system"]
    reason: str | None
    at: str = Field(description="ISO 8601，含 +08:00")


class Zone(Out):
    code: str
    name: str
    kind: Literal["key", "general"]
    district: str
    max_dogs_per_household: int | None
    banned_breeds: list[str]


class Breed(Out):
    name: str
    aliases: list[str]
    size: str


class Ok(Out):
    ok: bool = True


Paging = Annotated[int, Field(ge=1, le=200)]


class PageQuery(In):
    limit: Paging = 50
    before: Annotated[str, StringConstraints(max_length=26)] | None = None
