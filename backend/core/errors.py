"""Domain errors: every refusal a service can make, with a machine code and a Chinese message.

Adapters turn these into responses (HTTP status + `{"error": {...}}`) or replies; services never build responses.
"""
from __future__ import annotations


class DomainError(Exception):
    status = 400
    code = "bad_request"
    message = "请求无效"

    def __init__(self, message: str | None = None, *, code: str | None = None, details: dict | None = None):
        self.message = message or self.message
        self.code = code or self.code
        self.details = details or {}
        super().__init__(self.message)

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "details": self.details}


class ValidationFailed(DomainError):
    """Input that breaks a rule about the input itself (422); `details` names each bad field."""
    status = 422
    code = "validation_failed"
    message = "提交的信息有误，请检查后重试"


class NotFound(DomainError):
    """Also used for records that exist but belong to somebody else: never a hint they exist."""
    status = 404
    code = "not_found"
    message = "记录不存在"


class Conflict(DomainError):
    """The record's current state does not allow the action (409)."""
    status = 409
    code = "conflict"
    message = "当前状态不允许此操作"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"
    message = "请先登录"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"
    message = "没有权限执行此操作"


class UnsupportedMediaType(DomainError):
    """A body in a format the endpoint does not take (a form or an upload where JSON is expected)."""
    status = 415
    code = "unsupported_media_type"
    message = "不支持的内容类型"


class TooManyRequests(DomainError):
    status = 429
    code = "too_many_requests"
    message = "操作过于频繁，请稍后再试"


class UpstreamUnavailable(DomainError):
    """An outside service (WeChat, a payment gateway) failed; the request may be retried."""
    status = 502
    code = "upstream_unavailable"
    message = "微信服务暂时不可用，请稍后重试"


class Busy(DomainError):
    """Lost a lock conflict more than once; nothing was changed and the request may simply be sent again."""
    status = 503
    code = "busy_try_again"
    message = "系统繁忙，请稍后重试"
