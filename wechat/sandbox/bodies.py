"""The sandbox's request bodies: validated with pydantic and documented in OpenAPI from the same models, so a body
of the wrong shape is a 422 naming the field (never a 500), and the document says exactly what is taken."""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Annotated, Literal

from flask import Response, jsonify, request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

NAME_PATTERN = r"^[A-Za-z0-9_-]{1,32}$"
INT32 = 2**31 - 1


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SimulateBody(Body):
    model_config = ConfigDict(
        json_schema_extra={"x-rules": ["encrypt 须与配置一致：配置了 WECHAT_MP_AES_KEY 时为 true"]})
    sender: Annotated[str, StringConstraints(pattern=NAME_PATTERN)] = Field(
        alias="from", description="粉丝名（字母、数字、- 或 _），其 openid 为 sbx-mp-NAME")
    type: Literal["text", "event", "image", "voice", "location"] = "text"
    content: Annotated[str, Field(max_length=2000)] = ""
    event: Annotated[str, Field(max_length=64)] = ""
    event_key: Annotated[str, Field(max_length=128)] = ""
    encrypt: bool | None = Field(None, description="须与配置一致：配置了 WECHAT_MP_AES_KEY 时为安全模式")
    msg_id: Annotated[int, Field(ge=1, le=2**63 - 1)] | None = Field(None, description="重复投递同一消息时给出")
    create_time: Annotated[int, Field(ge=1, le=INT32)] | None = None


FAULT_APIS = ("template_send", "custom_send", "subscribe_send", "user_info", "menu_create", "token",
              "jscode2session", "msg_sec_check", "*")


class FaultBody(Body):
    api: Literal[FAULT_APIS] = "*"  # type: ignore[valid-type]
    errcode: Annotated[int, Field(ge=-1, le=99999999)] | None = Field(None, description="为空时只延迟")
    times: Annotated[int, Field(ge=1, le=1000)] = 1
    delay_ms: Annotated[int, Field(ge=0, le=10000)] = 0
    touser: Annotated[str, Field(min_length=1, max_length=64)] | None = Field(
        None, description="只让发给此 openid 的消息出错")


class CompleteBody(Body):
    order_id: Annotated[str, StringConstraints(min_length=1, max_length=64)] = Field(
        description="订单 id（API.md），或支付单（trade）id")
    channel: Literal["wechat", "alipay"]
    fault: Literal["bad_signature", "wrong_amount", "duplicate"] | None = None


def _number(literal: str) -> int | float:
    """11.0 is the integer 11, as JSON Schema counts it."""
    value = Decimal(literal)
    return int(value) if value.is_finite() and value == value.to_integral_value() else float(literal)


def parse(model: type[Body]) -> tuple[Body | None, tuple[Response, int] | None]:
    """(body, None), or (None, a 422 answer naming each bad field). An empty body is an empty object."""
    try:
        data = json.loads(request.get_data() or b"{}", parse_float=_number)
        return model.model_validate_json(json.dumps(data), strict=True), None
    except ValidationError as exc:  # before ValueError, of which it is one
        details = {".".join(str(part) for part in error["loc"]) or "body": error["msg"] for error in exc.errors()}
        return None, (jsonify({"error": "请求体不符合要求", "details": details}), 422)
    except ValueError:  # not JSON, or not UTF-8
        return None, (jsonify({"error": "请求体应为 JSON 对象"}), 422)


ERROR_SCHEMA = {"type": "object", "required": ["error"],
                "properties": {"error": {"type": "string"}, "details": {"type": "object"}}}


def operation(operation_id: str, summary: str, *, body: type[Body] | None = None, status: int = 200,
              errors: dict[int, str] | None = None, query: list[dict] | None = None) -> dict:
    """An OpenAPI operation for a sandbox route: JSON answers, and `{"error"}` with each status it can refuse with."""
    responses = {str(status): {"description": "成功", "content": {"application/json": {}}}}
    for code, why in (errors or {}).items():
        responses[str(code)] = {"description": why, "content": {"application/json": {"schema": ERROR_SCHEMA}}}
    found = {"summary": summary, "tags": ["sandbox"], "operationId": operation_id, "responses": responses}
    if body is not None:
        responses.setdefault("422", {"description": "请求体不符合要求",
                                     "content": {"application/json": {"schema": ERROR_SCHEMA}}})
        required = any(field.is_required() for field in body.model_fields.values())
        found["requestBody"] = {"required": required, "content": {"application/json": {
            "schema": body.model_json_schema(by_alias=True)}}}
    if query:
        found["parameters"] = query
    return found
