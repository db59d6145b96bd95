"""Acknowledging a follower's question once: "your message was received" goes out when they start waiting for
staff, not for every line they send; staff answering resets it."""
from __future__ import annotations

import logging

from backend.accounts.models.people import User
from backend.core import cache
from backend.core.database.extensions import db
from backend.public_account.models import Conversation

log = logging.getLogger(__name__)
MARKER_SECONDS = 86400


def acknowledge_once(openid: str) -> bool:
    """Acknowledge a question for staff only when the follower is not already waiting for an answer."""
    client = cache.redis_client()
    if client is not None:
        try:
            return bool(client.set(_ack_key(openid), "1", nx=True, ex=MARKER_SECONDS))
        except Exception:
            log.warning("redis unavailable for acknowledgement; asking the database", exc_info=True)
    waiting = db.session.scalar(db.select(Conversation.unanswered).join(User, User.id == Conversation.user_id)
                                .where(User.mp_openid == openid))
    return not waiting


def answered(openid: str | None) -> None:
    """Staff answered: the follower's next question is acknowledged again."""
    client = cache.redis_client()
    if client is not None and openid:
        try:
            client.delete(_ack_key(openid))
        except Exception:
            log.warning("could not reset the acknowledgement marker for a follower", exc_info=True)


def _ack_key(openid: str) -> str:
    return f"dogpass:acknowledged:{openid}"
