"""What every input schema shares: the strict base model, the `x-rules` note, days as YYYY-MM-DD, paging offsets.
Each feature's inputs (`backend/<feature>/inputs.py`) build on these."""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema


def rules(*texts: str) -> dict:
    """For `json_schema_extra`: what the server checks beyond what JSON Schema can say (a check digit, the order of
    two dates, a record that must exist), in Chinese, under `x-rules` in the OpenAPI document. The schemathesis run
    in `make test` accepts a 422 for schema-valid data only where such a rule names the field."""
    return {"x-rules": list(texts)}


# Years past these are typing mistakes, and they overflow the date arithmetic (0001-01-01 in UTC+8 is before year 1).
ISO_DAY = re.compile(r"(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}")


def _iso_day(value):
    # pydantic also reads "0" or "1764547200" as a day (seconds since 1970): the document says YYYY-MM-DD.
    if not isinstance(value, str):
        return value
    if not ISO_DAY.fullmatch(value):
        raise ValueError("日期格式应为 YYYY-MM-DD（1900–2199年）")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError("日期不存在，请核对") from None


Day = Annotated[date, BeforeValidator(_iso_day),
                WithJsonSchema({"type": "string", "format": "date", "pattern": f"^{ISO_DAY.pattern}$"})]
# Paging deeper than this is a search, not a scroll; the bound also keeps the number within what databases take.
MAX_OFFSET = 100_000
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description=f"跳过的条数（最多{MAX_OFFSET}）")]


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
