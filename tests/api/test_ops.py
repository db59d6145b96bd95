"""Readiness, metrics, request ids and JSON log lines, and the database outage answer (issue 18)."""
from __future__ import annotations

import json
import logging

import pytest

from backend.core.security import idnumber
from backend.ops import json_logs, request_ids
from tests.support.processes import free_port
from tests.unit.test_idnumber import id_number

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}


def test_readyz_is_ready_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {"database": "ok", "redis": "not_configured",
                                                                 "broker": "not_configured"}}


@pytest.mark.parametrize("config_overrides", [{"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
                                               "CELERY_BROKER_URL": f"redis://127.0.0.1:{free_port()}/0"}])
def test_readyz_names_what_is_down_and_healthz_stays_alive(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["code"] == "not_ready" and "Redis" in error["message"] and "消息队列" in error["message"]
    assert error["details"]["down"] == ["redis", "broker"] and error["details"]["checks"]["database"] == "ok"
    assert client.get("/healthz").status_code == 200  # liveness: the process answers, whatever is down


def test_a_database_outage_answers_503_with_a_code_never_500(sandbox, tmp_path):
    """No database server at all behind the URL (a crashed MariaDB): every request that needs it is 503 with the
    Chinese message and Retry-After, /readyz says the database is down, /healthz still answers."""
    from tests.conftest import BASE_CONFIG
    from wsgi import assemble

    app = assemble({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": f"mysql+pymysql://root@127.0.0.1:{free_port()}/none",
                    "WECHAT_API_BASE_URL": sandbox.api_url, "UPLOAD_DIR": str(tmp_path)})
    client = app.test_client()
    for path in ("/api/v1/zones", "/api/v1/licences"):
        response = client.get(path, headers={"Authorization": "Bearer x"} if "licences" in path else {})
        assert response.status_code in (401, 503), path
    zones = client.get("/api/v1/zones")
    assert zones.status_code == 503 and zones.headers["Retry-After"] == "5"
    assert zones.get_json()["error"] == {"code": "database_unavailable", "message": "数据库暂时不可用，请稍后重试",
                                         "details": {}}
    assert client.post("/api/v1/auth/wx-login", json={"code": "sandbox:alice"}).status_code == 503
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.get_json()["error"]["details"]["down"] == ["database"]
    assert client.get("/healthz").status_code == 200


def test_metrics_count_requests_by_route_rule_not_raw_path(client, resident):
    alice = resident("alice")
    alice.get("/api/v1/licences")
    client.get("/t/some-secret-tag-token", headers={"Accept": "application/json"})
    client.get("/no/such/path/at/all")
    response = client.get("/metrics", environ_base=LOCAL)
    assert response.status_code == 200 and response.content_type.startswith("text/plain")
    text = response.get_data(as_text=True)
    assert 'dogpass_http_request_duration_seconds_count{endpoint="/api/v1/licences",method="GET"}' in text
    assert 'endpoint="/t/<tag_token>"' in text and "some-secret-tag-token" not in text
    assert 'endpoint="<unmatched>"' in text and "/no/such/path" not in text
    assert 'dogpass_http_responses_total{endpoint="/api/v1/licences",method="GET",status="200"}' in text
    # The service-wide families: the outbox (alice's login wrote no notice) and the dependencies.
    assert "dogpass_outbox_undelivered 0.0" in text and "dogpass_outbox_oldest_undelivered_seconds 0.0" in text
    assert 'dogpass_dependency_up{dependency="database"} 1.0' in text


def test_metrics_count_deliveries_and_reconciliations(client, resident, licensed, app):
    """A licence issued writes a notice; delivering it (in-process, no broker) counts its outcome."""
    licensed(resident("bob"))
    text = client.get("/metrics", environ_base=LOCAL).get_data(as_text=True)
    delivered = [line for line in text.splitlines() if line.startswith("dogpass_notice_deliveries_total{")]
    assert delivered and sum(float(line.rsplit(" ", 1)[1]) for line in delivered) >= 1, delivered
    from backend.payments.reconciliation import reconcile

    with app.app_context():
        reconcile()
    # The job ran with nothing to do: counted only outcomes that happened, so the family may stay empty.
    assert "# TYPE dogpass_payment_reconciliation_total counter" in client.get(
        "/metrics", environ_base=LOCAL).get_data(as_text=True)


@pytest.mark.parametrize("config_overrides", [{"TRUSTED_PROXY_HOPS": 1}])
def test_metrics_are_not_served_to_the_public_or_through_the_proxy(client):
    """The attack: reading /metrics from outside — directly from a public address, through nginx (which adds
    X-Forwarded-For), or through nginx while claiming to be the monitoring host."""
    public = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", environ_base=public).status_code == 404
    assert client.get("/metrics", environ_base=LOCAL, headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
    claimed = client.get("/metrics", environ_base=public, headers={"X-Forwarded-For": "127.0.0.1"})
    assert claimed.status_code == 404 and claimed.get_json()["error"]["code"] == "not_found"
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200


def test_request_ids_are_returned_and_a_forged_one_is_replaced(client):
    given = client.get("/healthz", headers={"X-Request-Id": "0123456789abcdef0123456789abcdef"})
    assert given.headers["X-Request-Id"] == "0123456789abcdef0123456789abcdef"
    made = client.get("/healthz").headers["X-Request-Id"]
    assert len(made) == 32 and made != given.headers["X-Request-Id"]
    for forged in ('x" injected="1', "a" * 200, "short"):
        replaced = client.get("/healthz", headers={"X-Request-Id": forged}).headers["X-Request-Id"]
        assert replaced != forged and len(replaced) == 32


def test_json_log_lines_carry_the_request_id_and_masked_id_numbers(app, client):
    number = id_number()
    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(record)

    @app.get("/test-only/log")
    def log_something():
        logging.getLogger("dogpass.test").warning("owner %s checked", number)
        return {}

    handler = Keep()
    logging.getLogger("dogpass.test").addHandler(handler)
    try:
        client.get("/test-only/log", headers={"X-Request-Id": "req-0000-1111"})
    finally:
        logging.getLogger("dogpass.test").removeHandler(handler)
    line = json.loads(json_logs.JsonLinesFormatter().format(seen[0]))
    assert line["request_id"] == "req-0000-1111" and line["level"] == "WARNING" and line["logger"] == "dogpass.test"
    assert number not in json.dumps(line, ensure_ascii=False) and idnumber.mask(number) in line["message"]


def test_a_task_published_in_a_request_carries_its_id():
    from celery.app.task import Context

    headers: dict = {}
    token = request_ids.begin("req-abcdef-01")
    try:
        request_ids._add_header(headers=headers)
    finally:
        request_ids.end(token)
    assert headers == {request_ids.TASK_HEADER: "req-abcdef-01"}
    assert request_ids.from_task_request(Context(headers)) == "req-abcdef-01"
    assert request_ids.from_task_request(Context({request_ids.TASK_HEADER: "bad id with spaces"})) is None
