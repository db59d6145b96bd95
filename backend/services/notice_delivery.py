"""The outbox side of notices: claiming a batch for delivery, recording outcomes, finding what is due again.

A claim is a conditional UPDATE (one statement for the batch) that only takes notices that are pending and due,
or whose previous claim ran out (the worker died); the rows then carry our claim token, and outcomes are written
only where the token is still ours. So a task that runs twice, or two workers on one notice, deliver it once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, case, or_, update

from backend import clock
from backend.extensions import db
from backend.ids import new_id
from backend.models import Notice, User
from backend.uow import transaction

BACKOFF_SECONDS = [30, 120, 600, 1800, 3600, 7200, 14400, 28800]


@dataclass(frozen=True)
class Claimed:
    notice: Notice
    recipient: User
    token: str


@dataclass(frozen=True)
class Outcome:
    notice_id: str
    status: str  # sent | retry | failed | in_app
    channel: str | None = None
    msgid: str | None = None
    error: str | None = None


def claim(notice_ids: list[str]) -> list[Claimed]:
    if not notice_ids:
        return []
    token, now = new_id(), clock.now()
    lease = now + timedelta(seconds=current_app.config["NOTICE_CLAIM_SECONDS"])
    # Read inside the transaction too: nothing may stay open while the sends wait on WeChat.
    with transaction() as session:
        session.execute(
            update(Notice).where(Notice.id.in_(notice_ids), _claimable(now))
            .values(delivery_status="sending", claim_token=token, claimed_until=lease, attempts=Notice.attempts + 1)
            .execution_options(synchronize_session=False))
        rows = session.execute(db.select(Notice, User).join(User, User.id == Notice.user_id)
                               .where(Notice.claim_token == token)
                               .execution_options(populate_existing=True)).all()
    return [Claimed(notice, user, token) for notice, user in rows]


def _claimable(now: datetime):
    return or_(
        and_(Notice.delivery_status == "pending", or_(Notice.next_attempt_at.is_(None), Notice.next_attempt_at <= now)),
        and_(Notice.delivery_status == "sending", Notice.claimed_until < now))


def finish(token: str, outcomes: list[Outcome], attempts: dict[str, int]) -> None:
    """Write every outcome of one claim in one transaction, one statement per kind of outcome (a batch that all
    went out is one UPDATE); rows another worker took over are left alone."""
    now = clock.now()
    max_attempts = current_app.config["NOTICE_MAX_ATTEMPTS"]
    groups: dict[tuple, list[Outcome]] = {}
    for outcome in outcomes:
        status, next_at = outcome.status, None
        if status == "retry":
            tried = attempts.get(outcome.notice_id, 1)
            if tried >= max_attempts:
                status = "failed"
            else:
                pause = BACKOFF_SECONDS[min(tried, len(BACKOFF_SECONDS)) - 1]
                status, next_at = "pending", now + timedelta(seconds=pause)
        error = (outcome.error or "")[:255] or None
        groups.setdefault((status, outcome.channel, next_at, error), []).append(outcome)
    with transaction() as session:
        for (status, channel, next_at, error), members in groups.items():
            ids = [m.notice_id for m in members]
            msgids = {m.notice_id: m.msgid for m in members if m.msgid}
            values = {"delivery_status": status, "channel": channel, "next_attempt_at": next_at, "last_error": error,
                      "delivered_at": now if status == "sent" else None, "claimed_until": None, "claim_token": None}
            if msgids:
                values["wechat_msgid"] = case(msgids, value=Notice.id, else_=Notice.wechat_msgid)
            session.execute(update(Notice).where(Notice.claim_token == token, Notice.id.in_(ids)).values(**values)
                            .execution_options(synchronize_session=False))


def due_for_delivery(limit: int = 5000, settle_seconds: int = 20) -> list[str]:
    """Notices the after-commit queueing may have missed (broker down, worker died): pending and due, or claimed
    by a worker whose claim ran out. Fresh ones are left a few seconds for their own task."""
    now = clock.now()
    fresh = now - timedelta(seconds=settle_seconds)
    with transaction() as session:
        return list(session.scalars(
            db.select(Notice.id).where(
                _claimable(now), or_(Notice.delivery_status == "sending", Notice.next_attempt_at.is_not(None),
                                     Notice.created_at < fresh))
            .order_by(Notice.created_at).limit(limit)))


def delivery_counts() -> dict[str, int]:
    return dict(db.session.execute(
        db.select(Notice.delivery_status, db.func.count(Notice.id)).group_by(Notice.delivery_status)).all())
