"""The outbox side of notices: claiming a batch for delivery, recording outcomes, finding what is due again.

A claim is a conditional UPDATE (one statement for the batch) that only takes notices that are pending and due,
or whose previous claim ran out (the worker died); the rows then carry our claim token, and outcomes are written
only where the token is still ours. So a task that runs twice, or two workers on one notice, deliver it once.

This is the hottest database path of the notice worker, so it speaks SQLAlchemy Core on the notices and users
tables and reads only the columns a send needs into plain records: building ORM objects for every claimed notice
and its recipient cost as much CPU as sending them (docs/performance.md).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from flask import current_app
from sqlalchemy import BindParameter, and_, bindparam, case, or_, select, update

from backend.accounts.models.people import User
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.uow import transaction
from backend.core.ids import new_id
from backend.notices.models import Notice
from backend.ops import counters

BACKOFF_SECONDS = [30, 120, 600, 1800, 3600, 7200, 14400, 28800]


NOTICES, USERS = Notice.__table__.c, User.__table__.c


@dataclass(frozen=True)
class NoticeToSend:
    """What delivering a notice reads of it (templates.render takes these fields)."""
    id: str
    kind: str
    title: str
    body: str
    fields: dict
    page: str | None
    created_at: datetime
    attempts: int


@dataclass(frozen=True)
class Recipient:
    id: str
    mp_openid: str | None
    mp_followed: bool
    mini_openid: str | None


@dataclass(frozen=True)
class Claimed:
    notice: NoticeToSend
    recipient: Recipient
    token: str


@dataclass(frozen=True)
class Outcome:
    notice_id: str
    status: str  # sent | retry | failed | in_app
    channel: str | None = None
    msgid: str | None = None
    error: str | None = None


def _param(name: str, column) -> BindParameter:
    return bindparam(name, type_=column.type)


# The statements are built once with named parameters, so SQLAlchemy compiles each shape once and every batch
# only binds its values (building them per batch was a tenth of a notice's CPU).
def _claimable(now):
    """Pending and due, or claimed by a worker whose lease ran out; `now` a value or a bound parameter."""
    return or_(and_(NOTICES.delivery_status == "pending",
                    or_(NOTICES.next_attempt_at.is_(None), NOTICES.next_attempt_at <= now)),
               and_(NOTICES.delivery_status == "sending", NOTICES.claimed_until < now))


_CLAIM = (update(Notice.__table__)
          .where(NOTICES.id.in_(bindparam("ids", expanding=True)), _claimable(_param("now", NOTICES.claimed_until)))
          .values(delivery_status="sending", claim_token=_param("token", NOTICES.claim_token),
                  claimed_until=_param("lease", NOTICES.claimed_until), attempts=NOTICES.attempts + 1))
_CLAIMED = (select(NOTICES.id, NOTICES.kind, NOTICES.title, NOTICES.body, NOTICES.fields, NOTICES.page,
                   NOTICES.created_at, NOTICES.attempts, USERS.id, USERS.mp_openid, USERS.mp_followed,
                   USERS.mini_openid)
            .join_from(Notice.__table__, User.__table__, USERS.id == NOTICES.user_id)
            # By id first (the primary key): claim_token has no index, and a table of millions must not be scanned.
            .where(NOTICES.id.in_(bindparam("ids", expanding=True)),
                   NOTICES.claim_token == _param("token", NOTICES.claim_token)))


def claim(notice_ids: list[str]) -> list[Claimed]:
    if not notice_ids:
        return []
    token, now = new_id(), clock.now()
    lease = now + timedelta(seconds=current_app.config["NOTICE_CLAIM_SECONDS"])
    # Read inside the transaction too: nothing may stay open while the sends wait on WeChat.
    with transaction() as session:
        connection = session.connection()
        connection.execute(_CLAIM, {"ids": list(notice_ids), "now": now, "token": token, "lease": lease})
        rows = connection.execute(_CLAIMED, {"ids": list(notice_ids), "token": token}).all()
    return [Claimed(NoticeToSend(*row[:8]), Recipient(*row[8:]), token) for row in rows]


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
        connection = session.connection()
        for (status, channel, next_at, error), members in groups.items():
            with_msgid = [m for m in members if m.msgid]
            params = {"token": token, "ids": [m.notice_id for m in members], "status": status, "channel": channel,
                      "next_at": next_at, "error": error, "delivered_at": now if status == "sent" else None}
            for n, member in enumerate(with_msgid):
                params[f"notice{n}"], params[f"msgid{n}"] = member.notice_id, member.msgid
            connection.execute(_finish_statement(len(with_msgid)), params)
    outcomes_by_status = Counter()  # for /metrics: sent, in_app, failed, and retry (pending again, later)
    for (status, *_), members in groups.items():
        outcomes_by_status["retry" if status == "pending" else status] += len(members)
    counters.count("notice_deliveries", outcomes_by_status)


@lru_cache(maxsize=16)
def _finish_statement(msgids: int):
    """The outcome UPDATE for a group in which `msgids` notices carry WeChat's msgid (a CASE of that many arms)."""
    values = {"delivery_status": _param("status", NOTICES.delivery_status),
              "channel": _param("channel", NOTICES.channel),
              "next_attempt_at": _param("next_at", NOTICES.next_attempt_at),
              "last_error": _param("error", NOTICES.last_error),
              "delivered_at": _param("delivered_at", NOTICES.delivered_at), "claimed_until": None, "claim_token": None}
    if msgids:
        values["wechat_msgid"] = case(
            *[(NOTICES.id == _param(f"notice{n}", NOTICES.id), _param(f"msgid{n}", NOTICES.wechat_msgid))
              for n in range(msgids)], else_=NOTICES.wechat_msgid)
    return (update(Notice.__table__)
            .where(NOTICES.claim_token == _param("token", NOTICES.claim_token),
                   NOTICES.id.in_(bindparam("ids", expanding=True)))
            .values(**values))


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
