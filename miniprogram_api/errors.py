"""Every error as `{"error": {"code", "message", "details"}}` with a Chinese message."""
from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from backend.core.errors import DomainError
from backend.ops.outage import RETRY_AFTER_SECONDS, DatabaseUnavailable, is_database_outage

log = logging.getLogger(__name__)

HTTP_ERRORS = {
    400: ("bad_request", "请求格式不正确"),
    401: ("unauthorized", "请先登录"),
    403: ("forbidden", "没有权限执行此操作"),
    404: ("not_found", "请求的资源不存在"),
    405: ("method_not_allowed", "不支持该请求方法"),
    413: ("payload_too_large", "上传内容过大"),
    415: ("unsupported_media_type", "不支持的内容类型"),
    429: ("too_many_requests", "操作过于频繁，请稍后再试"),
}


def error_body(code: str, message: str, details: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        response = jsonify(error_body(exc.code, exc.message, exc.details))
        response.status_code = exc.status
        if exc.status == 429 and "retry_after_seconds" in exc.details:
            # Clients (curl --retry, the console) wait as long as the header says.
            response.headers["Retry-After"] = str(exc.details["retry_after_seconds"])
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code, message = HTTP_ERRORS.get(exc.code or 500, ("http_error", "请求无法处理"))
        response = jsonify(error_body(code, message))
        response.status_code = exc.code or 500
        for header in ("Retry-After", "Allow"):
            if exc.get_response().headers.get(header):
                response.headers[header] = exc.get_response().headers[header]
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        if is_database_outage(exc):  # an outage to wait out, not a bug: 503 with Retry-After, never 500
            log.warning("database unavailable: %s", exc.__class__.__name__)
            response = domain_error(DatabaseUnavailable())
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        log.exception("unhandled error")
        return jsonify(error_body("internal_error", "系统繁忙，请稍后再试")), 500
