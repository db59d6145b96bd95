"""Counters against guessing and floods, shared by every process and node.

They live in the `limits` library's storage: Redis when `RATELIMIT_STORAGE_URI` (default `REDIS_URL`) is set, so
every worker and every node counts together; memory otherwise (one process, for a laptop). Windows are fixed and
start at a key's first hit. The endpoint limits (`miniprogram_api.limits`) and the login rules
(`backend.accounts.login_guard`) both count here; `RATELIMIT_ENABLED` off (tests, benchmarks) turns all of it off.

Clients are counted by address as the proxies report it (`TRUSTED_PROXY_HOPS`, see `install_proxy_fix`); IPv6
addresses by their /64, since one subscriber is handed a whole /64 and could otherwise step through it.
"""
from __future__ import annotations

import ipaddress
import math
import threading
import time

from flask import Flask, current_app
from limits import RateLimitItem, parse_many, storage, strategies
from limits.errors import StorageError

_building = threading.Lock()


class ThrottleUnavailable(Exception):
    """The shared storage (Redis) could not be reached; each caller decides whether to fail open or closed."""


def install_proxy_fix(app: Flask) -> None:
    """Behind `TRUSTED_PROXY_HOPS` proxies, take the client's address (and scheme) from X-Forwarded-For (-Proto).

    ProxyFix reads the hops-th entry from the right, the one our own outermost proxy appended: anything a client
    wrote into the header itself stands further left and is never read. With 0 (no proxy) the headers are ignored,
    so a client cannot claim another address by sending them."""
    hops = app.config["TRUSTED_PROXY_HOPS"]
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def enabled() -> bool:
    return bool(current_app.config["RATELIMIT_ENABLED"])


def address_key(address: str | None) -> str:
    """The client an address stands for: IPv4 as it is, IPv6 by its /64 (IPv4-mapped ones as IPv4)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _storage() -> storage.Storage:
    app = current_app._get_current_object()
    built = app.extensions.get("dogpass.throttle")
    if built is None:
        with _building:
            built = app.extensions.get("dogpass.throttle")
            if built is None:
                uri = app.config["RATELIMIT_STORAGE_URI"]
                options = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5} if uri.startswith("redis") else {}
                built = app.extensions["dogpass.throttle"] = storage.storage_from_string(
                    uri, wrap_exceptions=True, **options)
    return built


def limiter() -> strategies.FixedWindowRateLimiter:
    app = current_app._get_current_object()
    built = app.extensions.get("dogpass.limiter")
    if built is None:
        built = app.extensions["dogpass.limiter"] = strategies.FixedWindowRateLimiter(_storage())
    return built


def _guarded(call, *args):
    try:
        return call(*args)
    except StorageError as exc:
        raise ThrottleUnavailable(str(exc)) from exc


# Budgets: "30/minute" or several windows at once, "5/minute;100/day".

def _items(limit: str) -> list[RateLimitItem]:
    return parse_many(limit)


def wait_for(limit: str, *identifiers: str) -> int:
    """Seconds until the budget has room again (0: it has room now). Counts nothing."""
    for item in _items(limit):
        if not _guarded(limiter().test, item, *identifiers):
            reset = _guarded(limiter().get_window_stats, item, *identifiers).reset_time
            return max(1, math.ceil(reset - time.time()))
    return 0


def spend(limit: str, *identifiers: str) -> int:
    """Count one against every window of the budget; the seconds to wait when one is now over (0: within)."""
    over = 0
    for item in _items(limit):
        if not _guarded(limiter().hit, item, *identifiers):
            reset = _guarded(limiter().get_window_stats, item, *identifiers).reset_time
            over = max(over, max(1, math.ceil(reset - time.time())))
    return over


# Plain counters and markers, for rules that are not "n per window".

def hit(key: str, window_seconds: int, amount: int = 1) -> int:
    """Add `amount` to a counter whose window starts at its first hit; the new count."""
    return _guarded(_storage().incr, key, max(1, int(window_seconds)), amount)


def count(key: str) -> int:
    return _guarded(_storage().get, key)


def seconds_left(key: str) -> int:
    """Seconds until the key's window ends (at least 1)."""
    return max(1, math.ceil(_guarded(_storage().get_expiry, key) - time.time()))


def hold(key: str, seconds: int) -> None:
    """A marker that lasts `seconds` from now, whatever was there."""
    _guarded(_storage().clear, key)
    hit(key, seconds)


def held(key: str) -> bool:
    return count(key) > 0


def clear(*keys: str) -> None:
    for key in keys:
        _guarded(_storage().clear, key)
