"""Messages between a finder and an owner, relayed so that neither sees the other's phone or ID number unless the
owner chooses to share a phone number."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, id_column

THREAD_ORIGINS = ("tag", "match")
SIDES = ("owner", "finder")


class RelayThread(Base):
    __tablename__ = "relay_threads"
    # One thread per finder and licence (scanning the tag again continues it), and per match.
    __table_args__ = (UniqueConstraint("finder_user_id", "licence_id"), UniqueConstraint("match_id"))

    id: Mapped[str] = id_column()
    origin: Mapped[str] = mapped_column(String(8))
    owner_user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    finder_user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    licence_id: Mapped[str | None] = mapped_column(ForeignKey("licences.id"), index=True)
    match_id: Mapped[str | None] = mapped_column(ForeignKey("report_matches.id"))
    dog_name: Mapped[str] = mapped_column(String(32), default="")
    owner_shared_phone: Mapped[str | None] = mapped_column(String(20))  # set only when the owner chooses to share
    created_at: Mapped[datetime]
    last_message_at: Mapped[datetime]

    def side_of(self, user_id: str) -> str | None:
        if user_id == self.owner_user_id:
            return "owner"
        if user_id == self.finder_user_id:
            return "finder"
        return None


class RelayMessage(Base):
    __tablename__ = "relay_messages"

    id: Mapped[str] = id_column()
    thread_id: Mapped[str] = mapped_column(ForeignKey("relay_threads.id"), index=True)
    sender: Mapped[str] = mapped_column(String(8))  # owner | finder
    text: Mapped[str] = mapped_column(Text)
    lat_e6: Mapped[int | None]
    lng_e6: Mapped[int | None]
    address: Mapped[str] = mapped_column(String(255), default="")
    content_flagged: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
