"""Validated inputs for lost, found and stray reports, the tag relay and the dispatch queue."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, field_validator, model_validator

from backend.core import clock
from backend.core.inputs import Day, Input, Offset, rules
from backend.licensing.inputs import PHOTOS, LocationInput, Text64, UploadId
from backend.reports.models.reports import REPORT_SEXES, REPORT_SIZES
from backend.shelter.inputs import IntakeInput

Message = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]
Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=26)]
ChipNo = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Za-z]{9,20}$")]
# How far back a report may reach: older losses belong to a phone call with staff, not a new report.
MAX_REPORT_AGE_DAYS = 365
CLOCK_SKEW = timedelta(minutes=10)
CELL_SIZES_M = (250, 500, 1000, 2000, 5000)
INSTANT_RULES = rules(f"不晚于现在，不早于{MAX_REPORT_AGE_DAYS}天前；不带时区按北京时间")


def _instant(value: datetime) -> datetime:
    """Naive times are Beijing time (what a phone shows); the result is UTC, never in the future, not too old."""
    aware = value.replace(tzinfo=clock.SHANGHAI) if value.tzinfo is None else value
    try:
        aware = aware.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00 in UTC+8 is before year 1
        raise ValueError(f"时间不能早于{MAX_REPORT_AGE_DAYS}天前") from None
    now = clock.now()
    if aware > now + CLOCK_SKEW:
        raise ValueError("时间不能晚于现在")
    if aware < now - timedelta(days=MAX_REPORT_AGE_DAYS):
        raise ValueError(f"时间不能早于{MAX_REPORT_AGE_DAYS}天前")
    return min(aware, now)


class ReportedDogInput(Input):
    """A dog described by its owner or its finder. Only sex and size are required: finders rarely know a breed."""
    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)] = ""
    breed: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] = Field(
        "", description="品种，不确定可留空")
    sex: Literal[REPORT_SEXES] = "unknown"  # type: ignore[valid-type]
    colour: Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)] = ""
    size: Literal[REPORT_SIZES] = "unknown"  # type: ignore[valid-type]
    description: Description = ""
    chip_no: ChipNo | None = None
    photo_upload_ids: list[UploadId] = Field(default_factory=list, max_length=9, json_schema_extra=PHOTOS)


class LostReportInput(Input):
    model_config = ConfigDict(json_schema_extra=rules("licence_id 与 dog 二选一", "未办证犬只须有描述或照片"))
    licence_id: Id | None = Field(None, description="已办证犬只：犬证 id（犬只信息取自犬证）")
    dog: ReportedDogInput | None = Field(None, description="未办证犬只：描述与照片")
    size: Literal[REPORT_SIZES] | None = Field(None, description="已办证犬只的体型（默认按品种）")  # type: ignore[valid-type]
    lost_at: datetime = Field(description="走失时间（ISO 8601；不带时区按北京时间）", json_schema_extra=INSTANT_RULES)
    location: LocationInput
    note: Message = Field("", description="给公众看的说明，如联系方式以外的特征、悬赏")

    _lost_at = field_validator("lost_at")(lambda cls, v: _instant(v))

    @model_validator(mode="after")
    def _one_dog(self) -> LostReportInput:
        if (self.licence_id is None) == (self.dog is None):
            raise ValueError("请提供犬证 licence_id，或未办证犬只的描述 dog（二选一）")
        if self.dog is not None and not (self.dog.description or self.dog.photo_upload_ids):
            raise ValueError("未办证犬只请填写描述或上传照片")
        return self


class CloseLostInput(Input):
    outcome: Literal["reunited", "given_up"]
    match_id: Id | None = Field(None, description="因哪条匹配而找回（会告知拾获人）")
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)] = ""


class FoundReportInput(Input):
    dog: ReportedDogInput
    found_at: datetime = Field(json_schema_extra=INSTANT_RULES)
    location: LocationInput
    photo_upload_ids: list[UploadId] = Field(default_factory=list, max_length=9, json_schema_extra=PHOTOS)
    message: Message = ""
    tag_token: Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)] | None = Field(
        None, description="犬牌二维码上的编码（如能看到）")

    _found_at = field_validator("found_at")(lambda cls, v: _instant(v))


class CloseFoundInput(Input):
    outcome: Literal["returned", "handed_to_shelter", "withdrawn"]


class TagFoundInput(Input):
    message: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    location: LocationInput | None = None


class RelayMessageInput(Input):
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    location: LocationInput | None = None


# The board around a place a resident gives, and the whole city's board when they give none.
BOARD_RADIUS_KM = 10
BOARD_CITY_RADIUS_KM = 50


class BoardQuery(Input):
    """With a place (`lat` and `lng`): open reports within `radius_km` of it, nearest first. Without one: the
    city's open reports around its centre (MAP_CENTRE), newest first."""
    model_config = ConfigDict(json_schema_extra=rules("lat 与 lng 同时填写，或都不填"))
    lat: float | None = Field(None, ge=-90, le=90, description="纬度（与 lng 同时填写，按距离由近及远）")
    lng: float | None = Field(None, ge=-180, le=180, description="经度")
    radius_km: float | None = Field(None, gt=0, le=50, description=(
        f"范围（公里）。有位置时默认 {BOARD_RADIUS_KM}；无位置时为城市中心 {BOARD_CITY_RADIUS_KM} 公里内"))
    limit: int = Field(20, ge=1, le=100)

    @model_validator(mode="after")
    def _place_is_whole_or_absent(self) -> BoardQuery:
        if (self.lat is None) != (self.lng is None):
            raise ValueError("lat 和 lng 需同时填写，或都不填（显示全市最新的走失登记）")
        return self

    @property
    def near_a_place(self) -> bool:
        return self.lat is not None


