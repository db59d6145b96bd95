"""Real services for the tests: reachable, or skipped with a printed reason (failed when CI=true)."""
from __future__ import annotations

import os
import socket

import pytest

MARIADB_URL = os.environ.get("TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
SERVICES = {"mariadb": ("127.0.0.1", 3306), "redis": ("127.0.0.1", 6379), "rabbitmq": ("127.0.0.1", 5672)}


def reachable(name: str) -> bool:
    host, port = SERVICES[name]
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require(name: str) -> None:
    if reachable(name):
        return
    host, port = SERVICES[name]
    reason = f"{name} is not reachable at {host}:{port}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}, and CI=true requires every service", pytrace=False)
    pytest.skip(f"{reason}; start it to run this test (CI=true makes this a failure)")
