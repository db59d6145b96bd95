"""Simultaneous requests for the MariaDB locking tests: every call waits at one barrier, then all go at once."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest


def in_parallel(calls: list) -> list:
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.fixture
def database(mariadb_url):
    """Overrides the parametrised `database` where imported: an emptied MariaDB only, because these tests are
    about its locking (SQLite serialises writers anyway)."""
    from tests.support import databases

    databases.clear_rows(mariadb_url)
    yield mariadb_url
    databases.clear_rows(mariadb_url)
