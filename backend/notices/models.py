"""Notices to residents. A notice row is also the outbox entry that delivery (WeChat) works from; with it, what
delivery needs: the WeChat access tokens shared by every process, and residents' subscribe-message grants."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core import clock
from backend.core.database.base import Base, id_column

# pending: waiting for WeChat delivery; sending: claimed by a worker until claimed_until; sent: delivered on
# `channel`; in_app: no WeChat channel reaches the person (shown in the mini-program only); failed: gave up.
DELIVERY_STATUSES = ("pending", "sending", "sent", "in_app", "failed")


class Notice(Base):
    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_user_created", "user_id", "created_at"),
                      Index("ix_notices_delivery", "delivery_status", "next_attempt_at"),
                      # The dashboard's delivery rates by channel and month (backend.indicators.notices).
                      Index("ix_notices_created_channel", "created_at", "channel", "delivery_status"))

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(48))
    title: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    # Named values for channel templates (licence number, dates, reason) and the mini-program page to open.
    fields: Mapped[dict] = mapped_column(default=dict)
    page: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    read_at: Mapped[datetime | None]
    delivery_status: Mapped[str] = mapped_column(String(16), default="in_app")
    channel: Mapped[str | None] = mapped_column(String(24))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(255))
    # A worker's claim; another may take the notice over once it has passed (the first one died).
    claimed_until: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(String(26))
    wechat_msgid: Mapped[str | None] = mapped_column(String(64))

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "body": self.body,
            "page": self.page,
            "created_at": clock.isoformat(self.created_at),
            "read": self.read_at is not None,
            "delivery_status": self.delivery_status,
            "channel": self.channel,
        }


class AccessToken(Base):
    """WeChat access tokens shared by every process when Redis is not configured."""

    __tablename__ = "access_tokens"

    appid: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[str | None] = mapped_column(String(512))
    expires_at: Mapped[datetime | None]


class SubscribeGrant(Base):
    """A resident's one-time consent (wx.requestSubscribeMessage) to one subscribe message of a template."""

    __tablename__ = "subscribe_grants"
    __table_args__ = (Index("ix_subscribe_grants_open", "user_id", "template_id", "used_at"),)

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    template_id: Mapped[str] = mapped_column(String(64))
    granted_at: Mapped[datetime] = mapped_column(default=clock.now)
    used_at: Mapped[datetime | None]
    notice_id: Mapped[str | None] = mapped_column(String(26))
