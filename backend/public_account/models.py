"""The public account (公众号): conversations with followers for the staff inbox, inbound dedupe keys, and signed
callback queries."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core import clock
from backend.core.database.base import Base, id_column

REPLY_WINDOW = timedelta(hours=48)
REPLIES_PER_WINDOW = 5


class Conversation(Base):
    """One per follower: what the staff inbox lists, unanswered first."""

    __tablename__ = "conversations"
    # The inbox (unanswered first, longest waiting first); the 工作台's windows that close soon.
    __table_args__ = (Index("ix_conversations_queue", "unanswered", "waiting_since"),
                      Index("ix_conversations_window", "unanswered", "last_inbound_at", "replies_since_inbound"))

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), unique=True)
    last_inbound_at: Mapped[datetime | None]
    last_outbound_at: Mapped[datetime | None]
    # Customer-service replies sent since the follower last wrote (WeChat allows five in the 48-hour window).
    replies_since_inbound: Mapped[int] = mapped_column(default=0)
    unanswered: Mapped[bool] = mapped_column(default=False)
    waiting_since: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    def reply_window_open(self, now: datetime) -> bool:
        return (self.last_inbound_at is not None and now - self.last_inbound_at <= REPLY_WINDOW
                and self.replies_since_inbound < REPLIES_PER_WINDOW)

    def reply_window_closes_at(self) -> datetime | None:
        return None if self.last_inbound_at is None else self.last_inbound_at + REPLY_WINDOW

    @property
    def replies_left(self) -> int:
        """Customer-service replies WeChat still takes in this window (the 48 hours are reply_window_open's)."""
        return max(0, REPLIES_PER_WINDOW - self.replies_since_inbound)


class ConversationMessage(Base):
    """Every message both ways: what the follower sent, what staff or the account answered."""

    __tablename__ = "conversation_messages"
    __table_args__ = (Index("ix_conversation_messages_conversation", "conversation_id", "created_at"),)

    id: Mapped[str] = id_column()
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"))
    direction: Mapped[str] = mapped_column(String(8))  # in | out
    kind: Mapped[str] = mapped_column(String(24))  # text, image, voice, event, auto_reply, reply, template_notice
    content: Mapped[str] = mapped_column(Text, default="")
    wechat_msg_id: Mapped[str | None] = mapped_column(String(64))
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff_users.id"))
    status: Mapped[str] = mapped_column(String(16), default="received")  # received | sent | failed | queued
    error: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)


class InboundKey(Base):
    """WeChat retries a callback it got no answer to within 5 seconds; each message is handled once."""

    __tablename__ = "inbound_keys"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(default=clock.now, index=True)


class SignedQuery(Base):
    """A signed callback query (timestamp, nonce) seen within the freshness window, and a hash of the body it came
    with: WeChat's plain-mode signature does not cover the body, so the query may carry that body only. Used when
    Redis is not configured or not reachable; rows are forgotten once the query's timestamp is too old anyway."""

    __tablename__ = "signed_queries"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of timestamp and nonce
    body_sha256: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(index=True)
