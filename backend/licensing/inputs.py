"""Validated inputs that services accept. Field rules (lengths, formats, the ID checksum) live here, in the
core, so every adapter that feeds a service gets the same checks. Messages are Chinese: they reach residents."""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, field_validator, model_validator

from backend.core import clock
from backend.core.inputs import Day, Input, rules
from backend.core.security import idnumber

PHONE = re.compile(r"^1[3-9][0-9]{9}$")
ID_NUMBER_SHAPE = r"^[0-9]{17}[0-9Xx]$"

Text32 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
Text64 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Text128 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
UploadId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=26)]


ZONE = rules("须为 GET /api/v1/zones 中的管理区代码")
# Photo ids are checked against the uploads table (services.uploads), where JSON Schema cannot look.
PHOTOS = rules("须为本人上传（POST /api/v1/uploads）且仍有效的照片 id")
Address = Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)]


class LocationInput(Input):
    lat: float = Field(ge=-90, le=90, description="纬度（GCJ-02，小程序 wx.getLocation 所得）")
    lng: float = Field(ge=-180, le=180, description="经度")
    address: Address = Field("", description="地点描述，如“新华广场东门”")


class DogInput(Input):
    name: Text32 = Field(description="犬名")
    breed: Text64 = Field(description="品种")
    sex: Literal["male", "female"]
    colour: Text32 = Field(description="毛色")
    birth_date: Day = Field(json_schema_extra=rules("不晚于今天，不早于30年前"))
    neutered: bool = False
    chip_no: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Za-z]{9,20}$")] | None = None
    photo_upload_ids: list[UploadId] = Field(min_length=1, max_length=6, description="犬只照片（至少1张）",
                                             json_schema_extra=PHOTOS)
    # A guide or assistance dog's certificate: the fee exemption, checked by the reviewer against the certificate.
    assistance_certificate_no: Annotated[str, StringConstraints(strip_whitespace=True, min_length=4, max_length=32)] \
        | None = Field(None, description="导盲犬、辅助犬证件编号（可免收费用，审核时核验）")

    @field_validator("birth_date")
    @classmethod
    def _birth_date_plausible(cls, value: date) -> date:
        today = clock.today()
        if value > today:
            raise ValueError("出生日期不能晚于今天")
        if (today - value).days > 30 * 366:
            raise ValueError("出生日期不合理，请核对")
        return value


class OwnerInput(Input):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=64)]
    id_number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)] = Field(
        description="居民身份证号码（18位，校验位验证）；响应中只显示脱敏后的号码",
        json_schema_extra={"pattern": ID_NUMBER_SHAPE, **rules("校验位、出生日期与地区代码须正确")})
    phone: Annotated[str, StringConstraints(strip_whitespace=True)] = Field(
        description="大陆手机号", json_schema_extra={"pattern": PHONE.pattern})
    address: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=255)]
    zone_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)] = Field(
        json_schema_extra=ZONE)

    @field_validator("id_number")
    @classmethod
    def _id_number_valid(cls, value: str) -> str:
        try:
            return idnumber.validate(value)
        except idnumber.InvalidIdNumber as exc:
            raise ValueError(str(exc)) from exc

    @field_validator("phone")
    @classmethod
    def _phone_valid(cls, value: str) -> str:
        if not PHONE.match(value):
            raise ValueError("请填写11位大陆手机号码")
        return value


class VaccinationInput(Input):
    model_config = ConfigDict(json_schema_extra=rules("接种日期不晚于今天", "有效期晚于接种日期"))
    certificate_no: Text64 = Field(description="狂犬疫苗免疫证号")
    clinic: Text128 = Field(description="接种单位")
    vaccinated_on: Day
    expires_on: Day = Field(description="免疫有效期至（含当日）")

    @model_validator(mode="after")
    def _dates_in_order(self) -> VaccinationInput:
        if self.vaccinated_on > clock.today():
            raise ValueError("接种日期不能晚于今天")
        if self.expires_on <= self.vaccinated_on:
            raise ValueError("有效期应晚于接种日期")
        return self


class ApplicationInput(Input):
    model_config = ConfigDict(json_schema_extra=rules("接种日期不早于犬只出生日期"))
    dog: DogInput
    owner: OwnerInput
    vaccination: VaccinationInput

    @model_validator(mode="after")
    def _vaccinated_after_birth(self) -> ApplicationInput:
        if self.vaccination.vaccinated_on < self.dog.birth_date:
            raise ValueError("接种日期早于犬只出生日期，请核对")
        return self


class InspectionInput(Input):
    vaccination: VaccinationInput


class AddressChangeInput(Input):
    address: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=255)]
    zone_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)] = Field(
        json_schema_extra=ZONE)


class TransferAcceptInput(Input):
    code: Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, min_length=6, max_length=16)]
    owner: OwnerInput


class CancellationInput(Input):
    reason: Literal["died", "lost", "relocated", "surrendered"]
    note: Note = ""


class RejectInput(Input):
    model_config = ConfigDict(json_schema_extra=rules("reason_code 与 reason 至少填写一项"))
    reason_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=48)] | None = Field(
        default=None, description="驳回原因代码（见 GET /api/v1/staff/reject-reasons）",
        json_schema_extra=rules("须为 GET /api/v1/staff/reject-reasons 中的代码"))
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = Field(
        default="", description="驳回说明（自由填写；未选原因代码时必填）")

    @model_validator(mode="after")
    def _some_reason(self) -> RejectInput:
        if not self.reason_code and not self.reason:
            raise ValueError("请选择或填写驳回原因")
        return self
