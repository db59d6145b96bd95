"""Uploaded images (dog photos, certificates), checked to be real JPEG/PNG before they are stored."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, Timestamps, id_column


class Upload(Timestamps, Base):
    __tablename__ = "uploads"

    id: Mapped[str] = id_column()
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff_users.id"))
    content_type: Mapped[str] = mapped_column(String(32))
    size_bytes: Mapped[int]
    width: Mapped[int]
    height: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(128))
