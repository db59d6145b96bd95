"""Subscribe-message grants (订阅消息): each "allow" a resident taps in the mini-program lets us send one message of
that template. Recorded here; spent by notice delivery."""
from __future__ import annotations

from backend.core import clock, ports
from backend.core.database.extensions import db
from backend.core.database.uow import transaction
from backend.core.errors import ValidationFailed
from backend.notices.models import SubscribeGrant

MAX_GRANTS_PER_CALL = 10


def known_templates() -> set[str]:
    """The subscribe-message templates notices use (configuration of the notifications package, via a port)."""
    return set(ports.get(ports.SubscribeTemplates)())


def record_grants(user_id: str, results: dict[str, str]) -> dict[str, int]:
    """`results` is wx.requestSubscribeMessage's answer: template id → "accept" | "reject" | "ban" | "filter"."""
    unknown = sorted(set(results) - known_templates())
    if unknown:
        raise ValidationFailed("订阅消息模板不存在", code="unknown_template", details={"results": unknown})
    if len(results) > MAX_GRANTS_PER_CALL:
        raise ValidationFailed("一次最多记录10个模板", details={"results": "too_many"})
    with transaction() as session:
        for template_id, answer in results.items():
            if answer == "accept":
                session.add(SubscribeGrant(user_id=user_id, template_id=template_id, granted_at=clock.now()))
    return open_grants(user_id)


def open_grants(user_id: str) -> dict[str, int]:
    rows = db.session.execute(
        db.select(SubscribeGrant.template_id, db.func.count(SubscribeGrant.id))
        .where(SubscribeGrant.user_id == user_id, SubscribeGrant.used_at.is_(None))
        .group_by(SubscribeGrant.template_id)).all()
    return dict(rows)


def take_grant(user_id: str, template_id: str, notice_id: str) -> str | None:
    """Reserve one unused grant for a notice (in the caller's transaction); None when there is none."""
    grant = db.session.scalar(
        db.select(SubscribeGrant).where(SubscribeGrant.user_id == user_id, SubscribeGrant.template_id == template_id,
                                        SubscribeGrant.used_at.is_(None))
        .order_by(SubscribeGrant.granted_at).limit(1).with_for_update(skip_locked=True))
    if grant is None:
        return None
    grant.used_at = clock.now()
    grant.notice_id = notice_id
    return grant.id


def give_back_grant(grant_id: str) -> None:
    """A send that failed for a passing reason does not spend the resident's grant."""
    grant = db.session.get(SubscribeGrant, grant_id)
    if grant is not None:
        grant.used_at = None
        grant.notice_id = None
