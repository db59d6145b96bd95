"""Read-side helpers for showing matches to one of their parties: the other report, and the thread between them.
Each reads a whole page of matches in a fixed number of queries (never a few per match)."""
from __future__ import annotations

from dataclasses import dataclass

from backend.core.database.extensions import db
from backend.reports import matching, relay
from backend.reports.models.relay import RelayThread
from backend.reports.models.reports import FoundReport, LostReport, ReportMatch
from backend.shelter.models.shelter import ShelterDog


@dataclass(frozen=True)
class FoundSide:
    """A match as the lost dog's owner sees it."""
    match: ReportMatch
    found: FoundReport
    shelter_dog_no: str | None
    thread_id: str | None


@dataclass(frozen=True)
class LostSide:
    """A match as the finder sees it."""
    match: ReportMatch
    lost: LostReport
    thread_id: str | None


def _thread_ids(matches: list[ReportMatch], side: str) -> dict[str, str]:
    """Each match's thread, as long as this side may still open it (a former owner may not: services.relay)."""
    query = db.select(RelayThread.match_id, RelayThread.id).where(RelayThread.match_id.in_([m.id for m in matches]))
    if side == "owner":
        query = query.where(relay.visible_to_owner())
    return dict(db.session.execute(query).all())


def found_sides(matches: list[ReportMatch]) -> list[FoundSide]:
    if not matches:
        return []
    found = {f.id: f for f in db.session.scalars(
        db.select(FoundReport).where(FoundReport.id.in_({m.found_report_id for m in matches})))}
    dog_ids = {f.shelter_dog_id for f in found.values() if f.shelter_dog_id}
    dog_nos = dict(db.session.execute(db.select(ShelterDog.id, ShelterDog.dog_no)
                                      .where(ShelterDog.id.in_(dog_ids))).all()) if dog_ids else {}
    threads = _thread_ids(matches, "owner")
    return [FoundSide(m, found[m.found_report_id], dog_nos.get(found[m.found_report_id].shelter_dog_id),
                      threads.get(m.id)) for m in matches]


def lost_sides(matches: list[ReportMatch]) -> list[LostSide]:
    if not matches:
        return []
    lost = {r.id: r for r in db.session.scalars(
        db.select(LostReport).where(LostReport.id.in_({m.lost_report_id for m in matches})))}
    threads = _thread_ids(matches, "finder")
    return [LostSide(m, lost[m.lost_report_id], threads.get(m.id)) for m in matches]


def for_owner(lost_ids: list[str]) -> dict[str, list[FoundSide]]:
    """The open matches of these lost reports, best first, as their owner sees them."""
    by_report: dict[str, list[FoundSide]] = {report_id: [] for report_id in lost_ids}
    for side in found_sides(matching.open_matches("lost", lost_ids)):
        by_report[side.match.lost_report_id].append(side)
    return by_report


def for_finder(found_ids: list[str]) -> dict[str, list[LostSide]]:
    """The open matches of these found reports, best first, as their finder sees them."""
    by_report: dict[str, list[LostSide]] = {report_id: [] for report_id in found_ids}
    for side in lost_sides(matching.open_matches("found", found_ids)):
        by_report[side.match.found_report_id].append(side)
    return by_report
