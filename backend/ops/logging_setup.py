"""Logging with ID numbers masked in every record, whatever code logged them and whichever handler writes it.

Masking happens where records are made (the record factory), so handlers added later — gunicorn's, Celery's,
a test's — never see a clear number. The factory also stamps each record with the current request id
(backend.ops.request_ids), and with `LOG_FORMAT=json` (production's default) lines are JSON objects.
"""
from __future__ import annotations

import logging

from backend.core.security.idnumber import mask_text
from backend.ops import json_logs

_installed = False


_formatter = logging.Formatter()


def _masking_factory(original):
    def make_record(*args, **kwargs) -> logging.LogRecord:
        record = original(*args, **kwargs)
        json_logs.stamp_request_id(record)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the caller's bug; leave the record for logging to report
            return record
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and record.exc_info[0] is not None:
            # Formatters reuse exc_text when it is set, so the traceback goes out masked too.
            record.exc_text = mask_text(_formatter.formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return record

    return make_record


def init_app(app) -> None:
    global _installed
    if _installed:
        return
    logging.setLogRecordFactory(_masking_factory(logging.getLogRecordFactory()))
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(formatter(app.config["LOG_FORMAT"]))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    if app.config["LOG_FORMAT"] == "json":
        json_logs.format_celery_logs_as_json()
    _installed = True


def formatter(log_format: str) -> logging.Formatter:
    if log_format == "json":
        return json_logs.JsonLinesFormatter()
    return logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
