"""Simultaneous requests for the MariaDB locking tests: every call waits at one barrier, then all go at once."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor


def in_parallel(calls: list) -> list:
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))
