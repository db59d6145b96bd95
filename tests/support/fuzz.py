"""What the schemathesis run needs besides schemathesis: the served document, tokens by security scheme, and the one
check we refine (schema-valid data refused only where the document names a rule JSON Schema cannot say)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from schemathesis.specs.openapi.checks import positive_data_acceptance

# They end the tokens the run sends (or the staff member's password): every later request would be a 401.
ENDS_THE_TOKENS = {("POST", "/api/v1/auth/logout"), ("POST", "/api/v1/staff/auth/logout"),
                   ("POST", "/api/v1/staff/password"), ("POST", "/api/v1/staff/residents/{user_id}/revoke-tokens")}
PLACEHOLDER = "Bearer placeholder:"


def served_document() -> dict:
    """GET /api/v1/openapi.json from an app built like the tests' (sandbox on), before any fixture exists:
    schemathesis builds its cases when pytest collects them."""
    from wsgi import assemble

    with tempfile.TemporaryDirectory() as scratch:
        app = assemble({"SQLALCHEMY_DATABASE_URI": "sqlite://", "WECHAT_SANDBOX": True, "CELERY_BROKER_URL": "",
                        "REDIS_URL": "", "WECHAT_SANDBOX_DB": str(Path(scratch) / "sandbox.sqlite3"),
                        "UPLOAD_DIR": str(Path(scratch) / "uploads")})
        response = app.test_client().get("/api/v1/openapi.json")
        assert response.status_code == 200
        return response.get_json()


def claimed_by_a_fixed_path(case, document: dict) -> bool:
    """`/api/v1/lost-reports/mine` generated for `/api/v1/lost-reports/{report_id}` is another operation's request:
    OpenAPI matches a concrete path before a templated one, and so does the router."""
    return case.formatted_path != case.path and case.formatted_path in document["paths"]


def scheme_of(operation) -> str | None:
    """The identity an operation is called with: staff (an admin reaches every staff route), a resident, or none."""
    schemes = {name for requirement in operation.definition.raw.get("security") or [] for name in requirement}
    return "staff" if "staff" in schemes else "resident" if "resident" in schemes else None


class Tokens:
    """A schemathesis auth provider. Cases are made at collection, before the app and its tokens exist, so a case
    carries a placeholder naming the identity, and the test puts the real token in (`authorise`). Cases that
    schemathesis makes without credentials, or with forged ones (the 401 checks), carry none and keep theirs."""

    def get(self, case, ctx):
        return scheme_of(case.operation)

    def set(self, case, data, ctx):
        if data:
            case.headers = {**(case.headers or {}), "Authorization": PLACEHOLDER + data}


def authorise(case, tokens: dict[str, str]) -> None:
    header = (case.headers or {}).get("Authorization", "")
    if header.startswith(PLACEHOLDER):
        case.headers["Authorization"] = "Bearer " + tokens[header.removeprefix(PLACEHOLDER)]


def schema_valid_data_accepted(ctx, response, case):
    """schemathesis's positive_data_acceptance, except for a refusal (400 or 422) that the document announces:
    every field the answer names carries `x-rules` (a check digit, a date order, a record that must exist), or, for
    an answer naming no field, the body or the operation does. Any other refusal of schema-valid data means the
    document is looser than the validation, and fails."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except AssertionError:
        if response.status_code in (400, 422) and _announced(case, _details(response)):
            return None
        raise


def callback_never_fails(ctx, response, case):
    """The sandbox's /simulate posts the message to the callback over HTTP and reports its status: a 5xx there is a
    server error too, one request further in."""
    if (case.method.upper(), case.path) == ("POST", "/_sandbox/wechat/simulate") and response.status_code == 200:
        status = response.json()["status"]
        assert status < 500, f"the callback answered {status} to the simulated message"


def _details(response) -> dict:
    try:
        body = response.json()
    except ValueError:
        return {}
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return error.get("details") or {}
    return body.get("details") or {} if isinstance(body, dict) else {}


def _announced(case, details: dict) -> bool:
    operation = case.operation.definition.raw
    document = case.operation.schema.raw_schema
    body = _body_schema(operation, document)
    if not details:
        return bool(operation.get("x-rules") or _rules(body, document))
    return all(_field_announced(key, operation, body, document) for key in details)


def _field_announced(key: str, operation: dict, body: dict | None, document: dict) -> bool:
    parts = key.split(".")
    if parts[0] == "query":
        if len(parts) == 1:
            return bool(operation.get("x-rules"))
        parameter = next((p for p in operation.get("parameters", []) if p["name"] == parts[1]), None)
        return parameter is not None and bool(_rules(parameter.get("schema"), document))
    node = body
    for part in ([] if parts == ["body"] else parts):
        node = _child(_deref(node, document), part, document)
        if node is None:
            return False
    return bool(_rules(node, document))


