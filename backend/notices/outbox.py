"""Notices to residents: the outbox rows that notice functions (in `notifications/`) write, and their listing."""
from __future__ import annotations

from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.uow import transaction
from backend.core.errors import NotFound
from backend.notices.models import Notice


def add_notice(user_id: str, kind: str, title: str, body: str, *, fields: dict | None = None,
               page: str | None = None, delivery_status: str = "in_app") -> Notice:
    """Write a notice in the caller's transaction (it is written if and only if the change is)."""
    notice = Notice(user_id=user_id, kind=kind, title=title, body=body, fields=fields or {}, page=page,
                    delivery_status=delivery_status, created_at=clock.now())
    db.session.add(notice)
    return notice


def list_own_notices(user_id: str, limit: int = 50, before: str | None = None) -> list[Notice]:
    """Newest first; `before` is the id of the last notice of the previous page (ids sort by time)."""
    query = db.select(Notice).where(Notice.user_id == user_id)
    if before:
        query = query.where(Notice.id < before)
    return list(db.session.scalars(query.order_by(Notice.id.desc()).limit(limit)))


def mark_read(user_id: str, notice_id: str) -> Notice:
    with transaction():
        notice = db.session.get(Notice, notice_id)
        if notice is None or notice.user_id != user_id:
            raise NotFound("通知不存在", code="notice_not_found")
        if notice.read_at is None:
            notice.read_at = clock.now()
    return notice


def unread_count(user_id: str) -> int:
    return db.session.scalar(db.select(db.func.count(Notice.id)).where(
        Notice.user_id == user_id, Notice.read_at.is_(None)))
