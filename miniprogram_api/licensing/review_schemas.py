from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from backend.core.inputs import Day, Offset
from miniprogram_api.accounts.personal_data_schemas import StaffOwnerOut
from miniprogram_api.licensing.schemas import ApplicationOut
from miniprogram_api.schemas import In, Out


class QueueQuery(In):
    status: Literal["pending_review", "rejected", "awaiting_payment", "issued", "withdrawn"] = "pending_review"
    zone_code: Annotated[str, StringConstraints(max_length=32)] | None = Field(None, description="管理区代码")
    submitted_from: Day | None = Field(None, description="提交日期起（北京时间，含当日）")
    submitted_to: Day | None = Field(None, description="提交日期止（北京时间，含当日）")
    q: Annotated[str, StringConstraints(max_length=40)] | None = Field(
        None, description="搜索：犬名（部分）、犬证号，或主人身份证号末几位（1–4位）")
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    offset: Offset = 0


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


class PrecheckOut(Out):
    code: str
    label: str
    passed: bool
    detail: str


class StaffApplicationOut(ApplicationOut):
    user_id: str
    owner: StaffOwnerOut
    photo_urls: list[str] = Field(description="犬只照片（GET /api/v1/staff/uploads/{id}）")
    zone_name: str | None = None
    waiting_seconds: int | None = Field(None, description="待审核时已等待的秒数")
    checks: list[PrecheckOut] = Field(default_factory=list, description="自动预审结果（按今日规则重新核对）")


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
    licence_no: str | None = None
    dog_name: str | None = None
    breed: str | None = None
    owner_name: str | None = None
    owner_id_number: str | None = Field(None, description="已脱敏")
    zone_code: str | None = None
    vaccination: dict | None = Field(None, description="本次年检提交的狂犬疫苗：certificate_no, clinic, vaccinated_on, "
                                                       "expires_on")
    waiting_seconds: int | None = None
    waiting: str | None = None


class LogoutIn(In):
    everywhere: bool = True


class ReasonText(In):
    reason: Annotated[str, StringConstraints(max_length=500)] = ""
