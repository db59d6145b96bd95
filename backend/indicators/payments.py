"""Fees received per payment channel per month, in fen: orders paid (by the month they were paid) and refunds
completed (by the month the money went back). City-wide: a fee's zone is two records away from its order."""
from __future__ import annotations

from backend.extensions import db
from backend.indicators.period import Period, month_number
from backend.indicators.sql import local_month
from backend.models import PaymentOrder, PaymentRefund
from backend.models.payments import CHANNELS

FIELDS = ("paid", "paid_fen", "refunds", "refunded_fen")


def payments(period: Period) -> dict:
    cells = {(m, c): dict.fromkeys(FIELDS, 0) for m in period.months for c in CHANNELS}
    month = local_month(PaymentOrder.paid_at)
    for value, channel, count, fen in db.session.execute(
            db.select(month, PaymentOrder.paid_channel, db.func.count(), db.func.sum(PaymentOrder.amount_fen))
            .where(PaymentOrder.paid_at >= period.since, PaymentOrder.paid_at < period.until)
            .group_by(month, PaymentOrder.paid_channel)):
        cells.setdefault((month_number(value), channel), dict.fromkeys(FIELDS, 0)).update(
            paid=count, paid_fen=int(fen or 0))
    month = local_month(PaymentRefund.completed_at)
    for value, channel, count, fen in db.session.execute(
            db.select(month, PaymentRefund.channel, db.func.count(), db.func.sum(PaymentRefund.amount_fen))
            .where(PaymentRefund.status == "success", PaymentRefund.completed_at >= period.since,
                   PaymentRefund.completed_at < period.until)
            .group_by(month, PaymentRefund.channel)):
        cells.setdefault((month_number(value), channel), dict.fromkeys(FIELDS, 0)).update(
            refunds=count, refunded_fen=int(fen or 0))
    channels = [*CHANNELS, *sorted({c for _, c in cells} - set(CHANNELS))]
    by_channel = [{"channel": c, **{f: sum(n[f] for (_, cc), n in cells.items() if cc == c) for f in FIELDS}}
                  for c in channels]
    for row in by_channel:
        row["net_fen"] = row["paid_fen"] - row["refunded_fen"]
    return {"channels": by_channel,
            "total": {f: sum(row[f] for row in by_channel) for f in (*FIELDS, "net_fen")},
            "monthly": [{"month": m, "channel": c, **cells[(m, c)]} for m in period.months for c in channels
                        if (m, c) in cells]}
