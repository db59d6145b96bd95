"""Response models for the shelter, open days, bookings and adoption."""
from __future__ import annotations

from pydantic import Field

from miniprogram_api.accounts.personal_data_schemas import StaffOwnerOut
from miniprogram_api.schemas import Out


class PublicDogOut(Out):
    id: str
    dog_no: str
    name: str
    breed: str
    sex: str
    colour: str
    size: str
    age_months: int = Field(description="估计月龄")
    neutered: bool
    temperament: str
    description: str
    status: str = Field(description="available 待领养 | reserved 已预定")
    photo_urls: list[str]


class SlotOut(Out):
    id: str
    starts_at: str
    ends_at: str
    capacity: int
    remaining: int


class OpenDaySlotOut(SlotOut):
    bookable: bool = Field(description="现在可以预约：未闭馆、预约已开放、尚未开始、仍有名额")


class OpenDayOut(Out):
    date: str
    closed: bool
    closed_reason: str | None
    booking_opens_at: str
    slots: list[OpenDaySlotOut]


class BookingOut(Out):
    id: str
    status: str = Field(description="booked | cancelled | checked_in | no_show")
    checkin_code: str
    date: str
    slot: SlotOut
    qrcode_url: str


class AdoptionOut(Out):
    id: str
    status: str = Field(description="submitted | approved | rejected | completed | withdrawn")
    dog_id: str
    dog_no: str
    dog_name: str
    submitted_at: str
    reject_reason: str | None
    licence_application_id: str | None
    adopter: dict


class StaffAdoptionOut(AdoptionOut):
    adopter: StaffOwnerOut = Field(
        description="电话、地址脱敏；完整信息经 POST /api/v1/staff/personal-data/reveal 查看并留痕")


class KennelOut(Out):
    id: str
    code: str
    area: str
    capacity: int
    occupied: int
    qrcode_url: str


class MedicalOut(Out):
    id: str
    kind: str
    done_on: str
    product: str
    certificate_no: str | None
    expires_on: str | None
    note: str


class StaffDogOut(PublicDogOut):
    kennel_code: str | None
    source: str
    stray_report_id: str | None
    intake_at: str
    intake_place: str
    quarantine_until: str
    staff_notes: str
    tag_token: str | None
    chip_no: str | None
    matched_licence_id: str | None
    medical: list[MedicalOut]
    qrcode_url: str


class ScanOut(Out):
    kind: str = Field(description="kennel | dog")
    kennel: KennelOut | None
    dogs: list[StaffDogOut]


class RuleSlotOut(Out):
    start: str = Field(description="HH:MM")
    end: str = Field(description="HH:MM")
    capacity: int


class OpenDayRuleOut(Out):
    weekdays: list[int] = Field(description="1=周一 … 7=周日")
    slots: list[RuleSlotOut]
    book_days_ahead: int
    book_opens_hour: int


class ClosureOut(Out):
    date: str
    reason: str
    cancelled_bookings: int = Field(0, description="因闭馆取消并已通知的预约数")
