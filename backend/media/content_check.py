"""Text residents write for others to read (stray and lost reports, messages to owners and finders) goes through
WeChat's content security check (msgSecCheck v2) before it is stored.

`risky` is refused; `review` is stored but flagged for staff; an unreachable WeChat does not stop a resident
reporting a stray dog (CONTENT_CHECK_FAIL_OPEN, the default): the text is flagged instead. Called before the
service's transaction opens, so no row lock is held across the network call.
"""
from __future__ import annotations

import logging

from flask import current_app

from backend.accounts.models.people import User
from backend.core import ports
from backend.core.database.extensions import db
from backend.core.errors import UpstreamUnavailable, ValidationFailed

log = logging.getLogger(__name__)

# WeChat's scenes: 1 profile, 2 comment, 3 forum, 4 social log. Reports and messages are forum-like posts.
SCENE_POST = 3


def _openid_of(user_id: str) -> str | None:
    session = db.session()
    began = not session.in_transaction()
    openid = session.scalar(db.select(User.mini_openid).where(User.id == user_id))
    if began:
        # This read must not stay open over the WeChat call: on SQLite every transaction holds the write lock
        # (backend.core.database.sqlite), and a token refresh during the call writes through a connection of its own,
        # which would wait for that lock until the request gave up (503 busy_try_again).
        session.commit()
    return openid


def screen(user_id: str, *texts: str, field: str = "description") -> bool:
    """Check what a resident wrote; True when it must be flagged for staff, ValidationFailed when refused."""
    content = "\n".join(t for t in texts if t)
    if not content:
        return False
    openid = _openid_of(user_id)
    if not openid:
        return True
    try:
        verdict = ports.get(ports.ContentChecker).check(openid, content, SCENE_POST)
    except ConnectionError as exc:
        if current_app.config["CONTENT_CHECK_FAIL_OPEN"]:
            log.warning("content check unavailable, text flagged for staff: %s", exc)
            return True
        raise UpstreamUnavailable("内容安全检测暂不可用，请稍后再试", code="content_check_unavailable") from exc
    except ValueError as exc:
        log.warning("content check refused the request, text flagged for staff: %s", exc)
        return True
    if verdict.suggest == "risky":
        raise ValidationFailed("内容含有违规信息，请修改后再提交", code="content_risky",
                               details={field: "内容未通过安全检测"})
    return verdict.suggest == "review"
