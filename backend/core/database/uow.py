"""The unit of work: services own their transaction through `transaction()`.

Nested use joins the outer transaction; only the outermost block commits. Callbacks registered with
`after_commit` run once the outermost commit has succeeded and are dropped on rollback.
"""
from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from backend.core.database.extensions import db
from backend.core.errors import Busy

log = logging.getLogger(__name__)
# MariaDB: 1213 deadlock, 1205 lock wait timeout. SQLite: "database is locked".
RETRYABLE_MYSQL_CODES = {1205, 1213}
ATTEMPTS = 3

_DEPTH = "dogpass.depth"
_CALLBACKS = "dogpass.after_commit"
_LOCALS = "dogpass.transaction_locals"


@contextmanager
def transaction() -> Iterator[Session]:
    session = db.session()
    depth = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = depth + 1
    try:
        yield session
        if depth == 0:
            session.commit()
    except BaseException:
        if depth == 0:
            session.rollback()
            session.info.pop(_CALLBACKS, None)
        raise
    finally:
        session.info[_DEPTH] = depth
        if depth == 0:
            session.info.pop(_LOCALS, None)
    if depth == 0:
        _run_after_commit(session)


def transaction_local(key: str, factory: Callable[[], object]):
    """A value that lives as long as the current outermost transaction (e.g. the notices it wrote), so several
    writes can share one after-commit action. Gone after commit or rollback."""
    values = db.session().info.setdefault(_LOCALS, {})
    if key not in values:
        values[key] = factory()
    return values[key]


def after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` after the current transaction commits (immediately if none is open)."""
    session = db.session()
    if session.info.get(_DEPTH, 0) == 0:
        callback()
        return
    session.info.setdefault(_CALLBACKS, []).append(callback)


def _run_after_commit(session: Session) -> None:
    """Run the callbacks; a read one of them made must not keep a transaction (on SQLite, a write lock) open for
    the next, which may deliver notices on another connection."""
    callbacks = session.info.pop(_CALLBACKS, [])
    for callback in callbacks:
        callback()
        if session.in_transaction():
            session.commit()


def _retryable(exc: OperationalError) -> bool:
    code = getattr(exc.orig, "args", (None,))[0]
    return code in RETRYABLE_MYSQL_CODES or "database is locked" in str(exc.orig)


def retrying(service: Callable) -> Callable:
    """Run a service again when the database chose its transaction as a deadlock victim.

    Services take their locks in one order (licence, then its transfer or inspection, then household keys, then
    sequences), so deadlocks should not happen; this keeps the rare one (gap locks, lock timeouts under load) from
    becoming a 500. Only the outermost service retries: inside another, the whole outer transaction is gone."""

    @functools.wraps(service)
    def run(*args, **kwargs):
        for attempt in range(1, ATTEMPTS + 1):
            if db.session().info.get(_DEPTH, 0) > 0:
                return service(*args, **kwargs)
            try:
                return service(*args, **kwargs)
            except OperationalError as exc:
                if not _retryable(exc):
                    raise
                log.warning("%s: lock conflict, attempt %s of %s", service.__name__, attempt, ATTEMPTS)
                if attempt == ATTEMPTS:
                    raise Busy() from exc
                time.sleep(random.uniform(0.01, 0.05) * attempt)  # noqa: S311 - jitter, not security
        raise AssertionError("unreachable")

    return run
