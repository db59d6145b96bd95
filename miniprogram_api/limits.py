"""Rate limits against guessing and abuse, on the few endpoints that declare one (login, transfer codes).

Built on `limits` (the library under Flask-Limiter) rather than Flask-Limiter itself: Flask-Limiter inspects every
request in a before-request hook, which cost more than the whole of a bare endpoint on the hot read paths. The
counters live in `backend.core.throttle`'s storage (Redis when configured, shared by all workers and nodes).

Addresses are the client's, as the trusted proxies report it (`TRUSTED_PROXY_HOPS`, ProxyFix): behind nginx every
request would otherwise come from the proxy, and a per-address limit would be a city-wide one.
"""
from __future__ import annotations

import logging

from flask import request
from limits import parse_many

from backend.core import throttle
from backend.core.errors import TooManyRequests

log = logging.getLogger(__name__)


def declared(limit: str | None) -> str | None:
    """A limit as an endpoint declares it, parsed once at import: a typo fails the app's start, not a login."""
    if limit is not None:
        parse_many(limit)
    return limit


def client_address() -> str:
    """The calling client's address (after ProxyFix); what services are given to count or record."""
    return request.remote_addr or "unknown"


def check(limit: str, scope: str, key: str) -> None:
    """Count one hit for `key` under `scope`; refuse with 429 once `limit` (e.g. "10/minute") is used up.

    A storage outage lets the request through (logged): these limits guard capacity, and the login rules that
    guard passwords make their own choice (backend.accounts.login_guard)."""
    if not throttle.enabled():
        return
    try:
        wait = throttle.spend(limit, scope, key)
    except throttle.ThrottleUnavailable:
        log.error("rate-limit storage unavailable; %s not counted", scope, exc_info=True)
        return
    if wait:
        raise TooManyRequests(details={"retry_after_seconds": wait})


def address_key() -> str:
    return f"ip:{throttle.address_key(client_address())}"
