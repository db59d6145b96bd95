"""The one decorator every endpoint uses: authenticate, parse and validate, call the view, serialise.

Each endpoint's declaration (path, auth, body, query and response models, documented errors) is recorded in
`ENDPOINTS`, from which the OpenAPI document is built, so the document cannot drift from the routes.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import wraps

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from pydantic import BaseModel, ValidationError
from werkzeug.routing import BaseConverter

from backend.accounts import auth
from backend.core import cache, clock
from backend.core.errors import DomainError, Unauthorized, UnsupportedMediaType, ValidationFailed
from miniprogram_api import limits
from miniprogram_api.accounts import console_session
from miniprogram_api.validation import to_domain_error


@dataclass
class Endpoint:
    rule: str
    method: str
    summary: str
    tag: str
    auth: str  # "resident" | "staff" | "none"
    roles: tuple[str, ...]
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: type[BaseModel] | type[list] | None
    status: int
    errors: tuple[str, ...]
    media_type: str = "application/json"  # of the response
    request_media_type: str = "application/json"
    description: str = ""
    extra: dict = field(default_factory=dict)
    request_schema: dict | None = None  # a body not read by the decorator (a gateway's notify), as OpenAPI says it
    responses: dict = field(default_factory=dict)  # answers not in the error shape, by status, as OpenAPI objects
    # Staff endpoints a member whose password an admin issued may use before choosing their own (the session's own)
    password_change_pending_ok: bool = False

    @property
    def openapi_path(self) -> str:
        return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", self.rule)

    @property
    def ulid_parameters(self) -> set[str]:
        return set(re.findall(r"<ulid:([a-z_]+)>", self.rule))


ENDPOINTS: list[Endpoint] = []
ULID_PATTERN = "[0-9A-HJKMNP-TV-Z]{26}"  # backend.core.ids: Crockford base32


class UlidConverter(BaseConverter):
    """`<ulid:name>`: a path segment that can only be one of our ids, where a fixed word shares the position."""
    regex = ULID_PATTERN


def install_converters(app: Flask) -> None:
    app.url_map.converters["ulid"] = UlidConverter


class Page(list):
    """A list answer that is one page of more; the total goes out in the X-Total-Count header."""

    def __init__(self, items: list, total: int) -> None:
        super().__init__(items)
        self.total = total


def endpoint(bp: Blueprint, rule: str, method: str = "GET", *, summary: str, tag: str, auth: str = "resident",
             roles: tuple[str, ...] = (), body: type[BaseModel] | None = None,
             query: type[BaseModel] | None = None, response=None, status: int = 200,
             errors: tuple[str, ...] = (), media_type: str = "application/json",
             request_media_type: str = "application/json", description: str = "",
             request_schema: dict | None = None, responses: dict | None = None,
             limit: str | None = None, caller_limit: str | None = None,
             cache_key: Callable[[dict], str] | None = None,
             cache_variant: Callable[[], str] | None = None, password_change_pending_ok: bool = False) -> Callable:
    """`limit` (e.g. "10/minute") counts per client address (the real client's behind TRUSTED_PROXY_HOPS
    proxies), before authentication; `caller_limit` counts per authenticated resident or staff member, so logging
    in again does not reset it.

    `cache_key(kwargs)` names the backend.core.cache subject under which the rendered 200 answer is kept, one field per
    day and `cache_variant()` (e.g. json/html), so nothing that depends on the date outlives its day."""
    limit, caller_limit = limits.declared(limit), limits.declared(caller_limit)
    limits_declared = {k: v for k, v in (("per_address", limit), ("per_caller", caller_limit)) if v}
    spec = Endpoint(rule, method, summary, tag, auth, roles, body, query, response, status, errors, media_type,
                    request_media_type, description, extra={"limit": limits_declared} if limits_declared else {},
                    request_schema=request_schema, responses=responses or {},
                    password_change_pending_ok=password_change_pending_ok)
    if limits_declared:
        spec.errors = (*spec.errors, "too_many_requests")
    ENDPOINTS.append(spec)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def handle(**path_args):
            scope = f"{bp.name}.{view.__name__}"
            if limit:
                limits.check(limit, scope, limits.address_key())
            kwargs = dict(path_args)
            kwargs.update(_authenticate(spec))
            if caller_limit:
                caller = kwargs.get("user_id") or getattr(kwargs.get("staff"), "id", None)
                limits.check(caller_limit, scope, f"caller:{caller}")
            if spec.body is not None:
                kwargs["body"] = _parse_body(spec.body)
            if spec.query is not None:
                kwargs["query"] = _parse(spec.query, request.args.to_dict(), prefix="query")
            if cache_key is None:
                return _respond(spec, view(**kwargs))
            return _respond_cached(spec, view, kwargs, cache_key(kwargs),
                                   cache_variant() if cache_variant else "json")

        bp.add_url_rule(rule, endpoint=view.__name__, view_func=handle, methods=[method])
        return handle

    return decorate


def _respond(spec: Endpoint, result) -> Response:
    if isinstance(result, Response):
        return result
    headers = {}
    if isinstance(result, Page):
        result, headers = list(result), {"X-Total-Count": str(result.total)}
    if current_app.config["VALIDATE_RESPONSES"]:
        _check_response(spec, result)
    response = jsonify(result)
    response.status_code = spec.status
    response.headers.update(headers)
    return response


CACHED_MEDIA_TYPES = {"json": "application/json", "html": "text/html; charset=utf-8"}


def _respond_cached(spec: Endpoint, view: Callable, kwargs: dict, key: str, variant: str) -> Response:
    field = f"{clock.today().isoformat()}:{variant}"
    body = cache.get(key, field)
    if body is not None:
        return Response(body, status=spec.status, content_type=CACHED_MEDIA_TYPES[variant])
    seen = cache.generation(key)
    response = _respond(spec, view(**kwargs))
    if response.status_code == 200:
        cache.put(key, field, response.get_data(), seen)
    return response


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("请先登录", code="unauthorized")
    return token.strip()


def _authenticate(spec: Endpoint) -> dict:
    if spec.auth == "resident":
        return {"user_id": auth.resident_id_from_token(bearer_token())}
    if spec.auth == "staff":
        pending_ok = spec.password_change_pending_ok
        if console_session.has_session_cookie():  # the staff console's browser session (cookie + CSRF token)
            return {"staff": console_session.staff_from_cookie(spec.roles, password_change_pending_ok=pending_ok)}
        return {"staff": auth.authenticate_staff(bearer_token(), spec.roles, password_change_pending_ok=pending_ok)}
    return {}


def _parse_body(model: type[BaseModel]):
    """The JSON body, validated in pydantic's strict JSON mode: a JSON value of the documented type or nothing
    (no "5" for 5, no 0 for false or for a date), so the API refuses exactly what the OpenAPI document forbids."""
    raw = request.get_data(cache=True)
    if not raw:
        raw = b"{}"  # an empty body is an empty object: required fields are then reported one by one
    elif not request.is_json:  # a form, a multipart upload or text sent to a JSON endpoint
        raise UnsupportedMediaType("请求体应为 JSON（Content-Type: application/json）", code="unsupported_media_type")
    try:
        data = json.loads(raw, parse_float=_number)
    except ValueError as exc:  # not JSON, or not UTF-8 (UnicodeDecodeError is a ValueError)
        raise DomainError("请求体必须是有效的 JSON（Content-Type: application/json）", code="invalid_json") from exc
    if not isinstance(data, dict):
        raise ValidationFailed("请求体应为 JSON 对象", details={"body": "应为对象"})
    try:
        return model.model_validate_json(json.dumps(data), strict=True)
    except ValidationError as exc:
        raise to_domain_error(exc) from exc


def _number(literal: str) -> int | float:
    """A JSON number with no fraction is an integer, as JSON Schema counts it: 11.0 is 11 (strict mode would refuse
    it for an integer field)."""
    value = Decimal(literal)
    if value.is_finite() and value == value.to_integral_value():
        return int(value)
    return float(literal)


def _parse(model: type[BaseModel], data: dict, prefix: str = ""):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise to_domain_error(exc, prefix) from exc


def _check_response(spec: Endpoint, result) -> None:
    """In tests every response is checked against its documented model, so the OpenAPI document stays true."""
    model = spec.response
    if model is None:
        return
    if isinstance(model, type) and issubclass(model, BaseModel):
        model.model_validate(result)
    else:  # list[Model]
        from pydantic import TypeAdapter

        TypeAdapter(model).validate_python(result)
