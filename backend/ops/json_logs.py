"""Log records as JSON lines: one object per line with the time (UTC, ISO 8601), level, logger, message, the
request id when there is one, and the traceback. ID numbers are already masked where the record was made
(backend.ops.logging_setup), so this only arranges what it is given.

Chosen with `LOG_FORMAT=json` (the default in production); `text` keeps the plain lines for a developer's terminal.
"""
from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from backend.ops import request_ids

# Attributes every LogRecord has; anything else a caller passed with `extra=` goes into the line as a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}


class JsonLinesFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            line["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            line["exc"] = record.exc_text or self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, ensure_ascii=False, default=str)


def stamp_request_id(record: logging.LogRecord) -> None:
    """Called where records are made (the record factory), in the thread that logs: the id of its request or
    task, if any."""
    if not hasattr(record, "request_id"):
        record.request_id = request_ids.current()


def format_celery_logs_as_json() -> None:
    """A Celery worker or beat replaces the root logger's handlers with its own; give those our JSON lines."""
    from celery.signals import after_setup_logger, after_setup_task_logger

    def use_json(logger=None, **_kwargs) -> None:
        for handler in getattr(logger, "handlers", ()):
            handler.setFormatter(JsonLinesFormatter())

    after_setup_logger.connect(use_json, weak=False, dispatch_uid="dogpass.json_logs")
    after_setup_task_logger.connect(use_json, weak=False, dispatch_uid="dogpass.json_task_logs")