class StrayReportInput(Input):
    model_config = ConfigDict(json_schema_extra=rules("描述与照片至少提供一项"))
    location: LocationInput
    count: int = Field(1, ge=1, le=50, description="大约几只")
    description: Description = ""
    photo_upload_ids: list[UploadId] = Field(default_factory=list, max_length=9, json_schema_extra=PHOTOS)
    aggressive: bool = Field(False, description="有攻击性")
    injured: bool = Field(False, description="受伤")
    district: Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)] | None = Field(
        None, description="所在区（不填按位置判断）")

    @model_validator(mode="after")
    def _something_to_go_on(self) -> StrayReportInput:
        if not self.description and not self.photo_upload_ids:
            raise ValueError("请填写描述或上传照片")
        return self


class DispatchInput(Input):
    team: Text64


class StrayIntakeInput(IntakeInput):
    """The shelter intake made straight from a capture: the source and report come from the capture itself."""
    source: Literal["stray_capture"] = "stray_capture"


class ResolveInput(Input):
    model_config = ConfigDict(json_schema_extra=rules("outcome 为 duplicate 时须填写 duplicate_of",
                                                      "只有 outcome 为 captured 时才能带 intakes"))
    outcome: Literal["captured", "not_found", "duplicate"]
    captured_count: int | None = Field(None, ge=1, le=50)
    duplicate_of: Id | None = None
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)] = ""
    intakes: list[StrayIntakeInput] = Field(default_factory=list, max_length=20,
                                            description="捕获后直接入所登记（每只一条）")

    @model_validator(mode="after")
    def _consistent(self) -> ResolveInput:
        if self.outcome == "duplicate" and not self.duplicate_of:
            raise ValueError("标记重复时请填写 duplicate_of")
        if self.outcome != "captured" and self.intakes:
            raise ValueError("只有捕获后才能入所登记")
        return self


class StrayQueueQuery(Input):
    status: Literal["received", "dispatched", "captured", "not_found", "duplicate", "open"] = "open"
    limit: int = Field(50, ge=1, le=200)
    offset: Offset = 0


class HotspotQuery(Input):
    model_config = ConfigDict(json_schema_extra=rules("from 不晚于 to，范围在一年以内"))
    from_: Day | None = Field(None, alias="from", description="起始日（含），默认30天前")
    to: Day | None = Field(None, description="截止日（含），默认今天")
    cell_m: int = Field(1000, description="网格边长（米）：250、500、1000、2000 或 5000",
                        json_schema_extra={"enum": list(CELL_SIZES_M)})

    @field_validator("cell_m")
    @classmethod
    def _cell(cls, value: int) -> int:
        if value not in CELL_SIZES_M:
            raise ValueError("网格边长可选 250、500、1000、2000、5000 米")
        return value

    @model_validator(mode="after")
    def _range(self) -> HotspotQuery:
        if self.from_ and self.to and (self.to < self.from_ or (self.to - self.from_).days > 366):
            raise ValueError("日期范围应在一年以内，且结束不早于开始")
        return self



class ModerationInput(Input):
    verdict: Literal["approve", "remove"]
