"""A logged-out or revoked token is refused at once on another node: a second DogPass node (gunicorn, two worker
processes, each with its own verified-token cache) shares only the database and, when configured, Redis.

The attack: the token is copied off the phone and used against the other node right after the resident logged out
(or an admin revoked it) on this one."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
import redis

from backend.core.config import PROJECT_ROOT
from tests.support import services
from tests.support.processes import free_port

pytestmark = pytest.mark.services
REQUESTS_PER_CHECK = 12  # enough for both worker processes of the other node to answer some


@pytest.fixture(params=["database", "redis"])
def config_overrides(request) -> dict:
    if request.param == "database":
        return {"REDIS_URL": ""}
    services.require("redis")
    redis.Redis.from_url(services.REDIS_URL).flushdb()
    return {"REDIS_URL": services.REDIS_URL}


@pytest.fixture
def other_node(database, sandbox, config_overrides, tmp_path):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database, "SECRET_KEY": "test-secret", "DOGPASS_ENV": "development",
           "WECHAT_SANDBOX": "1", "WECHAT_API_BASE_URL": sandbox.api_url, "WECHAT_SANDBOX_DB": str(sandbox.store.path),
           "CELERY_BROKER_URL": "", "REDIS_URL": config_overrides["REDIS_URL"], "RATELIMIT_ENABLED": "0",
           "UPLOAD_DIR": str(tmp_path / "uploads")}
    log = tmp_path / "node.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "wsgi:app", "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "--preload", "--graceful-timeout", "1"],
            cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def _wait_until_up(url: str, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the other node exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the other node did not start:\n{log.read_text()}")


def statuses_on(node: str, token: str) -> set[int]:
    seen = set()
    for _ in range(REQUESTS_PER_CHECK):
        request = urllib.request.Request(f"{node}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                seen.add(response.status)
        except urllib.error.HTTPError as refused:
            seen.add(refused.code)
            assert json.load(refused)["error"]["code"] == "token_revoked"
    return seen


def login(client, name: str) -> tuple[str, str]:
    body = client.post("/api/v1/auth/wx-login", json={"code": f"sandbox:{name}"}).get_json()
    return body["token"], body["user"]["id"]


def test_logout_and_revoke_all_hold_on_every_node_at_once(client, staff, other_node):
    """One test, so the other node starts once per database and store (it takes seconds)."""
    # Logged out here: refused there, by both of its processes, which had verified and cached the token.
    token, _ = login(client, "alice")
    assert statuses_on(other_node, token) == {200}
    assert client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert statuses_on(other_node, token) == {401}

    # Logged out there: refused here.
    token, _ = login(client, "bob")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    request = urllib.request.Request(f"{other_node}/api/v1/auth/logout", method="POST",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401

    # An admin's revoke-all here: every token of that resident refused there.
    phone, carol = login(client, "carol")
    desktop, _ = login(client, "carol")
    assert statuses_on(other_node, phone) == statuses_on(other_node, desktop) == {200}
    staff("admin").post(f"/api/v1/staff/residents/{carol}/revoke-tokens", json={"reason": "账号被盗"})
    assert statuses_on(other_node, phone) == statuses_on(other_node, desktop) == {401}
