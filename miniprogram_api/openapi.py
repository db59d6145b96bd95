"""The OpenAPI 3.1 document, built from the endpoint declarations and their pydantic models."""
from __future__ import annotations

import re
import typing

from flask import current_app
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from miniprogram_api.routing import ENDPOINTS, ULID_PATTERN, Endpoint
from miniprogram_api.schemas import ErrorResponse

REF = "#/components/schemas/{model}"
# Codes whose status their name does not tell (tests/unit/test_error_statuses.py checks this table against every
# code the services raise). A code answered with two statuses (a record missing in the path: 404; named in the
# body: 422) lists both.
STATUS_FOR_CODE: dict[str, tuple[int, ...]] = {
    "unauthorized": (401,), "invalid_token": (401,), "token_expired": (401,), "invalid_credentials": (401,),
    "invalid_login_code": (401,), "token_revoked": (401,), "session_ended": (401,), "session_idle": (401,),
    "role_required": (403,), "csrf_failed": (403,), "forbidden": (403,), "password_change_required": (403,),
    "not_found": (404,), "checkin_code_invalid": (404,), "scan_unknown": (404,),
    "kennel_not_found": (404, 422), "stray_report_not_found": (404, 422), "match_not_found": (422,),
    "invalid_json": (400,), "payload_too_large": (413,), "unsupported_media_type": (415,),
    "adopter_not_adult": (422,), "channel_unavailable": (422,), "content_risky": (422,), "duplicate_of_self": (422,),
    "location_out_of_area": (422,), "unknown_template": (422,), "vaccination_implausible": (422,),
    "vaccination_not_new": (422,), "wrong_password": (422,), "unknown_resident": (422,),
    "too_many_requests": (429,), "account_locked": (429,), "upload_quota_exceeded": (429,), "login_slowed": (429,),
    "too_many_failed_logins": (429,), "tag_relay_finder_limit": (429,), "tag_relay_limit": (429,),
    "upstream_unavailable": (502,), "content_check_unavailable": (502,), "payment_unavailable": (502,),
    "wechat_unavailable": (502,),
    "login_unavailable": (503,), "busy_try_again": (503,), "database_unavailable": (503,), "not_ready": (503,),
}
# What every endpoint of a kind can answer, whatever it declares.
AUTHENTICATED = ("unauthorized", "invalid_token", "token_expired", "token_revoked")
STAFF_SESSION = ("session_ended", "session_idle", "csrf_failed")
WITH_BODY = ("invalid_json", "payload_too_large", "unsupported_media_type", "validation_failed")
CHANGES_STATE = ("busy_try_again",)  # a lock conflict lost three times (backend.core.database.uow.retrying)


# What pydantic strips from the ends of a text (Rust's str::trim: Unicode White_Space), spelled out: `\s` means a
# different set in ECMAScript, Python and Rust regexes (U+0085, U+FEFF, U+001C-U+001F).
STRIPPED = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NON_BLANK = f"[^{STRIPPED}]"


class InputJsonSchema(GenerateJsonSchema):
    """pydantic's JSON Schema, with what our inputs also check said in it: every input strips surrounding whitespace
    before counting characters, so a required text needs `minLength` characters between its first and last
    non-blank one (a pattern; "  " is not a name)."""

    def str_schema(self, schema):
        json_schema = super().str_schema(schema)
        least = json_schema.get("minLength", 0)
        if self.mode == "validation" and least >= 1 and "pattern" not in json_schema:
            json_schema["pattern"] = NON_BLANK if least == 1 else rf"{NON_BLANK}[\s\S]{{{least - 2},}}{NON_BLANK}"
        return json_schema


def _models(spec: Endpoint) -> list[tuple[type[BaseModel], str]]:
    found = []
    if spec.body is not None:
        found.append((spec.body, "validation"))
    if spec.query is not None:
        found.append((spec.query, "validation"))
    for model in _response_models(spec):
        found.append((model, "serialization"))
    return found


