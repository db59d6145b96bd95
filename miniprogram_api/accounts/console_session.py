"""The console's cookie: reading it for staff endpoints, the same-origin and CSRF checks, setting and clearing it.

Bearer tokens (Authorization header) are unchanged and win when both are present; the cookie is only read for
staff endpoints, never for residents'."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, current_app, g, request

from backend.accounts import staff_sessions
from backend.accounts.models.people import StaffUser
from backend.core.errors import Forbidden, Unauthorized

SESSION_COOKIE = "dogpass_staff_session"
CSRF_COOKIE = "dogpass_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def has_session_cookie() -> bool:
    return "Authorization" not in request.headers and bool(request.cookies.get(SESSION_COOKIE))


def staff_from_cookie(roles: tuple[str, ...], *, password_change_pending_ok: bool = False) -> StaffUser:
    unsafe = request.method not in SAFE_METHODS
    if unsafe:
        check_same_origin()
    session = staff_sessions.authenticate(request.cookies[SESSION_COOKIE], roles,
                                          csrf=request.headers.get(CSRF_HEADER), needs_csrf=unsafe,
                                          password_change_pending_ok=password_change_pending_ok)
    g.staff_session_id = session.session_id
    return session.staff


def end_current_session() -> None:
    """Logout: the session of this cookie ends. One already ended (idle, password changed) leaves only the cookies
    to clear; a request from another origin or without the CSRF token is refused (no logging people out from
    another site)."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return
    check_same_origin()
    try:
        session = staff_sessions.authenticate(token, (), csrf=request.headers.get(CSRF_HEADER), needs_csrf=True,
                                              password_change_pending_ok=True)
    except Unauthorized:
        return
    staff_sessions.sign_out(session.session_id)


def current_session_id() -> str | None:
    return g.get("staff_session_id")


def check_same_origin() -> None:
    """A browser says where a request comes from (Sec-Fetch-Site, Origin): anything but this very origin is
    refused before the session is even looked at. Clients that send neither (curl) still need the CSRF token."""
    site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    # The host, not the scheme: behind a proxy that ends TLS the app may see http while the browser says https.
    if (site is not None and site != "same-origin") or (origin is not None and urlsplit(origin).netloc != request.host):
        raise Forbidden("请求来源校验失败，请从控制台页面操作", code="csrf_failed",
                        details={"origin": origin, "sec_fetch_site": site})


def set_cookies(response: Response, session: staff_sessions.ConsoleSession) -> Response:
    """HttpOnly for the session (scripts never see it), SameSite=Strict for both (no other site's page sends
    them), Secure when served over HTTPS. The CSRF cookie is readable by the console's script on purpose."""
    common = {"samesite": "Strict", "secure": _secure(), "path": "/"}
    response.set_cookie(SESSION_COOKIE, session.cookie_token, httponly=True, **common)
    response.set_cookie(CSRF_COOKIE, session.csrf_token, httponly=False, **common)
    return response


def clear_cookies(response: Response) -> Response:
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(name, path="/", samesite="Strict", secure=_secure())
    return response


def _secure() -> bool:
    """Secure over HTTPS, and always in production unless STAFF_SESSION_COOKIE_SECURE says otherwise: behind a proxy
    that ends TLS the request may look like plain HTTP to the app."""
    forced = current_app.config.get("STAFF_SESSION_COOKIE_SECURE")
    if forced is not None:
        return bool(forced) or request.is_secure
    return request.is_secure or current_app.config["DOGPASS_ENV"] == "production"
