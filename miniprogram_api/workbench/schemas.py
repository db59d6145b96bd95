"""The console's 工作台 and 犬证 pages (issue 16): counts of waiting work, the licence search, a licence's file."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from backend.core.inputs import Offset
from backend.licensing.models.licences import LICENCE_STATUSES
from backend.workbench import CARDS
from miniprogram_api.accounts.personal_data_schemas import StaffOwnerOut
from miniprogram_api.licensing.schemas import DogOut, VaccinationOut
from miniprogram_api.schemas import In, Out

CardKey = Literal[tuple(card.key for card in CARDS)]  # type: ignore[valid-type]
LicenceStatus = Literal[LICENCE_STATUSES]  # type: ignore[valid-type]


class WorkbenchCard(Out):
    key: CardKey = Field(description="applications_pending 待审核犬证申请 / inspections_pending 待审核年检 / "
                                     "conversations_unanswered 未回复会话 / "
                                     "conversations_closing 6小时内关闭回复窗口的会话 / "
                                     "adoptions_pending 待审核领养申请 / strays_received 待派单流浪犬报告 / "
                                     "refunds_stuck 处理超过1小时的退款 / orders_unpaid 超过1天未缴费的订单")
    title: str
    count: int
    oldest_at: str | None = Field(description="等待最久的一件开始等待的时间；没有待办时为 null")
    waiting_seconds: int | None = Field(description="等待最久的一件已等待的秒数")
    waiting: str | None = Field(description="同上，如 2天3小时")
    closes_at: str | None = Field(description="最早的截止时间（回复窗口关闭时间）；其他卡片为 null")


class WorkbenchOut(Out):
    now: str
    role: str
    cards: list[WorkbenchCard] = Field(description="本岗位的待办（管理员看到全部）")


class LicenceSearchQuery(In):
    q: Annotated[str, StringConstraints(min_length=1, max_length=200)] = Field(
        description="犬证号、犬牌令牌（或犬牌二维码中的网址）、芯片号、主人身份证号末2–4位或脱敏后的身份证号")
    status: LicenceStatus | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 20
    offset: Offset = 0


class LicenceHitOut(Out):
    id: str
    licence_no: str
    status: LicenceStatus
    issued_on: str
    expires_on: str
    dog_name: str
    breed: str
    chip_no: str | None
    owner_name: str
    owner_id_number: str = Field(description="已脱敏")
    zone_code: str


class StaffLicenceDogOut(DogOut):
    photo_urls: list[str] = Field(description="犬只照片（GET /api/v1/staff/uploads/{id}）")


class StaffVaccinationOut(VaccinationOut):
    valid: bool = Field(description="今天是否在免疫有效期内")


class TimelineEntryOut(Out):
    at: str
    subject: Literal["licence", "application", "inspection", "transfer", "order", "lost_report", "personal_data"] = \
        Field(description="记录类别：犬证、申请、年检、过户、缴费订单、走失登记；"
                          "personal_data 为查看完整个人信息的留痕")
    subject_id: str
    action: str = Field(description="如 issued 签发、renewed 年检延期、transferred 过户、cancelled 注销、"
                                    "revealed 查看完整信息")
    from_: str | None = Field(alias="from")
    to: str | None
    reason: str | None
    actor_type: Literal["resident", "staff", "system"]
    actor_name: str = Field(description="工作人员姓名；居民、系统")
    data: dict = Field(description="该步的事实（犬证号、有效期、金额（分）、渠道等），从不含居民个人信息")


class StaffLicenceOut(Out):
    id: str
    licence_no: str
    status: LicenceStatus
    valid: bool = Field(description="今天是否在有效期内")
    issued_on: str
    expires_on: str
    cancelled_at: str | None
    cancel_reason: str | None = Field(description="注销原因（中文）")
    lost: bool = Field(description="是否有未结束的走失登记")
    application_id: str | None
    dog: StaffLicenceDogOut
    owner: StaffOwnerOut
    zone_name: str | None
    vaccination: StaffVaccinationOut
    tag_token: str
    tag_url: str = Field(description="公开犬牌页网址（犬牌二维码的内容）")
    qrcode_url: str = Field(description="犬牌二维码 PNG（工作人员）")
    timeline: list[TimelineEntryOut] = Field(description="全部操作记录，最早的在前")
