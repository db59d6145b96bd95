"""Pydantic errors in Chinese, keyed by the dotted path of each bad field (`dog.breed`)."""
from __future__ import annotations

from pydantic import ValidationError

from backend.core.errors import ValidationFailed

MESSAGES = {
    "missing": "必填",
    "extra_forbidden": "不支持的字段",
    "string_type": "应为文本",
    "string_too_short": "不能为空",
    "string_too_long": "不能超过{max_length}个字符",
    "string_pattern_mismatch": "格式不正确",
    "literal_error": "可选值：{expected}",
    "enum": "可选值：{expected}",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "greater_than": "应大于{gt}",
    "greater_than_equal": "不能小于{ge}",
    "less_than": "应小于{lt}",
    "less_than_equal": "不能大于{le}",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_inexact": "日期格式应为 YYYY-MM-DD",
    "datetime_type": "时间格式应为 ISO 8601（含时区）",
    "datetime_parsing": "时间格式应为 ISO 8601（含时区）",
    "datetime_from_date_parsing": "时间格式应为 ISO 8601（含时区）",
    "timezone_aware": "时间须包含时区，如 +08:00",
    "list_type": "应为列表",
    "too_short": "至少{min_length}项",
    "too_long": "最多{max_length}项",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "json_invalid": "不是有效的 JSON",
    "url_parsing": "网址格式不正确",
}


def _message(error: dict) -> str:
    if error["type"] in ("value_error", "assertion_error"):
        # Our own validators raise ValueError with a Chinese message; pydantic prefixes it.
        return str(error.get("ctx", {}).get("error", error["msg"])).removeprefix("Value error, ")
    if error["type"] == "string_too_short" and error.get("ctx", {}).get("min_length", 1) > 1:
        return "至少{min_length}个字符".format(**error["ctx"])
    template = MESSAGES.get(error["type"], "格式不正确")
    try:
        return template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return template


def to_domain_error(exc: ValidationError, prefix: str = "") -> ValidationFailed:
    details: dict[str, str] = {}
    for error in exc.errors():
        path = ".".join(str(part) for part in error["loc"] if not str(part).startswith("function-"))
        key = ".".join(p for p in (prefix, path) if p) or "body"
        details.setdefault(key, _message(error))
    return ValidationFailed(details=details)
