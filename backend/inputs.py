"""Validated inputs that services accept. Field rules (lengths, formats, the ID checksum) live here, in the
core, so every adapter that feeds a service gets the same checks. Messages are Chinese: they reach residents."""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from backend import clock
from backend.security import idnumber

PHONE = re.compile(r"^1[3-9]\d{9}$")

Text32 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
Text64 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Text128 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
UploadId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=26)]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


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
    birth_date: date
    neutered: bool = False
    chip_no: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Za-z]{9,20}$")] | None = None
    photo_upload_ids: list[UploadId] = Field(min_length=1, max_length=6, description="犬只照片（至少1张）")
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
        description="居民身份证号码（18位，校验位验证）；响应中只显示脱敏后的号码")
    phone: Annotated[str, StringConstraints(strip_whitespace=True)] = Field(description="大陆手机号")
    address: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=255)]
    zone_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]

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
    certificate_no: Text64 = Field(description="狂犬疫苗免疫证号")
    clinic: Text128 = Field(description="接种单位")
    vaccinated_on: date
    expires_on: date = Field(description="免疫有效期至（含当日）")

    @model_validator(mode="after")
    def _dates_in_order(self) -> VaccinationInput:
        if self.vaccinated_on > clock.today():
            raise ValueError("接种日期不能晚于今天")
        if self.expires_on <= self.vaccinated_on:
            raise ValueError("有效期应晚于接种日期")
        return self


class ApplicationInput(Input):
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


class PayInput(Input):
    channel: Literal["wechat", "alipay"] = Field(description="支付渠道：微信支付或支付宝")
    scene: Literal["mini_program", "h5"] | None = Field(
        None, description="mini_program：小程序内支付；h5：支付宝手机网页支付。默认：微信为 mini_program，支付宝为 h5"
                          "（微信支付仅支持小程序）")
    alipay_buyer_id: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z_-]{6,64}$")] | None = Field(
        None, description="支付宝小程序支付时付款人的支付宝用户标识（2088… 或 open_id）")

    @model_validator(mode="after")
    def _scene_fits_channel(self) -> PayInput:
        if self.scene is None:
            self.scene = "mini_program" if self.channel == "wechat" else "h5"
        if self.channel == "wechat" and self.scene != "mini_program":
            raise ValueError("微信支付仅支持在小程序内支付（scene=mini_program）")
        if self.channel == "alipay" and self.scene == "mini_program" and not self.alipay_buyer_id:
            raise ValueError("支付宝小程序支付需要 alipay_buyer_id")
        return self


class StatementQuery(Input):
    day: date = Field(alias="date", description="对账日（北京时间），如 2026-11-21")


class AddressChangeInput(Input):
    address: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=255)]
    zone_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]


class TransferAcceptInput(Input):
    code: Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, min_length=6, max_length=16)]
    owner: OwnerInput


class CancellationInput(Input):
    reason: Literal["died", "lost", "relocated", "surrendered"]
    note: Note = ""


class RejectInput(Input):
    reason_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=48)] | None = Field(
        default=None, description="驳回原因代码（见 GET /api/v1/staff/reject-reasons）")
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = Field(
        default="", description="驳回说明（自由填写；未选原因代码时必填）")

    @model_validator(mode="after")
    def _some_reason(self) -> RejectInput:
        if not self.reason_code and not self.reason:
            raise ValueError("请选择或填写驳回原因")
        return self
