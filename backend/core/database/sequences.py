"""Rows that exist to be locked or counted: named locks and gap-free sequences (licence numbers)."""
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.database.base import Base


class NamedLock(Base):
    """`backend.core.database.locks.lock_keys` upserts these rows to serialise rules that read several rows."""

    __tablename__ = "named_locks"

    key: Mapped[str] = mapped_column(String(96), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)


class Sequence(Base):
    """A counter per name (`licence_no:2026`), taken under the row lock, so numbers never repeat."""

    __tablename__ = "sequences"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)