def _body_schema(operation: dict, document: dict) -> dict | None:
    content = (operation.get("requestBody") or {}).get("content") or {}
    for media in content.values():
        return media.get("schema")
    return None


def _deref(node, document: dict):
    while isinstance(node, dict) and "$ref" in node:
        target = document
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _alternatives(node, document: dict) -> list:
    node = _deref(node, document)
    if isinstance(node, dict) and "anyOf" in node:
        return [_deref(option, document) for option in node["anyOf"]]
    return [node]


def _child(node, part: str, document: dict):
    for option in _alternatives(node, document):
        if not isinstance(option, dict):
            continue
        if part.isdigit() and "items" in option:
            return option["items"]
        if part in option.get("properties", {}):
            return option["properties"][part]
        if isinstance(option.get("additionalProperties"), dict):
            return option["additionalProperties"]
    return None


def _rules(node, document: dict) -> list:
    if node is None:
        return []
    node = node if isinstance(node, dict) and "x-rules" in node else _deref(node, document)
    if isinstance(node, dict) and node.get("x-rules"):
        return node["x-rules"]
    return [rule for option in _alternatives(node, document) if isinstance(option, dict)
            for rule in option.get("x-rules", [])]


# Real records for the fuzzing phase to reach past 404: ids by the path segment before the parameter
# ("licences:licence_id"), filled once the app exists (the coverage cases, made at collection, keep their values).
SEEDED: dict[str, list[str]] = {}


def seed_records(app, tokens: dict[str, str]) -> None:
    """A resident's uploads, a pending application, a licence with its tag, lost, found and stray reports, a notice;
    a kennel and a shelter dog. Made through the API, as a resident and the admin would."""
    from datetime import timedelta

    from backend.core import clock
    from tests.conftest import Api
    from tests.support import factories, shelter

    client = app.test_client()
    resident, admin = Api(client, tokens["resident"]), Api(client, tokens["staff"])
    photos = [resident.upload_photo() for _ in range(2)]
    pending = _created(resident.post("/api/v1/licence-applications", json=factories.application(photos[:1])))
    issued = _created(resident.post("/api/v1/licence-applications", json=factories.application(
        photos[1:], dog_fields={"name": "小白"}, owner_fields={"number": factories.id_number(seq="456")})))
    licence_id = _ok(admin.post(f"/api/v1/staff/licence-applications/{issued}/approve"))["licence_id"]
    tag = _ok(resident.get(f"/api/v1/licences/{licence_id}"))["tag_url"].rstrip("/").rsplit("/", 1)[1]
    place = {"lat": 40.842, "lng": 111.749, "address": "新华广场东门"}
    lost = _created(resident.post("/api/v1/lost-reports", json={
        "licence_id": licence_id, "lost_at": (clock.now() - timedelta(hours=2)).isoformat(), "location": place}))
    found = _created(resident.post("/api/v1/found-reports", json={
        "dog": {"sex": "female", "size": "small", "description": "黑色小狗"},
        "found_at": (clock.now() - timedelta(hours=1)).isoformat(), "location": place}))
    stray = _created(resident.post("/api/v1/stray-reports", json={"location": place, "description": "两只黄狗"}))
    kennel = _created(admin.post("/api/v1/staff/shelter/kennels", json={"code": "FZ-1", "capacity": 5}))
    dog = shelter.take_in(admin)["id"]
    notices = [notice["id"] for notice in _ok(resident.get("/api/v1/notifications"))]
    SEEDED.update({
        "uploads:upload_id": photos, "photos:upload_id": photos,
        "licence-applications:application_id": [pending, issued], "licences:licence_id": [licence_id],
        "t:tag_token": [tag], "lost-reports:report_id": [lost], "found-reports:report_id": [found],
        "stray-reports:report_id": [stray], "kennels:kennel_id": [kennel], "dogs:dog_id": [dog],
        "notifications:notice_id": notices[:3],
    })


def with_seeded_ids(context, path_parameters: dict) -> dict:
    """A schemathesis map_path_parameters hook: about half the generated ids become real ones (decided by the
    generated value, so a case replays the same). Only text values are replaced: a value of another type is the
    negative case itself."""
    path = context.operation.path
    for name, value in (path_parameters or {}).items():
        ids = SEEDED.get(_seed_key(path, name))
        if ids and isinstance(value, str) and len(value) % 2 == 0:
            path_parameters[name] = ids[len(value) // 2 % len(ids)]
    return path_parameters


def _seed_key(path: str, name: str) -> str:
    segments = path.split("/")
    position = segments.index("{" + name + "}")
    return f"{segments[position - 1]}:{name}"


def _created(response) -> str:
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def _ok(response):
    assert response.status_code == 200, response.get_json()
    return response.get_json()
