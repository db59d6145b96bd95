"""What happens when a follower writes to or taps in the public account. The callback adapter (handlers/) parses
and answers; this is the state behind it: each delivery handled once, followers, the inbox, what to show them.

WeChat waits for the answer, so in production (Redis and a broker configured) the callback only claims the
delivery in Redis and computes the reply; what must be stored (the message, a follow) goes to a task, which claims
it again in the database, so a redelivered task or a retried callback stores it once. Without Redis or a broker
(a laptop, the tests) the same record is stored before answering, in the request's transaction.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

from celery import shared_task
from flask import current_app

from backend.accounts.models.people import User
from backend.core import cache
from backend.core.database.extensions import db
from backend.core.database.uow import transaction
from backend.licensing.models.applications import LicenceApplication
from backend.licensing.models.licences import Licence
from backend.public_account import acknowledgements, followers, inbound, inbox, signed_queries

log = logging.getLogger(__name__)
PROCESSING_SECONDS = 4  # WeChat retries after 5 s: a delivery whose process died before queueing is redone
DONE_SECONDS = 86400

acknowledge_once = acknowledgements.acknowledge_once  # used by the handlers
first_body = signed_queries.first_body  # a signed query carries one body (plain mode)


@dataclass(frozen=True)
class Inbound:
    """What a delivery asks us to store. Plain values: it travels to a task."""
    key: str  # MsgId, or sender + CreateTime + event
    openid: str
    action: str  # message | follow | unfollow | tap
    kind: str = "event"
    content: str = ""
    wechat_msg_id: str | None = None
    needs_staff: bool = False
    auto_reply: str | None = None


def claim(key: str) -> bool:
    """First sight of this delivery? With Redis, a short marker now, made long once the record is queued;
    without it, the database decides when the record is stored."""
    client = cache.redis_client()
    if client is None:
        return True
    try:
        return bool(client.set(f"dogpass:inbound:{key}", "processing", nx=True, ex=PROCESSING_SECONDS))
    except Exception:
        log.warning("redis unavailable for callback dedupe; the database decides", exc_info=True)
        return True


def record(item: Inbound) -> bool:
    """Store the delivery (queued when possible). False when the database says it was handled before."""
    if cache.redis_client() is not None and current_app.config["CELERY_BROKER_URL"]:
        try:
            persist_inbound_task.apply_async(args=(asdict(item),), retry=False)
        except Exception:
            log.warning("broker unavailable: storing the callback before answering", exc_info=True)
        else:
            _mark_done(item.key)
            return True
    return persist(item)


def _mark_done(key: str) -> None:
    try:
        cache.redis_client().set(f"dogpass:inbound:{key}", "done", ex=DONE_SECONDS)
    except Exception:
        log.warning("could not mark callback %s done; the database still dedupes it", key, exc_info=True)


def persist(item: Inbound) -> bool:
    """Store one delivery, once (the database key makes a repeat a no-op)."""
    with transaction():
        if not inbound.first_time(item.key):
            return False
        if item.action == "follow":
            followers.follow(item.openid)
            inbox.record_interaction(item.openid, "subscribe")
        elif item.action == "unfollow":
            followers.unfollow(item.openid)
        elif item.action == "tap":
            inbox.record_interaction(item.openid, item.content)
        else:
            conversation_id, _ = inbox.record_inbound(item.openid, item.kind, item.content, item.wechat_msg_id,
                                                      needs_staff=item.needs_staff)
            if item.auto_reply:
                inbox.record_auto_reply(conversation_id, item.auto_reply)
    return True


# Beside the function it runs, so that queueing it needs no import back; the name predates the move and is kept
# (queued messages carry it; docs/decisions.md).
@shared_task(name="backend.jobs.persist_inbound", acks_late=True)
def persist_inbound_task(record: dict) -> bool:
    """Store a delivery the callback answered already (its database key makes a repeat a no-op)."""
    return persist(Inbound(**record))


@dataclass(frozen=True)
class FollowerOverview:
    linked: bool
    licences: list[Licence]
    applications: list[LicenceApplication]


def overview(openid: str) -> FollowerOverview:
    """What the menu's "my licences" and "progress" show a follower who is also a mini-program resident."""
    user = db.session.scalar(db.select(User).where(User.mp_openid == openid))
    if user is None or user.mini_openid is None:
        return FollowerOverview(False, [], [])
    licences = list(db.session.scalars(db.select(Licence).where(Licence.user_id == user.id)
                                       .order_by(Licence.issued_on.desc()).limit(5)))
    applications = list(db.session.scalars(
        db.select(LicenceApplication).where(LicenceApplication.user_id == user.id)
        .order_by(LicenceApplication.submitted_at.desc()).limit(3)))
    return FollowerOverview(True, licences, applications)
