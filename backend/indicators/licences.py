"""Licences: active now, issued and expired per month, by zone. Read from the licence tallies
(backend.indicators.tallies), which every flush that changes a licence keeps exact: a few thousand rows instead of
the licences themselves."""
from __future__ import annotations

from backend.core import clock
from backend.indicators import tallies
from backend.indicators.common import chosen_zone, monthly_rows, nested, zones
from backend.indicators.period import Period, month_number

FIELDS = ("issued", "expired")


def licences(period: Period) -> dict:
    zone = chosen_zone(period)
    code = zone.code if zone else None
    shown = [z for z in zones() if zone is None or z.code == zone.code]
    by_month, by_zone_month = nested(), nested()
    # issued: by issue day, whatever the licence's status since; expired: by last valid day, once swept
    for field, kind, status in (("issued", "issued", None), ("expired", "expires", "expired")):
        for value, zone_code, count in tallies.monthly(kind, period, status=status, zone=code):
            month = month_number(value)
            by_month[month][field] += int(count)
            by_zone_month[(month, zone_code)][field] += int(count)
    return {
        "active": _active(code, shown),
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
    counts = {code: (int(n or 0), int(late or 0)) for code, n, late in tallies.active(clock.today(), zone_code)}
    by_zone = [{"zone_code": z.code, "zone_name": z.name, "active": counts.get(z.code, (0, 0))[0],
                "overdue": counts.get(z.code, (0, 0))[1]} for z in shown]
    return {"total": sum(row["active"] for row in by_zone), "overdue": sum(row["overdue"] for row in by_zone),
            "by_zone": by_zone}
