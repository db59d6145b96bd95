"""The unit of work: services own their transaction through `transaction()`.

Nested use joins the outer transaction; only the outermost block commits. Callbacks registered with
`after_commit` run once the outermost commit has succeeded and are dropped on rollback.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from backend.extensions import db

_DEPTH = "dogpass.depth"
_CALLBACKS = "dogpass.after_commit"


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
        _run_after_commit(session)


def after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` after the current transaction commits (immediately if none is open)."""
    session = db.session()
    if session.info.get(_DEPTH, 0) == 0:
        callback()
        return
    session.info.setdefault(_CALLBACKS, []).append(callback)


def _run_after_commit(session: Session) -> None:
    callbacks = session.info.pop(_CALLBACKS, [])
    for callback in callbacks:
        callback()
