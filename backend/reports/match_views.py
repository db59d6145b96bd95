"""Read-side helpers for showing a match to one of its parties: the other report, and the thread between them."""
from __future__ import annotations

from dataclasses import dataclass

from backend.core.extensions import db
from backend.reports import relay
from backend.reports.models.relay import RelayThread
from backend.reports.models.reports import FoundReport, LostReport, ReportMatch
from backend.shelter.models.shelter import ShelterDog


@dataclass(frozen=True)
class FoundSide:
    found: FoundReport
    shelter_dog_no: str | None
    thread_id: str | None


@dataclass(frozen=True)
class LostSide:
    lost: LostReport
    thread_id: str | None


def _thread_id(match: ReportMatch, side: str) -> str | None:
    """The match's thread, as long as this side may still open it (a former owner may not: services.relay)."""
    query = db.select(RelayThread.id).where(RelayThread.match_id == match.id)
    if side == "owner":
        query = query.where(relay.visible_to_owner())
    return db.session.scalar(query)


def found_side(match: ReportMatch) -> FoundSide:
    found = db.session.get(FoundReport, match.found_report_id)
    dog_no = None
    if found.shelter_dog_id:
        dog_no = db.session.scalar(db.select(ShelterDog.dog_no).where(ShelterDog.id == found.shelter_dog_id))
    return FoundSide(found, dog_no, _thread_id(match, "owner"))


def lost_side(match: ReportMatch) -> LostSide:
    return LostSide(db.session.get(LostReport, match.lost_report_id), _thread_id(match, "finder"))
