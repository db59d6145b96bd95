"""The shelter: kennel occupancy now, intakes by source and outcomes (adoptions first) per month. City-wide: the
shelter serves every zone, so the zone filter does not apply. Months from backend.indicators.rollup (metrics
intake, outcome); occupancy from the dogs in care now (the status index: a few hundred rows)."""
from __future__ import annotations

from backend.core.database.extensions import db
from backend.indicators.common import monthly_rows, nested, rate
from backend.indicators.metrics import OUTCOMES
from backend.indicators.period import Period
from backend.indicators.rollup import counts
from backend.shelter.models.shelter import INTAKE_SOURCES, Kennel, ShelterDog

IN_CARE = ("quarantine", "available", "reserved")
FIELDS = ("intakes", *OUTCOMES)


def shelter(period: Period) -> dict:
    by_month, sources = nested(), dict.fromkeys(INTAKE_SOURCES, 0)
    for row in counts("intake", period):
        by_month[row.month]["intakes"] += row.n
        sources[row.k1] = sources.get(row.k1, 0) + row.n
    for row in counts("outcome", period):
        by_month[row.month][row.k1] += row.n
    monthly = monthly_rows(period.months, by_month, FIELDS)
    return {"occupancy": occupancy(), "monthly": monthly,
            "intakes_by_source": [{"source": s, "count": c} for s, c in sources.items()],
            "totals": {f: sum(row[f] for row in monthly) for f in FIELDS}}


def occupancy() -> dict:
    """Now: kennels in use of the active ones, places (a kennel may hold more than one dog), dogs in care by status,
    and those in care without a kennel yet."""
    kennels, places = db.session.execute(
        db.select(db.func.count(), db.func.coalesce(db.func.sum(Kennel.capacity), 0))
        .where(Kennel.active.is_(True))).one()
    by_status = dict(db.session.execute(
        db.select(ShelterDog.status, db.func.count()).where(ShelterDog.status.in_(IN_CARE))
        .group_by(ShelterDog.status)).all())
    occupied = db.session.scalar(
        db.select(db.func.count(db.distinct(ShelterDog.kennel_id)))
        .join(Kennel, Kennel.id == ShelterDog.kennel_id)
        .where(ShelterDog.status.in_(IN_CARE), Kennel.active.is_(True)))
    unhoused = db.session.scalar(db.select(db.func.count()).select_from(ShelterDog).where(
        ShelterDog.status.in_(IN_CARE), ShelterDog.kennel_id.is_(None)))
    in_care = sum(by_status.values())
    return {"kennels": kennels, "occupied_kennels": occupied, "kennel_rate": rate(occupied, kennels),
            "places": int(places), "dogs_in_care": in_care, "place_rate": rate(in_care - unhoused, int(places)),
            "without_kennel": unhoused, "by_status": [{"status": s, "count": by_status.get(s, 0)} for s in IN_CARE]}
