"""Validated inputs for the shelter, open days, bookings and adoption."""
from __future__ import annotations

import re
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, field_validator, model_validator

from backend.core import clock
from backend.core.inputs import Day, Input, Offset, rules
from backend.licensing.inputs import PHOTOS, LocationInput, Note, OwnerInput, Text32, Text64, Text128, UploadId
from backend.shelter.models.shelter import INTAKE_SOURCES, MEDICAL_KINDS, SIZES

HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
KENNEL = rules("须为已有犬舍的编号（GET /api/v1/staff/shelter/kennels）")
HHMM_SCHEMA = {"pattern": HHMM.pattern, "examples": ["09:30"]}
Token = Annotated[str, StringConstraints(strip_whitespace=True, min_length=4, max_length=64)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


class KennelInput(Input):
    code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9-]{1,16}$")]
    area: Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)] = ""
    capacity: int = Field(1, ge=1, le=20)


class IntakeInput(Input):
    source: Literal[INTAKE_SOURCES]  # type: ignore[valid-type]
    stray_report_id: Annotated[str, StringConstraints(max_length=26)] | None = Field(
        None, json_schema_extra=rules("须为已有的流浪犬报告 id"))
    surrendered_by_user_id: Annotated[str, StringConstraints(max_length=26)] | None = Field(
        None, json_schema_extra=rules("须为已有居民的用户 id"))
    intake_place: Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)] = ""
    kennel_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=16)] | None = Field(
        None, json_schema_extra=KENNEL)
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)] = ""
    breed: Text64
    sex: Literal["male", "female"]
    colour: Text32
    size: Literal[SIZES]  # type: ignore[valid-type]
    estimated_age_months: int = Field(ge=0, le=360, description="估计月龄")
    neutered: bool = False
    temperament: Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)] = ""
    description: LongText = ""
    staff_notes: LongText = ""
    photo_upload_ids: list[UploadId] = Field(default_factory=list, max_length=9, json_schema_extra=PHOTOS)
    tag_token: Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)] | None = None
    chip_no: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Za-z]{9,20}$")] | None = None
    quarantine_days: int | None = Field(None, ge=0, le=60, description="留检观察天数（默认按配置）")
    location: LocationInput | None = Field(None, description="发现或捕获地点（用于与走失登记匹配）")


class DogUpdateInput(Input):
    kennel_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=16)] | None = Field(
        None, json_schema_extra=KENNEL)
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)] | None = None
    temperament: Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)] | None = None
    description: LongText | None = None
    staff_notes: LongText | None = None
    neutered: bool | None = None
    photo_upload_ids: list[UploadId] | None = Field(None, max_length=9, json_schema_extra=PHOTOS)


class DogStatusInput(Input):
    status: Literal["quarantine", "available", "reclaimed", "transferred", "died"]
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)] = ""


class MedicalInput(Input):
    model_config = ConfigDict(json_schema_extra=rules(
        "done_on 不晚于今天", "狂犬疫苗接种须填写 certificate_no 与 expires_on", "expires_on 晚于 done_on"))
    kind: Literal[MEDICAL_KINDS]  # type: ignore[valid-type]
    done_on: Day
    product: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] = ""
    certificate_no: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] | None = None
    expires_on: Day | None = None
    note: Note = ""

    @model_validator(mode="after")
    def _dates(self) -> MedicalInput:
        if self.done_on > clock.today():
            raise ValueError("日期不能晚于今天")
        if self.kind == "rabies_vaccination" and (not self.certificate_no or not self.expires_on):
            raise ValueError("狂犬疫苗接种须填写免疫证号和有效期")
        if self.expires_on and self.expires_on <= self.done_on:
            raise ValueError("有效期应晚于接种日期")
        return self


class ListingQuery(Input):
    sex: Literal["male", "female"] | None = None
    size: Literal[SIZES] | None = None  # type: ignore[valid-type]
    min_age_months: int | None = Field(None, ge=0, le=360)
    max_age_months: int | None = Field(None, ge=0, le=360)
    limit: int = Field(20, ge=1, le=100)
    offset: Offset = 0


class SlotInput(Input):
    model_config = ConfigDict(json_schema_extra=rules("结束时间晚于开始时间"))
    start: str = Field(json_schema_extra=HHMM_SCHEMA)
    end: str = Field(json_schema_extra=HHMM_SCHEMA)
    capacity: int = Field(ge=1, le=500)

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not HHMM.match(value):
            raise ValueError("时间格式应为 HH:MM")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> SlotInput:
        if self.end <= self.start:
            raise ValueError("结束时间应晚于开始时间")
        return self


def _no_overlap(slots: list[SlotInput]) -> list[SlotInput]:
    ordered = sorted(slots, key=lambda s: s.start)
    for before, after in pairwise(ordered):
        if after.start < before.end:
            raise ValueError(f"时段 {before.start}-{before.end} 与 {after.start}-{after.end} 重叠")
    return ordered


class OpenDayInput(Input):
    date: Day
    slots: list[SlotInput] = Field(min_length=1, max_length=12, json_schema_extra=rules("时段互不重叠"))

    @field_validator("slots")
    @classmethod
    def _slots(cls, value: list[SlotInput]) -> list[SlotInput]:
        return _no_overlap(value)


class OpenDayRuleInput(Input):
    weekdays: list[int] = Field(min_length=0, max_length=7, description="开放日（1=周一 … 7=周日）",
                                json_schema_extra={"items": {"type": "integer", "minimum": 1, "maximum": 7}})
    slots: list[SlotInput] = Field(min_length=1, max_length=12, json_schema_extra=rules("时段互不重叠"))
    book_days_ahead: int = Field(ge=1, le=60)
    book_opens_hour: int = Field(ge=0, le=23)

    @field_validator("weekdays")
    @classmethod
    def _weekdays(cls, value: list[int]) -> list[int]:
        if any(day < 1 or day > 7 for day in value):
            raise ValueError("星期应为1到7")
        return sorted(set(value))

    @field_validator("slots")
    @classmethod
    def _slots(cls, value: list[SlotInput]) -> list[SlotInput]:
        return _no_overlap(value)


class ClosureInput(Input):
    date: Day
    reason: Text128


class RangeQuery(Input):
    model_config = ConfigDict(json_schema_extra=rules("from 不晚于 to，范围在62天以内"))
    from_: Day | None = Field(None, alias="from")
    to: Day | None = None

    @model_validator(mode="after")
    def _range(self) -> RangeQuery:
        if self.from_ and self.to and (self.to < self.from_ or (self.to - self.from_).days > 62):
            raise ValueError("日期范围应在62天以内，且结束不早于开始")
        return self


class BookingInput(Input):
    slot_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=26)]


class CheckinInput(Input):
    checkin_code: Token


class AdoptionInput(Input):
    dog_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=26)]
    adopter: OwnerInput
    housing: Literal["owned", "rented"]
    experience: LongText = ""
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class AdoptionRejectInput(Input):
    reason: Text128
