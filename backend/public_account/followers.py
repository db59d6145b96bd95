"""Public-account followers and the residents they are.

A follower is known by the public-account openid; a mini-program resident by the mini-program openid; WeChat gives
both the same unionid. Following is recorded at once (the callback must answer fast); the unionid comes from the
user-info API in a task (`link_follower`), which then joins the follower to the resident, merging two rows when the
person used both before they were linked.
"""
from __future__ import annotations

import logging

from celery import shared_task

from backend.accounts.models.people import User
from backend.core import clock, ports
from backend.core.database.extensions import db
from backend.core.database.uow import after_commit, transaction
from backend.notices.models import Notice, SubscribeGrant
from backend.public_account.models import Conversation

log = logging.getLogger(__name__)


def follower(openid: str) -> User:
    """The resident behind a public-account openid; a row is made for a follower not seen before.
    Runs in the caller's transaction."""
    user = db.session.scalar(db.select(User).where(User.mp_openid == openid))
    if user is None:
        user = User(mp_openid=openid, mp_followed=True, mp_followed_at=clock.now())
        db.session.add(user)
        db.session.flush()
    return user


def follow(openid: str) -> User:
    with transaction():
        user = follower(openid)
        user.mp_followed = True
        user.mp_followed_at = clock.now()
        if user.unionid is None:
            after_commit(lambda: _queue_link(openid))
    return user


def unfollow(openid: str) -> None:
    """Template notices stop; notices fall back to subscribe messages or stay in the mini-program."""
    with transaction():
        user = db.session.scalar(db.select(User).where(User.mp_openid == openid))
        if user is not None:
            user.mp_followed = False


def mark_not_following(user_id: str) -> None:
    """WeChat said 43004 (not following) when we sent: the unfollow event must have been missed."""
    with transaction():
        user = db.session.get(User, user_id)
        if user is not None:
            user.mp_followed = False


def _queue_link(openid: str) -> None:
    try:
        link_follower_task.delay(openid)
    except Exception:  # broker down: the next follow, message or the daily job links them
        log.warning("could not queue follower linking for now", exc_info=True)


def link_follower(openid: str) -> str | None:
    """Ask WeChat for the unionid and join the follower to the resident; returns the resident's id."""
    info = ports.get(ports.MessageSender).user_info(openid)
    if not info or not info.get("unionid"):
        return None
    with transaction():
        user = db.session.scalar(db.select(User).where(User.mp_openid == openid).with_for_update())
        if user is None:
            return None
        resident = db.session.scalar(db.select(User).where(User.unionid == info["unionid"], User.id != user.id))
        if resident is None:
            user.unionid = info["unionid"]
            return user.id
        _merge_follower_into(user, resident)
        return resident.id


# Beside the function it runs, so that queueing it needs no import back; the name predates the move and is kept
# (queued messages carry it; docs/decisions.md).
@shared_task(name="backend.jobs.link_follower", autoretry_for=(ConnectionError,), retry_backoff=True,
             max_retries=5)
def link_follower_task(openid: str) -> str | None:
    return link_follower(openid)


def unlinked_followers(limit: int = 200) -> list[str]:
    """Followers whose unionid we never learned (their linking task was lost with a broker, or WeChat was down)."""
    with transaction() as session:
        return list(session.scalars(db.select(User.mp_openid).where(
            User.mp_openid.is_not(None), User.unionid.is_(None), User.mp_followed.is_(True)).limit(limit)))


def _merge_follower_into(follower_row: User, resident: User) -> None:
    """The follower-only row (no mini-program login, so no licences or applications) moves into the resident."""
    for model in (Conversation, Notice, SubscribeGrant):
        db.session.execute(db.update(model).where(model.user_id == follower_row.id).values(user_id=resident.id))
    resident.mp_followed, resident.mp_followed_at = follower_row.mp_followed, follower_row.mp_followed_at
    openid = follower_row.mp_openid
    db.session.delete(follower_row)
    db.session.flush()
    resident.mp_openid = openid
