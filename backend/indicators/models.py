"""The dashboard's summary tables (issue 17), kept by backend.indicators so its requests read a few thousand rows
instead of scanning a million (docs/decisions.md, "Dashboard: summary tables")."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core import clock
from backend.core.database.base import Base


class LicenceTally(Base):
    """How many licences of a status and zone were issued (kind `issued`) or run out (kind `expires`) on a day.
    Every licence is in two rows; backend.indicators.tallies moves it in the flush that changes it."""

    __tablename__ = "licence_tallies"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    zone_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    licences: Mapped[int] = mapped_column(default=0)


class IndicatorRollup(Base):
    """A closed month's counts of one metric (backend.indicators.metrics): `n` records and the `amount` they carry
    (fen, dogs), by zone or district and up to two keys (channel, outcome, reason, waiting-time bucket…)."""

    __tablename__ = "indicator_rollups"

    metric: Mapped[str] = mapped_column(String(16), primary_key=True)
    month: Mapped[int] = mapped_column(primary_key=True)  # YYYYMM, Beijing time
    zone: Mapped[str] = mapped_column(String(32), primary_key=True)
    k1: Mapped[str] = mapped_column(String(48), primary_key=True)
    k2: Mapped[str] = mapped_column(String(48), primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)


class IndicatorWatermark(Base):
    """The last month of a metric whose rows are in indicator_rollups; later months are counted live."""

    __tablename__ = "indicator_watermarks"

    metric: Mapped[str] = mapped_column(String(16), primary_key=True)
    closed_through: Mapped[int]  # YYYYMM
    updated_at: Mapped[datetime] = mapped_column(default=clock.now)
