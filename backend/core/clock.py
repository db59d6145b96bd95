"""The one place that reads the time.

Instants are stored in UTC; dates that people see (issue day, expiry) are Asia/Shanghai calendar dates.
Tests move time with `travel_to` rather than editing records, so rules run against real data.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
_offset = timedelta(0)


def now() -> datetime:
    """The current instant, timezone-aware UTC."""
    return datetime.now(UTC) + _offset


def today() -> date:
    """Today's date in the city (Asia/Shanghai)."""
    return now().astimezone(SHANGHAI).date()


def local(instant: datetime) -> datetime:
    """An instant as Asia/Shanghai wall time, for display."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(SHANGHAI)


def isoformat(instant: datetime | None) -> str | None:
    """ISO 8601 with the +08:00 offset, as API.md asks."""
    return None if instant is None else local(instant).isoformat(timespec="seconds")


def start_of_local_day(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=SHANGHAI).astimezone(UTC)


@contextmanager
def travel_to(moment: datetime | date):
    """Shift the clock so that `now()` is near `moment` (tests and demos only)."""
    global _offset
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, 10, 0, tzinfo=SHANGHAI)
    previous = _offset
    _offset = moment - datetime.now(UTC)
    try:
        yield
    finally:
        _offset = previous
