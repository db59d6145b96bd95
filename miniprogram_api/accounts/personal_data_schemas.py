"""Residents' personal data as staff see it: masked, revealed on request, every reveal recorded (查询留痕)."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from backend.accounts.models.personal_data import REVEALABLE_FIELDS
from backend.accounts.personal_data import REVEALABLE_RECORDS
from backend.core.inputs import Day, Offset, rules
from miniprogram_api.schemas import In, Out

RecordType = Literal[tuple(REVEALABLE_RECORDS)]  # type: ignore[valid-type]
FieldName = Literal[REVEALABLE_FIELDS]  # type: ignore[valid-type]


class StaffOwnerOut(Out):
    name: str
    id_number: str = Field(description="脱敏后的身份证号，如 110105********002X")
    phone: str = Field(
        description="脱敏后的手机号，如 138****8000；完整号码请用 POST /api/v1/staff/personal-data/reveal")
    address: str = Field(description="脱敏后的地址，只保留省市区（旗县），如 新城区****")
    zone_code: str
    masked_fields: list[FieldName] = Field(description="已脱敏、可申请查看的字段")


class RevealIn(In):
    record_type: RecordType = Field(
        description="licence_application 犬证申请（审核员）/ adoption_application 领养申请（收容所）/ "
                    "licence 犬证持有人（审核员、客服）")
    record_id: Annotated[str, StringConstraints(min_length=1, max_length=26)]
    fields: list[FieldName] = Field(min_length=1, max_length=len(REVEALABLE_FIELDS), description="phone / address")
    reason: Annotated[str, StringConstraints(max_length=200)] = Field("", description="查看原因（可选，记入留痕）")

    @model_validator(mode="after")
    def _distinct(self) -> RevealIn:
        self.fields = list(dict.fromkeys(self.fields))
        return self


class RevealOut(Out):
    record_type: str
    record_id: str
    phone: str | None = Field(description="完整手机号（未申请则为 null）")
    address: str | None = Field(description="完整地址（未申请则为 null）")
    access_id: str = Field(description="本次查看的留痕记录")
    accessed_at: str


class AccessLogQuery(In):
    model_config = ConfigDict(json_schema_extra=rules("from 不晚于 to"))
    staff_id: Annotated[str, StringConstraints(max_length=26)] | None = None
    username: Annotated[str, StringConstraints(max_length=64)] | None = Field(None, description="工作人员登录名")
    record_type: RecordType | None = None
    record_id: Annotated[str, StringConstraints(max_length=26)] | None = None
    subject_user_id: Annotated[str, StringConstraints(max_length=26)] | None = Field(
        None, description="被查看信息的居民")
    from_: Day | None = Field(None, alias="from", description="起始日期（含，北京时间）")
    to: Day | None = Field(None, description="结束日期（含，北京时间）")
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    offset: Offset = 0

    @model_validator(mode="after")
    def _range(self) -> AccessLogQuery:
        if self.from_ and self.to and self.to < self.from_:
            raise ValueError("结束日期不能早于起始日期")
        return self


class AccessLogItem(Out):
    id: str
    accessed_at: str
    staff_id: str
    staff_username: str | None
    staff_role: str
    record_type: str
    record_id: str
    subject_user_id: str | None
    fields: list[str]
    reason: str
    client_ip: str
