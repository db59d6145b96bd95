"""A real DogPass server, set up and started the way `make run` does, on a free port with a fresh database.

Set BLACKBOX_BASE_URL to drive an already running server (e.g. `make run`) instead.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from backend.core.config import PROJECT_ROOT


@dataclass
class LiveServer:
    url: str
    log: Path | None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not become healthy:\n{log.read_text()}")


@contextmanager
def serve_like_make_run(home: Path, extra_env: dict | None = None) -> Iterator[LiveServer]:
    """A fresh database in `home`, migrated and seeded, served by `flask run` on a free port; stopped after."""
    port = _free_port()
    env = {**os.environ, "DOGPASS_ENV": "development", "WECHAT_SANDBOX": "1",
           "DATABASE_URL": f"sqlite:///{home / 'dogpass.sqlite3'}",
           "PORT": str(port), "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}", "UPLOAD_DIR": str(home / "uploads"),
           "WECHAT_SANDBOX_DB": str(home / "sandbox.sqlite3"), "CELERY_BROKER_URL": "", "FLASK_APP": "wsgi",
           "WECHAT_MP_AES_KEY": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "REDIS_URL": "",
           "FEE_SCHEDULE_FILE": str(PROJECT_ROOT / "backend" / "data" / "fees.demo.json"),  # as `make run`
           **(extra_env or {})}
    flask = [sys.executable, "-m", "flask"]
    for step in (["db", "upgrade"], ["demo", "seed", "--quiet"]):
        subprocess.run([*flask, *step], cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    log = home / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen([*flask, "run", "--port", str(port), "--with-threads"], cwd=PROJECT_ROOT,
                                   env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process, log)
        yield LiveServer(url, log)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> LiveServer:
    if os.environ.get("BLACKBOX_BASE_URL"):
        yield LiveServer(os.environ["BLACKBOX_BASE_URL"].rstrip("/"), None)
        return
    with serve_like_make_run(tmp_path_factory.mktemp("live")) as server:
        yield server
