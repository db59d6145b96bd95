"""Request ids: one per HTTP request, taken from nginx's X-Request-Id or made here, sent back in the response,
written into every log line made while the request runs, and carried into the Celery tasks it queues.

The id lives in a context variable, so a log line knows it wherever it was made: in the request, or in the worker
while it runs a task the request queued (the id travels as a message header, `dogpass_request_id`).
"""
from __future__ import annotations

import contextvars
import re
import uuid

HEADER = "X-Request-Id"
TASK_HEADER = "dogpass_request_id"
# nginx's $request_id is 32 hex digits; other proxies send UUIDs. Anything else (too long, spaces, quotes) is a
# client's invention that must not reach the logs as written: a fresh id replaces it.
_ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,64}")

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("dogpass_request_id", default=None)


def current() -> str | None:
    return _current.get()


def accepted_or_new(header_value: str | None) -> str:
    if header_value and _ACCEPTED.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


def begin(request_id: str) -> contextvars.Token:
    return _current.set(request_id)


def end(token: contextvars.Token) -> None:
    _current.reset(token)


def install_celery_signals() -> None:
    """Every task published while a request id is current carries it as a message header; a worker runs the task
    under that id (bound from prerun to postrun, so Celery's own "Task … succeeded" line carries it too)."""
    from celery.signals import before_task_publish, task_postrun, task_prerun

    before_task_publish.connect(_add_header, weak=False, dispatch_uid="dogpass.request_id")
    task_prerun.connect(_bind_task, weak=False, dispatch_uid="dogpass.request_id.prerun")
    task_postrun.connect(_unbind_task, weak=False, dispatch_uid="dogpass.request_id.postrun")


_task_tokens: dict[str, contextvars.Token] = {}


def _bind_task(task_id: str | None = None, task=None, **_kwargs) -> None:
    request_id = from_task_request(task.request) if task is not None else None
    if request_id is not None and task_id is not None:  # None: queued outside a request, or eager in its request
        _task_tokens[task_id] = _current.set(request_id)


def _unbind_task(task_id: str | None = None, **_kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        _current.reset(token)


def _add_header(headers: dict | None = None, **_kwargs) -> None:
    request_id = current()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


def from_task_request(task_request) -> str | None:
    """The id a task's message carries (None when it was queued outside a request: beat, the CLI)."""
    value = getattr(task_request, TASK_HEADER, None)
    if value is None and hasattr(task_request, "get"):
        value = task_request.get(TASK_HEADER)
    return value if isinstance(value, str) and _ACCEPTED.fullmatch(value) else None