def _response_models(spec: Endpoint) -> list[type[BaseModel]]:
    model = spec.response
    if model is None:
        return []
    if typing.get_origin(model) is list:
        return [typing.get_args(model)[0]]
    return [model]


def error_statuses(code: str) -> tuple[int, ...]:
    if code in STATUS_FOR_CODE:
        return STATUS_FOR_CODE[code]
    if code.endswith("_not_found") or (code.endswith("_invalid") and code.startswith("transfer_code")):
        return (404,)
    if code in ("validation_failed", "unknown_zone", "unknown_upload", "owner_not_adult", "vaccination_invalid",
                "breed_banned", "vaccination_too_short", "unknown_reject_reason", "file_missing",
                "file_not_image", "file_too_large") or code.startswith("invalid_"):
        return (422,)
    return (409,)


def build_document() -> dict:
    pairs = []
    for spec in ENDPOINTS:
        pairs.extend(_models(spec))
    pairs.append((ErrorResponse, "serialization"))
    key_map, schemas = models_json_schema(list(dict.fromkeys(pairs)), ref_template=REF,
                                          schema_generator=InputJsonSchema)
    paths: dict[str, dict] = {}
    for spec in ENDPOINTS:
        paths.setdefault(spec.openapi_path, {})[spec.method.lower()] = _operation(spec, key_map)
    # Paths other packages serve in other formats (the XML callback, the sandboxes) describe themselves here.
    for path, operations in current_app.extensions.get("dogpass.openapi_paths", {}).items():
        paths.setdefault(path, {}).update(operations)
    return {
        "openapi": "3.1.0",
        "info": {"title": "DogPass 犬证通 API", "version": "1.0.0",
                 "description": "居民小程序、公众号菜单页与工作人员工具使用的接口。错误统一为 "
                                "{\"error\": {\"code\", \"message\", \"details\"}}。"},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas.get("$defs", {}),
            "securitySchemes": {"resident": {"type": "http", "scheme": "bearer", "description": "wx-login 令牌"},
                                "staff": {"type": "http", "scheme": "bearer", "description": "工作人员登录令牌"},
                                "staffSession": {
                                    "type": "apiKey", "in": "cookie", "name": "dogpass_staff_session",
                                    "description": "管理后台会话 Cookie（POST /api/v1/staff/session 设置）；"
                                                   "修改数据的请求还须在 X-CSRF-Token 头中带上会话的 CSRF 令牌"}},
        },
    }


def _operation(spec: Endpoint, key_map: dict) -> dict:
    operation: dict = {"summary": spec.summary, "tags": [spec.tag], "operationId": _operation_id(spec),
                       "parameters": _path_parameters(spec) + _query_parameters(spec, key_map)}
    if spec.description:
        operation["description"] = spec.description
    if spec.query is not None and (spec.query.model_config.get("json_schema_extra") or {}).get("x-rules"):
        operation["x-rules"] = spec.query.model_config["json_schema_extra"]["x-rules"]  # rules across parameters
    if spec.auth != "none":
        operation["security"] = [{spec.auth: []}] if spec.auth != "staff" else [{"staff": []}, {"staffSession": []}]
        if spec.roles:
            operation["x-roles"] = ["admin", *spec.roles]
    if spec.extra.get("limit"):
        operation["x-rate-limits"] = spec.extra["limit"]
    if spec.body is not None:
        # An empty body is an empty object: a body with nothing required may be left out.
        required = any(field.is_required() for field in spec.body.model_fields.values())
        operation["requestBody"] = {"required": required, "content": {
            "application/json": {"schema": _ref(key_map, spec.body, "validation")}}}
    elif spec.request_schema is not None:  # a gateway's notify: what it must carry is said in x-rules
        operation["requestBody"] = {"required": False, "content": {
            spec.request_media_type: {"schema": spec.request_schema}}}
    elif spec.request_media_type == "multipart/form-data":
        operation["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary",
                                    "x-rules": ["JPEG 或 PNG 图片，不超过 MAX_UPLOAD_BYTES（默认 5MB）"]}}}}}}
    operation["responses"] = _responses(spec, key_map)
    return operation


