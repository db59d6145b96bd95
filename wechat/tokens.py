"""Access tokens shared by every process, refreshed by one process at a time.

wechatpy keeps tokens in a "session storage" and, with auto_retry on, refetches and retries without end on a
token error. Here auto_retry is off; tokens live in a shared store (Redis when configured, the database otherwise,
see `RedisTokenStore` and backend's database store); a refresh happens under the store's lock and first re-reads
the store, so when many processes meet an expired token at once only one asks WeChat for a new one.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Protocol, TypeVar

from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

T = TypeVar("T")
log = logging.getLogger(__name__)
# 40001 invalid credential, 40014 invalid access_token, 42001 access_token expired.
TOKEN_ERRORS = {40001, 40014, 42001}
SAFETY_MARGIN_SECONDS = 300  # refresh a little early: a token must not expire between our check and WeChat's
TOKEN_RETRIES = 1  # one refresh and resend per call; a second token error in a row is WeChat's to explain


class TokenStore(Protocol):
    def get(self, appid: str) -> tuple[str, float] | None: ...
    def put(self, appid: str, token: str, expires_at: float) -> None: ...
    def forget(self, appid: str, token: str) -> None: ...
    def refresh_lock(self, appid: str) -> AbstractContextManager: ...


class RedisTokenStore:
    def __init__(self, client) -> None:
        self.client = client

    def _key(self, appid: str) -> str:
        return f"dogpass:wechat-token:{appid}"

    def get(self, appid: str) -> tuple[str, float] | None:
        raw = self.client.get(self._key(appid))
        if raw is None:
            return None
        value = json.loads(raw)
        return value["token"], value["expires_at"]

    def put(self, appid: str, token: str, expires_at: float) -> None:
        ttl = max(1, int(expires_at - time.time()))
        self.client.set(self._key(appid), json.dumps({"token": token, "expires_at": expires_at}), ex=ttl)

    # Compare-and-delete in one step: a get-then-delete could drop the token another process just fetched.
    _FORGET = "local v = redis.call('GET', KEYS[1]) if v and cjson.decode(v)['token'] == ARGV[1] then " \
              "return redis.call('DEL', KEYS[1]) end return 0"

    def forget(self, appid: str, token: str) -> None:
        self.client.eval(self._FORGET, 1, self._key(appid), token)

    def refresh_lock(self, appid: str) -> AbstractContextManager:
        return self.client.lock(f"{self._key(appid)}:refresh", timeout=30, blocking_timeout=30)


class MemoryTokenStore:
    """One process only (a script, a unit test); `make run` and production use Redis or the database."""

    def __init__(self) -> None:
        import threading

        self._tokens: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def get(self, appid: str) -> tuple[str, float] | None:
        return self._tokens.get(appid)

    def put(self, appid: str, token: str, expires_at: float) -> None:
        self._tokens[appid] = (token, expires_at)

    def forget(self, appid: str, token: str) -> None:
        if self._tokens.get(appid, ("",))[0] == token:
            self._tokens.pop(appid, None)

    def refresh_lock(self, appid: str) -> AbstractContextManager:
        return self._lock


class FallbackTokenStore:
    """The shared store, or this process's memory while the shared one is unreachable: an outage of Redis must
    not stop WeChat calls. Processes then hold tokens of their own for a while; WeChat accepts that, and a token
    one of them invalidates is met by the bounded refresh-and-retry."""

    def __init__(self, primary: TokenStore, fallback: TokenStore | None = None) -> None:
        self.primary = primary
        self.fallback = fallback or MemoryTokenStore()

    def _try(self, method: str, *args):
        try:
            return getattr(self.primary, method)(*args)
        except Exception:
            log.warning("shared token store unavailable; using this process's memory", exc_info=True)
            return getattr(self.fallback, method)(*args)

    def get(self, appid: str) -> tuple[str, float] | None:
        return self._try("get", appid)

    def put(self, appid: str, token: str, expires_at: float) -> None:
        self._try("put", appid, token, expires_at)

    def forget(self, appid: str, token: str) -> None:
        self._try("forget", appid, token)

    def refresh_lock(self, appid: str) -> AbstractContextManager:
        return _FallbackLock(self, appid)


class _FallbackLock:
    def __init__(self, store: FallbackTokenStore, appid: str) -> None:
        self.store, self.appid, self.lock = store, appid, None

    def __enter__(self):
        try:
            self.lock = self.store.primary.refresh_lock(self.appid)
            return self.lock.__enter__()
        except Exception:
            log.warning("shared token lock unavailable; locking in this process only", exc_info=True)
            self.lock = self.store.fallback.refresh_lock(self.appid)
            return self.lock.__enter__()

    def __exit__(self, *exc_info):
        try:
            return self.lock.__exit__(*exc_info)
        except Exception:
            log.warning("could not release the shared token lock; it expires by itself", exc_info=True)
            return False


LOCAL_MEMO_SECONDS = 30  # how long a process trusts the token it last read before asking the shared store again


class SharedTokenClient(WeChatClient):
    def __init__(self, appid: str, secret: str, store: TokenStore, **kwargs) -> None:
        super().__init__(appid, secret, auto_retry=False, **kwargs)
        self.store = store
        self._memo: tuple[str, float, float] | None = None  # token, expires_at, read_at
        self._refused: str | None = None  # the last token WeChat refused: never used again, whoever memoised it

    @property
    def access_token(self) -> str:
        """The shared token. A process keeps what it read for a few seconds (every send needs the token twice,
        and a notice batch sends dozens); a token error clears it at once (with_fresh_token)."""
        now, refused = time.time(), self._refused
        memo = self._memo
        if memo and memo[0] != refused and now - memo[2] < LOCAL_MEMO_SECONDS and memo[1] - SAFETY_MARGIN_SECONDS > now:
            return memo[0]
        current = self.store.get(self.appid)
        if current and current[0] != refused and current[1] - SAFETY_MARGIN_SECONDS > now:
            self._memo = (current[0], current[1], now)
            return current[0]
        return self.refresh(stale=current[0] if current else None)

    def refresh(self, stale: str | None = None) -> str:
        """Get a new token unless another process already did while we waited for the lock."""
        with self.store.refresh_lock(self.appid):
            current = self.store.get(self.appid)
            if current and current[0] != stale and current[1] - SAFETY_MARGIN_SECONDS > time.time():
                self._memo = (current[0], current[1], time.time())
                return current[0]
            result = self._fetch_access_token(
                url="https://api.weixin.qq.com/cgi-bin/token",
                params={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret})
            token, expires_at = result["access_token"], time.time() + int(result.get("expires_in", 7200))
            self.store.put(self.appid, token, expires_at)
            self._memo = (token, expires_at, time.time())
            return token

    def fetch_access_token(self):  # wechatpy's name for it: a valid shared token, fetched only if there is none
        return {"access_token": self.refresh()}

    def with_fresh_token(self, call: Callable[[], T]) -> T:
        """Run `call`; on a token error drop that token, refresh once and run it again (never more)."""
        for attempt in range(TOKEN_RETRIES + 1):
            token = self.access_token
            try:
                return call()
            except WeChatClientException as exc:
                if exc.errcode not in TOKEN_ERRORS or attempt == TOKEN_RETRIES:
                    raise
                # Another thread may memoise the refused token again from a read that began before this
                # error; marking it refused keeps every thread of this process off it.
                self._refused, self._memo = token, None
                self.store.forget(self.appid, token)
        raise AssertionError("unreachable")
