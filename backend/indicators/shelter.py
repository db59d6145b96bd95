"""The shelter: kennel occupancy now, intakes by source and outcomes (adoptions first) per month. City-wide: the
shelter serves every zone, so the zone filter does not apply."""
from __future__ import annotations

from backend.extensions import db
from backend.indicators.common import monthly_rows, nested, rate
from backend.indicators.period import Period, month_number
from backend.indicators.sql import local_month
from backend.models import Kennel, ShelterDog
from backend.models.shelter import INTAKE_SOURCES

IN_CARE = ("quarantine", "available", "reserved")
OUTCOMES = ("adopted", "reclaimed", "transferred", "died")
FIELDS = ("intakes", *OUTCOMES)


def shelter(period: Period) -> dict:
    counts, sources = nested(), dict.fromkeys(INTAKE_SOURCES, 0)
    month = local_month(ShelterDog.intake_at)
    for value, source, count in db.session.execute(
            db.select(month, ShelterDog.source, db.func.count())
            .where(ShelterDog.intake_at >= period.since, ShelterDog.intake_at < period.until)
            .group_by(month, ShelterDog.source)):
        counts[month_number(value)]["intakes"] += count
        sources[source] = sources.get(source, 0) + count
    month = local_month(ShelterDog.outcome_at)
    for value, status, count in db.session.execute(
            db.select(month, ShelterDog.status, db.func.count())
            .where(ShelterDog.status.in_(OUTCOMES), ShelterDog.outcome_at >= period.since,
                   ShelterDog.outcome_at < period.until)
            .group_by(month, ShelterDog.status)):
        counts[month_number(value)][status] += count
    monthly = monthly_rows(period.months, counts, FIELDS)
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
