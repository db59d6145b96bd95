"""Read-side helpers for showing a match to one of its parties: the other report, and the thread between them."""
from __future__ import annotations

from dataclasses import dataclass

from backend.extensions import db
from backend.models import FoundReport, LostReport, RelayThread, ReportMatch, ShelterDog


@dataclass(frozen=True)
class FoundSide:
    found: FoundReport
    shelter_dog_no: str | None
    thread_id: str | None


@dataclass(frozen=True)
class LostSide:
    lost: LostReport
    thread_id: str | None


def _thread_id(match: ReportMatch) -> str | None:
    return db.session.scalar(db.select(RelayThread.id).where(RelayThread.match_id == match.id))


def found_side(match: ReportMatch) -> FoundSide:
    found = db.session.get(FoundReport, match.found_report_id)
    dog_no = None
    if found.shelter_dog_id:
        dog_no = db.session.scalar(db.select(ShelterDog.dog_no).where(ShelterDog.id == found.shelter_dog_id))
    return FoundSide(found, dog_no, _thread_id(match))


def lost_side(match: ReportMatch) -> LostSide:
    return LostSide(db.session.get(LostReport, match.lost_report_id), _thread_id(match))
