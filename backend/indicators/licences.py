"""Licences: active now, issued and expired per month, by zone.

Issue and expiry days are Beijing dates: grouped by day and zone in the order of the covering indexes
(`ix_licences_issued_zone`, `ix_licences_status_expiry_zone`), so MariaDB reads index entries only and needs no
temporary table; the days are folded into months here."""
from __future__ import annotations

from backend import clock
from backend.extensions import db
from backend.indicators.common import chosen_zone, monthly_rows, nested, zones
from backend.indicators.period import Period, month_of
from backend.models import Licence

FIELDS = ("issued", "expired")


def licences(period: Period) -> dict:
    zone = chosen_zone(period)
    shown = [z for z in zones() if zone is None or z.code == zone.code]
    by_month, by_zone_month = nested(), nested()
    for field, day_column, condition in (
            ("issued", Licence.issued_on, ()),
            ("expired", Licence.expires_on, (Licence.status == "expired",))):
        query = (db.select(day_column, Licence.zone_code, db.func.count())
                 .where(*condition, day_column >= period.start_day, day_column < period.end_day)
                 .group_by(day_column, Licence.zone_code))
        if zone:
            query = query.where(Licence.zone_code == zone.code)
        for day, zone_code, count in db.session.execute(query):
            by_month[month_of(day)][field] += count
            by_zone_month[(month_of(day), zone_code)][field] += count
    return {
        "active": _active(zone.code if zone else None, shown),
        "monthly": monthly_rows(period.months, by_month, FIELDS),
        "monthly_by_zone": [{"month": month, "zone_code": z.code,
                             **{f: by_zone_month.get((month, z.code), {}).get(f, 0) for f in FIELDS}}
                            for month in period.months for z in shown],
        "by_zone": [{"zone_code": z.code, "zone_name": z.name,
                     **{f: sum(by_zone_month.get((m, z.code), {}).get(f, 0) for m in period.months)
                        for f in FIELDS}} for z in shown],
    }


def _active(zone_code: str | None, shown) -> dict:
    """Active now (the status, whatever the period), and of those the overdue: past their last valid day, in the
    grace period before the sweep marks them expired."""
    today = clock.today()
    overdue = db.func.sum(db.case((Licence.expires_on < today, 1), else_=0))
    query = (db.select(Licence.zone_code, db.func.count(), overdue)
             .where(Licence.status == "active").group_by(Licence.zone_code))
    if zone_code:
        query = query.where(Licence.zone_code == zone_code)
    counts = {code: (count, int(late or 0)) for code, count, late in db.session.execute(query)}
    by_zone = [{"zone_code": z.code, "zone_name": z.name, "active": counts.get(z.code, (0, 0))[0],
                "overdue": counts.get(z.code, (0, 0))[1]} for z in shown]
    return {"total": sum(row["active"] for row in by_zone), "overdue": sum(row["overdue"] for row in by_zone),
            "by_zone": by_zone}
