"""Notices to residents: how many reached them, by the channel that carried them (WeChat template message,
subscribe message, or in the mini-program only), for the notices written in the period. City-wide: a notice has
a person, not a zone."""
from __future__ import annotations

from backend.extensions import db
from backend.indicators.common import rate
from backend.indicators.period import Period, month_number
from backend.indicators.sql import local_month
from backend.models import Notice

CHANNELS = ("template", "subscribe", "in_app")
UNSENT = "none"  # not yet tried on any channel (waiting for a worker)
DELIVERED = ("sent", "in_app")
WAITING = ("pending", "sending")


def notices(period: Period) -> dict:
    month = local_month(Notice.created_at)
    rows = db.session.execute(
        db.select(month, Notice.channel, Notice.delivery_status, db.func.count())
        .where(Notice.created_at >= period.since, Notice.created_at < period.until)
        .group_by(month, Notice.channel, Notice.delivery_status)).all()
    channels = {c: _blank() for c in (*CHANNELS, UNSENT)}
    monthly = {(m, c): _blank() for m in period.months for c in (*CHANNELS, UNSENT)}
    for value, channel, status, count in rows:
        for target in (channels.setdefault(channel or UNSENT, _blank()),
                       monthly.setdefault((month_number(value), channel or UNSENT), _blank())):
            _add(target, status, count)
    total = _blank()
    for counts in channels.values():
        for key in total:
            total[key] += counts[key]
    return {"channels": [{"channel": c, **_with_rate(n)} for c, n in channels.items()],
            "total": _with_rate(total),
            "monthly": [{"month": m, "channel": c, **_with_rate(n)} for (m, c), n in monthly.items()]}


def _blank() -> dict:
    return {"total": 0, "delivered": 0, "failed": 0, "waiting": 0}


def _add(target: dict, status: str, count: int) -> None:
    target["total"] += count
    if status in DELIVERED:
        target["delivered"] += count
    elif status in WAITING:
        target["waiting"] += count
    else:
        target["failed"] += count


def _with_rate(counts: dict) -> dict:
    return {**counts, "rate": rate(counts["delivered"], counts["total"])}