def _operation_id(spec: Endpoint) -> str:
    return spec.method.lower() + "_" + re.sub(r"[^a-z0-9]+", "_", spec.openapi_path.lower()).strip("_")


def _path_parameters(spec: Endpoint) -> list[dict]:
    return [{"name": name, "in": "path", "required": True,
             "schema": {"type": "string", "pattern": f"^{ULID_PATTERN}$"} if name in spec.ulid_parameters
             else {"type": "string"}}
            for name in re.findall(r"\{([a-z_]+)\}", spec.openapi_path)]


def _query_parameters(spec: Endpoint, key_map: dict) -> list[dict]:
    if spec.query is None:
        return []
    schema = spec.query.model_json_schema(ref_template=REF, schema_generator=InputJsonSchema)
    required = set(schema.get("required", []))
    return [{"name": name, "in": "query", "required": name in required, "schema": prop}
            for name, prop in schema.get("properties", {}).items()]


def _ref(key_map: dict, model: type[BaseModel], mode: str) -> dict:
    return key_map[(model, mode)]


def _responses(spec: Endpoint, key_map: dict) -> dict:
    responses: dict = {}
    if spec.media_type == "application/json":
        schema = None
        if spec.response is not None:
            if typing.get_origin(spec.response) is list:
                schema = {"type": "array", "items": _ref(key_map, typing.get_args(spec.response)[0], "serialization")}
            else:
                schema = _ref(key_map, spec.response, "serialization")
        content = {"application/json": {"schema": schema}} if schema else {"application/json": {}}
        if spec.rule.startswith("/t/"):
            content["text/html"] = {"schema": {"type": "string"}}
        responses[str(spec.status)] = {"description": "成功", "content": content}
    else:
        responses[str(spec.status)] = {"description": "成功", "content": {
            spec.media_type: {"schema": {"type": "string", "format": "binary"}}}}
    error_ref = _ref(key_map, ErrorResponse, "serialization")
    by_status: dict[int, list[str]] = {}
    for code in dict.fromkeys(answerable_codes(spec)):
        for status in error_statuses(code):
            by_status.setdefault(status, []).append(code)
    for status, answer in spec.responses.items():
        responses[str(status)] = answer
    for status, status_codes in sorted(by_status.items()):
        if str(status) in responses:
            continue  # the endpoint's own answer for that status (a gateway's refusal format)
        content = {"application/json": {"schema": error_ref}}
        if spec.rule.startswith("/t/") and status == 404 and spec.media_type == "application/json":
            content["text/html"] = {"schema": {"type": "string"}}  # the tag page's own "犬牌不存在" page
        responses[str(status)] = {"description": "错误代码: " + ", ".join(status_codes), "content": content}
    return responses


def answerable_codes(spec: Endpoint) -> list[str]:
    """Every error code the endpoint can answer: its own, and what its kind of endpoint can meet anywhere."""
    codes = list(spec.errors)
    if spec.auth != "none":
        codes = [*AUTHENTICATED, *codes]
    if spec.auth == "staff":
        codes.extend(STAFF_SESSION)
        if not spec.password_change_pending_ok:
            codes.append("password_change_required")
    if spec.roles:
        codes.append("role_required")
    if re.search(r"\{[a-z_]+\}", spec.openapi_path):
        codes.append("not_found")  # the record the path names: missing, or somebody else's
    if spec.query is not None:
        codes.append("validation_failed")
    if spec.body is not None:
        codes.extend(WITH_BODY)
    if spec.method != "GET":
        codes.extend(CHANGES_STATE)
    return codes
