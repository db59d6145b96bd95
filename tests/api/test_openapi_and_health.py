"""The served OpenAPI document describes every endpoint, with request and response schemas."""
import re


def test_health(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_every_route_is_in_the_document(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    documented = {(path, method) for path, operations in document["paths"].items() for method in operations}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("system.openapi_document",) or rule.rule.startswith("/_sandbox/"):
            continue
        if rule.endpoint.startswith("console_web."):  # the staff console's files, not the API
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method.lower()) in documented, f"{method} {path} is not documented"


def test_operations_carry_schemas_and_errors(client):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    submit = document["paths"]["/api/v1/licence-applications"]["post"]
    body_ref = submit["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(schemas[body_ref]["properties"]) == {"dog", "owner", "vaccination"}
    assert "201" in submit["responses"] and "409" in submit["responses"] and "422" in submit["responses"]
    assert "household_limit_reached" in submit["responses"]["409"]["description"]
    approve = document["paths"]["/api/v1/staff/licence-applications/{application_id}/approve"]["post"]
    assert approve["security"] == [{"staff": []}, {"staffSession": []}] and approve["x-roles"] == ["admin", "reviewer"]
    assert "403" in approve["responses"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation["summary"], f"{method} {path} has no summary"
            success = [code for code in operation["responses"] if code.startswith("2")]
            assert success, f"{method} {path} documents no success response"
    refs = re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', str(document).replace("'", '"'))
    assert refs and all(ref in schemas for ref in refs)
