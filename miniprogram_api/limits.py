"""Rate limits against guessing and abuse, on the few endpoints that declare one (login, transfer codes).

Built on `limits` (the library under Flask-Limiter) rather than Flask-Limiter itself: Flask-Limiter inspects every
request in a before-request hook, which cost more than the whole of a bare endpoint on the hot read paths. Storage
is Redis when configured (shared by all workers), memory otherwise.
"""
from __future__ import annotations

import math
import time

from flask import Flask, current_app
from limits import parse, storage, strategies

from backend.errors import TooManyRequests


def init_app(app: Flask) -> None:
    store = storage.storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
    app.extensions["dogpass.limiter"] = strategies.FixedWindowRateLimiter(store)


def check(limit: str, scope: str, key: str) -> None:
    """Count one hit for `key` under `scope`; refuse with 429 once `limit` (e.g. "10/minute") is used up."""
    if not current_app.config["RATELIMIT_ENABLED"]:
        return
    limiter = current_app.extensions["dogpass.limiter"]
    item = parse(limit)
    if not limiter.hit(item, scope, key):
        stats = limiter.get_window_stats(item, scope, key)
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        raise TooManyRequests(details={"retry_after_seconds": retry_after})
