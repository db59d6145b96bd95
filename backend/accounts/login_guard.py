"""What slows down guessing at the two logins, without turning against the people it protects.

Mini-program login: a WeChat login code cannot be guessed (32 random characters, one use, five minutes), so a
genuine login is never counted: thousands of residents behind one carrier NAT may log in at 09:00. Only refusals
(invalid or used codes) count against the client address, and an address past its budget is refused before
WeChat is asked.

Staff login: wrong passwords lock the account *for the address they came from* (so an outsider cannot lock a
reviewer out of their own desk); past a number of failures from anywhere, the account gives addresses it has not
signed in from one try per delay, doubling (so a botnet, each address below the lock, still gets few guesses);
and one address spraying many usernames runs out of its own budget. Unknown usernames are counted exactly like
known ones, so the answers never tell which usernames exist. Every lock is in the audit log.

Counters live in `backend.core.throttle` (Redis when configured: every node counts together). Refused attempts never
test a password. An admin's unlock, or a new password, starts the account's counts again (`login_lock_epoch`).
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app

from backend.core import clock, throttle
from backend.core.errors import DomainError, TooManyRequests

log = logging.getLogger(__name__)


class LoginProtectionUnavailable(DomainError):
    status = 503
    code = "login_unavailable"
    message = "登录保护服务暂时不可用，请稍后再试"


def _too_many(message: str, code: str, seconds: int) -> TooManyRequests:
    return TooManyRequests(message, code=code, details={"retry_after_seconds": seconds})


# Mini-program login ------------------------------------------------------------------------------------------

def wx_login_allowed(address: str) -> None:
    """Refuse an address that has used up its failed-login budget. A storage outage lets logins through: the
    budget saves WeChat calls, it guards no secret."""
    if not throttle.enabled():
        return
    try:
        wait = throttle.wait_for(current_app.config["WX_LOGIN_FAILURE_LIMIT"], "wx-login-failed",
                                 throttle.address_key(address))
    except throttle.ThrottleUnavailable:
        log.error("throttle storage unavailable; wx-login failures not checked", exc_info=True)
        return
    if wait:
        raise _too_many("登录失败次数过多，请稍后再试", "too_many_failed_logins", wait)


def wx_login_failed(address: str) -> None:
    if not throttle.enabled():
        return
    try:
        throttle.spend(current_app.config["WX_LOGIN_FAILURE_LIMIT"], "wx-login-failed", throttle.address_key(address))
    except throttle.ThrottleUnavailable:
        log.error("throttle storage unavailable; a wx-login failure not counted", exc_info=True)


# Staff login -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StaffLock:
    """An account locked for one address (written to the audit log)."""
    address: str
    until: datetime


@dataclass
class StaffAttempt:
    """One password check the rules allowed; `succeeded()` or `failed()` settles it."""
    subject: str  # the account's key: its id, or the folded username when there is no such account
    epoch: int
    address: str
    attempt_no: int

    @property
    def net(self) -> str:
        return throttle.address_key(self.address)

    def key(self, part: str) -> str:
        return f"staff-login:{self.subject}:{self.epoch}:{part}"

    def succeeded(self) -> None:
        if not throttle.enabled():
            return
        days = current_app.config["STAFF_LOGIN_FAMILIAR_DAYS"]
        with _storage_required():
            throttle.clear(self.key(f"tries:{self.net}"), self.key("failures"), self.key("slot"))
            throttle.hold(_familiar_key(self.subject, self.net), days * 86400)

    def failed(self) -> tuple[StaffLock | None, int | None]:
        """Count the failure. Returns the lock it caused (for this address), and the account's failure count when
        this failure began its slow-down (both to be audited)."""
        if not throttle.enabled():
            return None, None
        config = current_app.config
        with _storage_required():
            throttle.spend(config["STAFF_LOGIN_ADDRESS_FAILURE_LIMIT"], "staff-login-failed", self.net)
            failures = throttle.hit(self.key("failures"), config["STAFF_LOGIN_FAILURE_WINDOW_HOURS"] * 3600)
            lock = None
            if self.attempt_no >= config["STAFF_LOGIN_MAX_FAILURES"]:
                minutes = config["STAFF_LOGIN_LOCK_MINUTES"]
                throttle.hold(self.key(f"lock:{self.net}"), minutes * 60)
                throttle.clear(self.key(f"tries:{self.net}"))
                lock = StaffLock(self.address, clock.now() + timedelta(minutes=minutes))
        slowed_from = failures if failures == config["STAFF_LOGIN_SLOWDOWN_AFTER"] else None
        return lock, slowed_from


def staff_subject(staff_id: str | None, username: str) -> str:
    """Known accounts by id (MariaDB finds "Reviewer" as "reviewer": a case change must not be a fresh budget);
    unknown usernames by their folded form, hashed (keys of any length and characters)."""
    if staff_id:
        return f"id:{staff_id}"
    return "name:" + hashlib.sha256(username.casefold().encode()).hexdigest()[:32]


def begin_staff_attempt(subject: str, epoch: int, address: str) -> StaffAttempt:
    """Allow one password check, or refuse (429) before any is made. Storage down: refuse (503) — these rules
    are what stops password guessing, so without them nobody signs in."""
    attempt = StaffAttempt(subject, epoch, address, attempt_no=0)
    if not throttle.enabled():
        return attempt
    with _storage_required():
        _check_address_budget(attempt.net)
        attempt.attempt_no = _take_address_try(attempt)
        try:
            _take_account_slot(attempt)
        except TooManyRequests:
            throttle.hit(attempt.key(f"tries:{attempt.net}"), 60, amount=-1)  # refused unchecked: not a try
            raise
    return attempt


def _check_address_budget(net: str) -> None:
    wait = throttle.wait_for(current_app.config["STAFF_LOGIN_ADDRESS_FAILURE_LIMIT"], "staff-login-failed", net)
    if wait:
        raise _too_many("此网络登录失败次数过多，请稍后再试", "too_many_failed_logins", wait)


def _take_address_try(attempt: StaffAttempt) -> int:
    config = current_app.config
    lock_key = attempt.key(f"lock:{attempt.net}")
    locked_message = "此账号在当前网络登录失败次数过多，已暂时锁定，请稍后再试或联系管理员解锁"
    if throttle.held(lock_key):
        raise _too_many(locked_message, "account_locked", throttle.seconds_left(lock_key))
    # Counted before the check (atomically), so simultaneous tries from one address cannot pass the limit together.
    tries_key = attempt.key(f"tries:{attempt.net}")
    tried = throttle.hit(tries_key, config["STAFF_LOGIN_LOCK_MINUTES"] * 60)
    if tried > config["STAFF_LOGIN_MAX_FAILURES"]:
        raise _too_many(locked_message, "account_locked", throttle.seconds_left(tries_key))
    return tried


def _take_account_slot(attempt: StaffAttempt) -> None:
    """Past SLOWDOWN_AFTER failures, an address the account has not signed in from takes the one slot open per
    delay (1 s, doubling per further failure, at most SLOWDOWN_MAX_SECONDS). The slot is taken with one atomic
    increment, so a crowd arriving together gets one check, not one each."""
    config = current_app.config
    failures = throttle.count(attempt.key("failures"))
    excess = failures - config["STAFF_LOGIN_SLOWDOWN_AFTER"]
    if excess < 0 or throttle.held(_familiar_key(attempt.subject, attempt.net)):
        return
    delay = min(2 ** min(excess, 30), config["STAFF_LOGIN_SLOWDOWN_MAX_SECONDS"])
    slot_key = attempt.key("slot")
    if throttle.hit(slot_key, delay) > 1:
        raise _too_many("此账号登录失败次数过多，请稍后再试", "login_slowed", throttle.seconds_left(slot_key))


def _familiar_key(subject: str, net: str) -> str:
    # Not under the epoch: an unlock or a new password does not make the member's own desk a stranger.
    return f"staff-login:{subject}:familiar:{net}"


@contextmanager
def _storage_required() -> Iterator[None]:
    """A storage outage answers the staff login 503 (fail closed)."""
    try:
        yield
    except throttle.ThrottleUnavailable as exc:
        log.error("throttle storage unavailable; staff login refused", exc_info=True)
        raise LoginProtectionUnavailable() from exc
