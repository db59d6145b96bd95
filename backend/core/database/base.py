"""Declarative base, shared column types and mixins."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, MetaData, String, TypeDecorator
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

from backend.core import clock
from backend.core.ids import new_id

# Explicit constraint names keep Alembic migrations identical on SQLite and MariaDB.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Stores instants as naive UTC (MariaDB DATETIME has no zone) and hands back aware UTC datetimes.

    On MySQL/MariaDB the column keeps microseconds (DATETIME(6)): their plain DATETIME rounds to whole seconds, and
    rows written in one transaction (an approval's audit entries, a message and its automatic answer) would lose
    their order."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "mysql":
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime(timezone=False))

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware instant")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


def _construct(self, **kwargs) -> None:
    """The usual keyword constructor, plus: ids are made here, not at flush, so a service can use a new row's id
    at once without a flush roundtrip."""
    cls = type(self)
    for name, value in kwargs.items():
        if not hasattr(cls, name):
            raise TypeError(f"{name!r} is an invalid keyword argument for {cls.__name__}")
        setattr(self, name, value)
    if "id" in self.__table__.c and getattr(self, "id", None) is None and _has_generated_id(self):
        self.id = new_id()


def _has_generated_id(obj) -> bool:
    default = obj.__table__.c.id.default
    return default is not None and getattr(default.arg, "__wrapped__", default.arg).__name__ == "new_id"


class Base(DeclarativeBase):
    registry = registry(metadata=MetaData(naming_convention=NAMING), constructor=_construct,
                        type_annotation_map={datetime: UTCDateTime(), dict: JSON, list: JSON})


def id_column() -> Mapped[str]:
    return mapped_column(String(26), primary_key=True, default=new_id)


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)
