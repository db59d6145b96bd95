"""Fees received per payment channel per month, in fen: orders paid (by the month they were paid) and refunds
completed (by the month the money went back). City-wide: a fee's zone is two records away from its order. Months
from backend.indicators.rollup (metrics paid, refund)."""
from __future__ import annotations

from backend.indicators.period import Period
from backend.indicators.rollup import counts
from backend.payments.models import CHANNELS

FIELDS = ("paid", "paid_fen", "refunds", "refunded_fen")


def payments(period: Period) -> dict:
    cells = {(m, c): dict.fromkeys(FIELDS, 0) for m in period.months for c in CHANNELS}
    for metric, n_field, fen_field in (("paid", "paid", "paid_fen"), ("refund", "refunds", "refunded_fen")):
        for row in counts(metric, period):
            cell = cells.setdefault((row.month, row.k1), dict.fromkeys(FIELDS, 0))
            cell[n_field] += row.n
            cell[fen_field] += row.amount
    channels = [*CHANNELS, *sorted({c for _, c in cells} - set(CHANNELS))]
    by_channel = [{"channel": c, **{f: sum(n[f] for (_, cc), n in cells.items() if cc == c) for f in FIELDS}}
                  for c in channels]
    for row in by_channel:
        row["net_fen"] = row["paid_fen"] - row["refunded_fen"]
    return {"channels": by_channel,
            "total": {f: sum(row[f] for row in by_channel) for f in (*FIELDS, "net_fen")},
            "monthly": [{"month": m, "channel": c, **cells[(m, c)]} for m in period.months for c in channels
                        if (m, c) in cells]}
