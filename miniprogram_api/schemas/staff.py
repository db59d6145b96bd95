from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from miniprogram_api.schemas.common import In, Out
from miniprogram_api.schemas.licensing import ApplicationOut
from miniprogram_api.schemas.personal_data import StaffOwnerOut


class QueueQuery(In):
    status: Literal["pending_review", "rejected", "awaiting_payment", "issued", "withdrawn"] = "pending_review"
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    offset: Annotated[int, Field(ge=0)] = 0


class QueueItem(Out):
    id: str
    status: str
    round: int
    submitted_at: str
    waiting_seconds: int
    waiting: str = Field(description="已等待时长，如 3天4小时")
    dog_name: str
    breed: str
    breed_recognised: bool = Field(description="品种未能识别时为 false：请对照照片核实是否为禁养犬种")
    zone_code: str
    owner_name: str
    owner_id_number: str


class StaffApplicationOut(ApplicationOut):
    user_id: str
    owner: StaffOwnerOut
    photo_urls: list[str] = Field(description="犬只照片（GET /api/v1/staff/uploads/{id}）")


class RejectReasonOut(Out):
    code: str
    text: str


class StaffInspectionOut(Out):
    id: str
    licence_id: str
    status: str
    previous_expires_on: str
    new_expires_on: str
    created_at: str


class LogoutIn(In):
    everywhere: bool = True


class ReasonText(In):
    reason: Annotated[str, StringConstraints(max_length=500)] = ""
