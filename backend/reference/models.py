"""Reference data that staff edit rather than developers: zones and their rules, breeds, rejection reasons."""
from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.database.base import Base, Timestamps

ZONE_KINDS = ("key", "general")


class Zone(Timestamps, Base):
    """A management zone (重点管理区 `key` / 一般管理区 `general`) with the keeping rules that apply in it."""

    __tablename__ = "zones"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    district: Mapped[str] = mapped_column(String(64), default="")
    # Canonical breed names (see Breed) that may not be kept in this zone.
    banned_breeds: Mapped[list] = mapped_column(default=list)
    # None means no limit.
    max_dogs_per_household: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)

    def bans(self, canonical_breed: str) -> bool:
        return canonical_breed in (self.banned_breeds or [])


class Breed(Base):
    """Canonical breed names with the aliases residents type, so `比特` and `美国比特犬` meet the same rule."""

    __tablename__ = "breeds"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    aliases: Mapped[list] = mapped_column(default=list)
    size: Mapped[str] = mapped_column(String(16), default="medium")


class RejectReason(Base):
    """The configurable list reviewers pick from when rejecting; free text may be added."""

    __tablename__ = "reject_reasons"

    code: Mapped[str] = mapped_column(String(48), primary_key=True)
    text: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)
