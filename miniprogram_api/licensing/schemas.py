from __future__ import annotations

from typing import Literal

from pydantic import Field

from miniprogram_api.schemas import HistoryEntry, Out


class DogOut(Out):
    name: str
    breed: str
    sex: Literal["male", "female"]
    colour: str
    birth_date: str
    neutered: bool
    chip_no: str | None = None
    photo_upload_ids: list[str]
    breed_recognised: bool | None = Field(default=None, description="品种是否在犬种库中（未识别的由审核员核实）")
    assistance_certificate_no: str | None = Field(default=None, description="导盲犬、辅助犬证件编号")


class OwnerOut(Out):
    name: str
    id_number: str = Field(description="脱敏后的身份证号，如 110105********002X")
    phone: str
    address: str
    zone_code: str


class VaccinationOut(Out):
    certificate_no: str
    clinic: str
    vaccinated_on: str
    expires_on: str


class RoundOut(Out):
    round: int
    submitted_at: str
    outcome: str
    decided_at: str | None
    reject_reason: str | None


class OrderOut(Out):
    id: str
    amount_fen: int
    status: str = Field(description="pending 待支付 / paid 已支付 / expired 已过期（可重新支付） / cancelled 已取消 / "
                                    "refunded 已退款")
    expires_at: str | None = None
    description: str | None = None


class ApplicationCreated(Out):
    id: str
    status: str


class ApplicationApproved(ApplicationCreated):
    licence_id: str | None = Field(None, description="无需缴费时立即签发的犬证")
    order: OrderOut | None = Field(None, description="需缴费时的订单：申请进入 awaiting_payment，缴费后签发")


class ApplicationOut(Out):
    id: str
    status: Literal["pending_review", "rejected", "awaiting_payment", "issued", "withdrawn"]
    round: int
    submitted_at: str
    decided_at: str | None
    reject_reason: str | None
    reject_reason_code: str | None
    licence_id: str | None
    dog: DogOut
    owner: OwnerOut
    vaccination: VaccinationOut
    history: list[HistoryEntry]
    rounds: list[RoundOut]
    order: OrderOut | None


class ApplicationSummary(Out):
    id: str
    status: str
    round: int
    submitted_at: str
    dog_name: str
    reject_reason: str | None
    licence_id: str | None


class RenewalOut(Out):
    opens_on: str
    closes_on: str
    open: bool
    overdue: bool


class LicenceDogOut(DogOut):
    id: str


class LicenceOut(Out):
    id: str
    licence_no: str
    status: Literal["active", "expired", "cancelled"]
    valid: bool = Field(description="今天是否在有效期内")
    issued_on: str
    expires_on: str
    dog: LicenceDogOut
    owner: OwnerOut
    vaccination: VaccinationOut
    renewal: RenewalOut
    tag_url: str
    qrcode_url: str
    cancel_reason: str | None


class InspectionOut(Out):
    id: str
    licence_id: str
    status: Literal["issued", "pending_review", "awaiting_payment", "rejected"]
    previous_expires_on: str
    new_expires_on: str
    reject_reason: str | None
    order: OrderOut | None


class TransferStarted(Out):
    id: str
    status: Literal["awaiting_recipient"]
    code: str = Field(description="一次性过户码，只显示这一次；请告知接收人")
    expires_at: str


class TransferOut(Out):
    id: str
    licence_id: str
    licence_no: str | None
    direction: Literal["outgoing", "incoming"]
    status: Literal["awaiting_recipient", "accepted", "cancelled", "expired"]
    expires_at: str
    accepted_at: str | None
    created_at: str


class TransferAccepted(Out):
    licence: LicenceOut


class TagDog(Out):
    name: str
    breed: str
    colour: str
    photo_url: str | None


class TagLicence(Out):
    status: Literal["active", "expired", "cancelled"]
    expires_on: str
    valid: bool


class TagOut(Out):
    dog: TagDog
    licence: TagLicence
    vaccination_valid: bool
    lost: bool
