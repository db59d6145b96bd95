"""Console (browser) sessions of staff: the session cookie names one; an ended or idle one is refused."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core import clock
from backend.core.database.base import Base, id_column

SESSION_END_REASONS = ("logout", "idle", "password_changed", "password_reset", "disabled", "role_changed")


class StaffSession(Base):
    """Kept on the server (unlike bearer tokens, which are self-contained) so that a session unused for
    `STAFF_SESSION_IDLE_SECONDS` can be refused, and one session can end without revoking the others."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = id_column()
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff_users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_seen_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    ended_reason: Mapped[str | None] = mapped_column(String(24))
    user_agent: Mapped[str] = mapped_column(String(255), default="")

    def is_live(self) -> bool:
        return self.ended_at is None
