"""系统 (administration, issue 16): staff accounts changed by an admin, the reference data and fee schedule as they
stand, and the audit log."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from backend.core.inputs import Day, Offset, rules
from miniprogram_api.accounts.console_schemas import Role, StaffAccountOut
from miniprogram_api.schemas import In, Out

# Why an admin changed an account: required, so the audit log always says.
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]
REASON = Field(description="操作原因（必填，记入审计日志），如“新入职”“调岗”“离职”")


class AccountChangeIn(In):
    reason: Reason = REASON


class AccountCreateIn(In):
    username: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9._-]{2,63}$")] = Field(
        description="登录名：3-64位小写字母、数字、点、下划线或连字符，以字母或数字开头，如 zhang.wei")
    display_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)] = Field(
        description="姓名")
    role: Role
    reason: Reason = REASON


class RoleChangeIn(In):
    role: Role
    reason: Reason = REASON


class LoginLockOut(Out):
    address: str = Field(description="被锁定的来源地址（只对该网络锁定）")
    until: str


class AdminAccountOut(StaffAccountOut):
    must_change_password: bool = Field(description="使用管理员发放的一次性密码，下次登录须先修改密码")
    login_locks: list[LoginLockOut] = Field(description="仍在生效的登录锁定（按来源网络）；为空即未锁定")


class IssuedPasswordOut(Out):
    account: AdminAccountOut
    one_time_password: str = Field(
        description="一次性密码：只在本次应答中出现一次（不保存明文），请当面或电话告知本人；本人登录后须立即修改")


class AuditLogQuery(In):
    model_config = ConfigDict(json_schema_extra=rules("from 不晚于 to"))
    actor_id: Annotated[str, StringConstraints(max_length=26)] | None = Field(None, description="操作人（工作人员 id）")
    actor_username: Annotated[str, StringConstraints(max_length=64)] | None = Field(
        None, description="操作人（工作人员登录名）")
    actor_type: Literal["resident", "staff", "system"] | None = None
    entity_type: Annotated[str, StringConstraints(max_length=24)] | None = Field(
        None, description="记录类型，如 application（犬证申请）、licence、inspection、order、staff_user")
    entity_id: Annotated[str, StringConstraints(max_length=26)] | None = None
    action: Annotated[str, StringConstraints(max_length=40)] | None = Field(None, description="动作，如 approved")
    from_: Day | None = Field(None, alias="from", description="起始日期（含，北京时间）")
    to: Day | None = Field(None, description="结束日期（含，北京时间）")
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    offset: Offset = 0

    @model_validator(mode="after")
    def _range(self) -> AuditLogQuery:
        if self.from_ and self.to and self.to < self.from_:
            raise ValueError("结束日期不能早于起始日期")
        return self


class AuditEntryOut(Out):
    id: str
    at: str
    entity_type: str
    entity_id: str
    action: str
    from_status: str | None
    to_status: str | None
    actor_type: str
    actor_id: str | None
    actor_username: str | None = Field(description="操作的工作人员登录名（居民或系统操作为空）")
    user_id: str | None = Field(description="相关居民")
    reason: str | None
    data: dict


class ZoneRulesOut(Out):
    code: str
    name: str
    kind: Literal["key", "general"]
    district: str
    active: bool
    max_dogs_per_household: int | None = Field(description="每户限养数量；为空即不限")
    banned_breeds: list[str] = Field(description="本区禁养犬种")
    fees_fen: dict[str, int] = Field(description="本区各项收费的标准金额（分），按收费项目代码，减免前")


class RejectReasonAdminOut(Out):
    code: str
    text: str
    active: bool


class KeepingRulesOut(Out):
    adult_age: int = Field(description="养犬人最低年龄")
    vaccination_max_valid_days: int = Field(description="狂犬疫苗证明的最长有效天数")
    renewal_window_days: int = Field(description="到期前多少天开放年检")
    renewal_grace_days: int = Field(description="到期后仍可年检的天数")


class ReferenceOut(Out):
    zones: list[ZoneRulesOut]
    reject_reasons: list[RejectReasonAdminOut]
    rules: KeepingRulesOut


class FeeServiceOut(Out):
    code: str
    name: str
    fen: dict[str, int] = Field(description="金额（分）：按管理区代码、管理区类型（key/general）或 default")


class FeeScheduleOut(Out):
    configured: bool = Field(description="是否配置了收费标准（FEE_SCHEDULE_FILE）；未配置时一律不收费")
    services: list[FeeServiceOut]
    reductions: list[dict] = Field(description="减免：{code, name, percent, min_age?}；多项符合时取最大一项，不叠加")
    exemptions: list[dict] = Field(description="免收：{code, name}")
