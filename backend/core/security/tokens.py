"""Bearer tokens.

Resident tokens are signed and self-contained (user id + expiry), so the hot read endpoints need no token
query. Staff tokens also carry a version that the staff row must still match: logout and role changes revoke them.
"""
from __future__ import annotations

import time
from functools import lru_cache

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from backend.core.errors import Unauthorized


def _serializer(kind: str) -> URLSafeTimedSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"], kind)


@lru_cache(maxsize=16)
def _serializer_for(secret: str, kind: str) -> URLSafeTimedSerializer:
    # Built once per key: itsdangerous derives the signing key when the serializer signs or checks, and
    # rebuilding it on every request cost more than the rest of a cached read.
    return URLSafeTimedSerializer(secret, salt=f"dogpass-{kind}-token")


def issue(kind: str, payload: dict) -> str:
    return _serializer(kind).dumps(payload)


_verified: dict[tuple[str, str, str], tuple[dict, float]] = {}
VERIFIED_CACHE_SIZE = 20_000


def read(kind: str, token: str, max_age: int) -> dict:
    """Check signature and age. A token a process has verified before is found in a small cache (keyed by the
    whole token, so nothing about it can differ) and only its age is checked again: a resident sends the same
    token with every request for days, and checking the HMAC each time cost as much as a cached read."""
    key = (current_app.config["SECRET_KEY"], kind, token)
    known = _verified.get(key)
    if known is not None:
        payload, signed_at = known
        if time.time() - signed_at <= max_age:
            return payload
        raise Unauthorized("登录已过期，请重新登录", code="token_expired")
    try:
        payload, signed_at = _serializer(kind).loads(token, max_age=max_age, return_timestamp=True)
    except SignatureExpired as exc:
        raise Unauthorized("登录已过期，请重新登录", code="token_expired") from exc
    except BadSignature as exc:
        raise Unauthorized("登录凭证无效，请重新登录", code="invalid_token") from exc
    if len(_verified) >= VERIFIED_CACHE_SIZE:
        _verified.clear()  # simpler than an LRU, and a refill costs one HMAC per active token
    _verified[key] = (payload, signed_at.timestamp())
    return payload
