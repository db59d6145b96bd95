"""Notices to residents: how many reached them, by the channel that carried them (WeChat template message,
subscribe message, or in the mini-program only), for the notices written in the period. City-wide: a notice has
a person, not a zone. Months from backend.indicators.rollup (metric notice)."""
from __future__ import annotations

from backend.indicators.common import rate
from backend.indicators.period import Period
from backend.indicators.rollup import counts

CHANNELS = ("template", "subscribe", "in_app")
UNSENT = "none"  # not yet tried on any channel (waiting for a worker)
DELIVERED = ("sent", "in_app")
WAITING = ("pending", "sending")


def notices(period: Period) -> dict:
    channels = {c: _blank() for c in (*CHANNELS, UNSENT)}
    monthly = {(m, c): _blank() for m in period.months for c in (*CHANNELS, UNSENT)}
    for row in counts("notice", period):
        for target in (channels.setdefault(row.k1, _blank()), monthly.setdefault((row.month, row.k1), _blank())):
            _add(target, row.k2, row.n)
    total = _blank()
    for tally in channels.values():
        for key in total:
            total[key] += tally[key]
    return {"channels": [{"channel": c, **_with_rate(n)} for c, n in channels.items()],
            "total": _with_rate(total),
            "monthly": [{"month": m, "channel": c, **_with_rate(n)} for (m, c), n in sorted(monthly.items())]}


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


def _with_rate(tally: dict) -> dict:
    return {**tally, "rate": rate(tally["delivered"], tally["total"])}
