"""The audit trail: every state change of an application, licence, inspection, transfer, order, staff account…"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core import clock
from backend.core.database.base import Base, id_column

ACTOR_TYPES = ("resident", "staff", "system")


class StatusChange(Base):
    __tablename__ = "status_changes"
    __table_args__ = (
        Index("ix_status_changes_entity", "entity_type", "entity_id", "at"),
        # The admin's audit log: newest first, optionally by who acted or by kind of change (issue 16).
        Index("ix_status_changes_at", "at"),
        Index("ix_status_changes_actor", "actor_id", "at"),
        Index("ix_status_changes_action", "entity_type", "action", "at"),
    )

    id: Mapped[str] = id_column()
    entity_type: Mapped[str] = mapped_column(String(24))
    entity_id: Mapped[str] = mapped_column(String(26))
    # The resident the change concerns (who gets the notice); None for purely internal changes.
    user_id: Mapped[str | None] = mapped_column(String(26), index=True)
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str | None] = mapped_column(String(24))
    actor_type: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(String(26))
    reason: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(default=dict)
    at: Mapped[datetime] = mapped_column(default=clock.now)

    def to_dict(self) -> dict:
        return {
            "action": self.action,
            "from": self.from_status,
            "to": self.to_status,
            "by": self.actor_type,
            "reason": self.reason,
            "at": clock.isoformat(self.at),
        }
