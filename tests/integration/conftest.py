"""Fixtures integration modules share. A module that must run on MariaDB only overrides `database` with
`mariadb_database`."""
from __future__ import annotations

import pytest

from tests.support.processes import RedisServer


@pytest.fixture
def mariadb_database(mariadb_url):
    """An emptied MariaDB only: for tests about its locking (SQLite serialises writers anyway), or where another
    process (a Celery worker) must reach the same database."""
    from tests.support import databases

    databases.clear_rows(mariadb_url)
    yield mariadb_url
    databases.clear_rows(mariadb_url)


@pytest.fixture
def broker(tmp_path):
    """A Redis server of the test's own, which the test may stop and start (a broker outage)."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()
