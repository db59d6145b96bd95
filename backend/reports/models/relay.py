"""Messages between a finder and an owner, relayed so that neither sees the other's phone or ID number unless the
owner chooses to share a phone number."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.database.base import Base, id_column

THREAD_ORIGINS = ("tag", "match")
SIDES = ("owner", "finder")
# Why a thread ended: the licence moved to another holder, or it was cancelled (注销).
CLOSE_REASONS = ("transferred", "licence_cancelled")
# A thread closed by a transfer is no longer its former owner's at all: they cannot even read it (404), as with the
# licence itself. The finder keeps reading what was said to them.
OWNER_LEFT_REASONS = ("transferred",)


class RelayThread(Base):
    __tablename__ = "relay_threads"
    # One open thread per finder and licence (scanning the tag again continues it), and one thread per match.
    # `live` is 1 while the thread is open and NULL once closed: NULLs never collide in a unique index (SQLite and
    # MariaDB alike), so a finder may have closed threads with a licence's earlier holders and one open one.
    __table_args__ = (UniqueConstraint("finder_user_id", "licence_id", "live", name="uq_relay_threads_one_open"),
                      UniqueConstraint("match_id"))

    id: Mapped[str] = id_column()
    origin: Mapped[str] = mapped_column(String(8))
    owner_user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    finder_user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    licence_id: Mapped[str | None] = mapped_column(ForeignKey("licences.id"), index=True)
    match_id: Mapped[str | None] = mapped_column(ForeignKey("report_matches.id"))
    dog_name: Mapped[str] = mapped_column(String(32), default="")
    owner_shared_phone: Mapped[str | None] = mapped_column(String(20))  # set only when the owner chooses to share
    live: Mapped[bool | None] = mapped_column(default=True)
    closed_at: Mapped[datetime | None]
    closed_reason: Mapped[str | None] = mapped_column(String(24))
    created_at: Mapped[datetime]
    last_message_at: Mapped[datetime]

    @property
    def is_open(self) -> bool:
        return bool(self.live)

    @property
    def status(self) -> str:
        return "open" if self.live else "closed"

    def owner_has_left(self) -> bool:
        return self.closed_reason in OWNER_LEFT_REASONS

    def side_of(self, user_id: str) -> str | None:
        if user_id == self.owner_user_id and not self.owner_has_left():
            return "owner"
        if user_id == self.finder_user_id:
            return "finder"
        return None


class RelayMessage(Base):
    __tablename__ = "relay_messages"

    id: Mapped[str] = id_column()
    thread_id: Mapped[str] = mapped_column(ForeignKey("relay_threads.id"), index=True)
    sender: Mapped[str] = mapped_column(String(8))  # owner | finder
    # Written by scanning the tag (unasked-for, so counted against the tag's daily quotas), not as a reply in the
    # thread.
    via_tag: Mapped[bool] = mapped_column(default=False)
    text: Mapped[str] = mapped_column(Text)
    lat_e6: Mapped[int | None]
    lng_e6: Mapped[int | None]
    address: Mapped[str] = mapped_column(String(255), default="")
    content_flagged: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
