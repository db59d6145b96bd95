"""The dashboard's period filter: whole months in the city's time (Asia/Shanghai), and an optional zone."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from backend.core import clock
from backend.core.inputs import Input, rules
from backend.licensing.inputs import ZONE

MAX_MONTHS = 36  # three years: the oldest data a city compares against on the wall display
DEFAULT_MONTHS = 12
MONTH = re.compile(r"(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])")


def _month(value):
    if not isinstance(value, str) or not MONTH.fullmatch(value):
        raise ValueError("月份格式应为 YYYY-MM")
    return value


Month = Annotated[str, BeforeValidator(_month),
                  WithJsonSchema({"type": "string", "pattern": f"^{MONTH.pattern}$", "examples": ["2026-11"]})]


class IndicatorQuery(Input):
    model_config = ConfigDict(json_schema_extra=rules(f"from 不晚于 to，最多 {MAX_MONTHS} 个月",
                                                      "zone 须为 GET /api/v1/zones 中的管理区代码"))
    from_: Month | None = Field(None, alias="from",
                                description=f"起始月（含），默认截止月往前 {DEFAULT_MONTHS - 1} 个月")
    to: Month | None = Field(None, description="截止月（含），默认本月（北京时间）")
    zone: str | None = Field(None, max_length=32, description="管理区代码；不填为全市", json_schema_extra=ZONE)

    @model_validator(mode="after")
    def _range(self) -> IndicatorQuery:
        if self.from_ and self.to and not 0 <= _index(self.to) - _index(self.from_) < MAX_MONTHS:
            raise ValueError(f"截止月不得早于起始月，且最多 {MAX_MONTHS} 个月")
        return self


PanelName = Literal["licences", "applications", "review_times", "shelter", "strays", "notices", "payments"]


class CsvQuery(IndicatorQuery):
    panel: PanelName = Field(description="哪一块：licences 犬证 | applications 申请与驳回 | review_times 审核时长 | "
                                         "shelter 留检所 | strays 流浪犬 | notices 通知送达 | payments 缴费")


def _index(month: str) -> int:
    year, number = (int(part) for part in month.split("-"))
    return year * 12 + number - 1


def _name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True)
class Period:
    """Months `first`..`last` (indices year*12+month-1), and the zone when one is chosen."""
    first: int
    last: int
    zone: str | None = None

    @classmethod
    def of(cls, query: IndicatorQuery) -> Period:
        today = clock.today()
        last = _index(query.to) if query.to else today.year * 12 + today.month - 1
        first = _index(query.from_) if query.from_ else last - DEFAULT_MONTHS + 1
        if not query.to and first > last:  # only `from` given, in the future: that month alone
            last = first
        if last - first >= MAX_MONTHS:  # only `from` given, long ago: its first MAX_MONTHS months
            last = first + MAX_MONTHS - 1
        return cls(first, last, query.zone or None)

    @property
    def months(self) -> list[str]:
        return [_name(index) for index in range(self.first, self.last + 1)]

    @property
    def start_day(self) -> date:
        return date(self.first // 12, self.first % 12 + 1, 1)

    @property
    def end_day(self) -> date:
        """The first day after the period."""
        return date((self.last + 1) // 12, (self.last + 1) % 12 + 1, 1)

    @property
    def since(self) -> datetime:
        """The period's first instant (UTC), midnight in Beijing on its first day."""
        return clock.start_of_local_day(self.start_day)

    @property
    def until(self) -> datetime:
        """The first instant after the period (UTC)."""
        return clock.start_of_local_day(self.end_day)

    def describe(self) -> dict:
        return {"from": _name(self.first), "to": _name(self.last), "zone": self.zone, "months": self.months}


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_number(value: int) -> str:
    """YYYYMM as SQL returns it (backend.indicators.sql.local_month) → 'YYYY-MM'."""
    return f"{int(value) // 100:04d}-{int(value) % 100:02d}"
