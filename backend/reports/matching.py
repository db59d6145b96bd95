"""Matching lost reports against found ones (residents' found reports and shelter intakes), at the moment a new
report arrives, and telling the people concerned at once.

The search is narrowed in SQL (open reports, the time window, the bounding box of MATCH_MAX_KM, sex, and the most
each row could score: `backend.reports.match_bound`, read best first) and scored in Python by
`backend.reports.matching_rules`; only the columns the rules read are fetched. A tag token or chip number that agrees is
looked up by index, outside the window and whatever the bound says: it wins whatever else the reports say.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import desc, or_

from backend.audit.trail import Actor, record
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.locks import insert_ignoring_duplicates
from backend.core.ids import new_id
from backend.reference import geo
from backend.reports import match_bound, matching_rules, relay
from backend.reports.events import FOUND_REPORT_MATCH_FOUND, LOST_REPORT_MATCH_FOUND
from backend.reports.matching_rules import DogFacts, Match, MatchSettings
from backend.reports.models.reports import FoundReport, LostReport, ReportMatch
from backend.shelter.models.shelter import ShelterDog

# Never more candidate matches kept per new report than this: a vague description must not flood anybody.
KEEP_PER_REPORT = 20
# Rows read first, best bound first: enough that the kept matches are nearly always among them.
FETCH_FIRST = 4 * KEEP_PER_REPORT


@dataclass(frozen=True)
class Found:
    """A match as stored, with the other report's id."""
    match: ReportMatch
    other_id: str
    created: bool


def settings() -> MatchSettings:
    return MatchSettings.from_config(current_app.config)


def facts(report: LostReport | FoundReport) -> DogFacts:
    at = report.lost_at if isinstance(report, LostReport) else report.found_at
    return DogFacts(breed=report.breed_canonical, sex=report.sex, colour=report.colour, size=report.size,
                    place=report.place, at=at, tag_token=report.tag_token, chip_no=report.chip_no)


FACT_COLUMNS = ("id", "breed_canonical", "sex", "colour", "size", "lat_e6", "lng_e6", "tag_token", "chip_no")


def _row_facts(row, at) -> DogFacts:
    place = None if row.lat_e6 is None else geo.Point.from_e6(row.lat_e6, row.lng_e6)
    return DogFacts(breed=row.breed_canonical, sex=row.sex, colour=row.colour, size=row.size, place=place, at=at,
                    tag_token=row.tag_token, chip_no=row.chip_no)


def candidates_for_found(found: FoundReport, rules: MatchSettings) -> list[tuple[str, Match]]:
    """Open lost reports that may be this found dog, best first."""
    columns = [getattr(LostReport, c) for c in FACT_COLUMNS] + [LostReport.lost_at]
    tolerance = timedelta(hours=rules.before_loss_tolerance_hours)
    query = db.select(*columns).where(
        LostReport.status == "open", LostReport.lost_at <= found.found_at + tolerance,
        LostReport.lost_at >= found.found_at - timedelta(days=rules.max_days))
    mine = facts(found)

    def score(row) -> Match | None:
        return matching_rules.match(_row_facts(row, row.lost_at), mine, rules)

    identity = _identity_rows(LostReport, columns, found)
    return _candidates(_narrow(query, LostReport, found, rules), LostReport, "lost_at", mine, rules, score, identity)


def candidates_for_lost(lost: LostReport, rules: MatchSettings) -> list[tuple[str, Match]]:
    """Open found reports (and shelter intakes) that may be this lost dog, best first."""
    columns = [getattr(FoundReport, c) for c in FACT_COLUMNS] + [FoundReport.found_at]
    tolerance = timedelta(hours=rules.before_loss_tolerance_hours)
    query = db.select(*columns).where(
        FoundReport.status == "open", FoundReport.found_at >= lost.lost_at - tolerance,
        FoundReport.found_at <= lost.lost_at + timedelta(days=rules.max_days))
    # Shelter intakes may have no place: the box cannot apply to them.
    query = _narrow(query, FoundReport, lost, rules, keep_placeless=True)
    mine = facts(lost)

    def score(row) -> Match | None:
        return matching_rules.match(mine, _row_facts(row, row.found_at), rules)

    identity = _identity_rows(FoundReport, columns, lost)
    return _candidates(query, FoundReport, "found_at", mine, rules, score, identity)


def _narrow(query, model, report, rules: MatchSettings, keep_placeless: bool = False):
    if report.sex != "unknown":
        query = query.where(model.sex.in_((report.sex, "unknown")))
    if report.place is not None:
        box = geo.box_around(report.place, rules.max_km)
        inside = (model.lat_e6.between(box.lat_min, box.lat_max)) & (model.lng_e6.between(box.lng_min, box.lng_max))
        query = query.where(or_(inside, model.lat_e6.is_(None)) if keep_placeless else inside)
    return query


def _candidates(query, model, at: str, mine: DogFacts, rules: MatchSettings, score, identity: list):
    """The best matches among the rows whose bound reaches the threshold, and the tag/chip rows whatever their
    bound. Only KEEP_PER_REPORT are kept, so the rows are read best bound first, FETCH_FIRST of them: when the
    last kept match scores above the last row's bound, no row left unread could take its place (a dense city can
    have a thousand matches for one vague report). Otherwise, all of them."""
    dialect = db.session.get_bind().dialect.name
    # The new report is a lost one when the rows are found reports.
    limit = match_bound.bound(model, at, mine, rules, dialect, mine_is_lost=model is FoundReport)
    query = match_bound.force_index(query.where(*limit.conditions), model, f"ix_{model.__tablename__}_open_match")
    if limit.score is not None:
        ranked = query.add_columns(limit.score.label("bound")).order_by(desc("bound")).limit(FETCH_FIRST)
        rows = list(db.session.execute(ranked, limit.params))
        best = _best({row.id: score(row) for row in rows + identity})
        if len(rows) < FETCH_FIRST or _settled(best, rows[-1].bound):
            return best
    rows = list(db.session.execute(query, limit.params))
    return _best({row.id: score(row) for row in rows + identity})


def _settled(best: list[tuple[str, Match]], last_bound: float) -> bool:
    """No row ranked below `last_bound` can enter `best`: scores are rounded to 4 places, hence the margin."""
    if len(best) < KEEP_PER_REPORT:
        return False
    kind, worst = best[-1][1].kind, best[-1][1].score
    return kind != "score" or worst > last_bound + 1e-4


def _identity_rows(model, columns, report) -> list:
    conditions = []
    if report.tag_token:
        conditions.append(model.tag_token == report.tag_token)
    if report.chip_no:
        # The rules compare chip numbers whatever their case; MariaDB's collation does, SQLite's must be told.
        chip = model.chip_no.collate("NOCASE") if db.session.get_bind().dialect.name == "sqlite" else model.chip_no
        conditions.append(chip == report.chip_no)
    if not conditions:
        return []
    return list(db.session.execute(db.select(*columns).where(model.status == "open", or_(*conditions))))


def _best(scored: dict[str, Match | None]) -> list[tuple[str, Match]]:
    found = [(other, m) for other, m in scored.items() if m is not None]
    found.sort(key=lambda pair: (pair[1].kind == "score", -pair[1].score))
    return found[:KEEP_PER_REPORT]


def record_matches(lost_found_pairs: list[tuple[str, str, Match]]) -> list[tuple[ReportMatch, bool]]:
    """Store each (lost id, found id, match) once. A pair matched at the same moment from both sides (a lost and a
    found report arriving together) is stored by whichever insert comes first; `created` says whether it was ours."""
    if not lost_found_pairs:
        return []
    now = clock.now()
    rows = [{"id": new_id(), "lost_report_id": lost_id,
             "found_report_id": found_id, "kind": m.kind, "score": m.score,
             "distance_m": None if m.distance_km is None else round(m.distance_km * 1000), "parts": m.parts,
             "created_at": now} for lost_id, found_id, m in lost_found_pairs]
    insert_ignoring_duplicates(ReportMatch, rows)
    stored = []
    for row in rows:
        existing = db.session.scalar(db.select(ReportMatch).where(
            ReportMatch.lost_report_id == row["lost_report_id"], ReportMatch.found_report_id == row["found_report_id"]))
        stored.append((existing, existing.id == row["id"]))
    return stored


def open_matches(side: str, report_ids: list[str]) -> list[ReportMatch]:
    """The matches not dismissed of these lost (`side` "lost") or found reports, best first."""
    if not report_ids:
        return []
    column = ReportMatch.lost_report_id if side == "lost" else ReportMatch.found_report_id
    return list(db.session.scalars(db.select(ReportMatch).where(column.in_(report_ids),
                                                                ReportMatch.dismissed_at.is_(None))
                                   .order_by(ReportMatch.score.desc(), ReportMatch.created_at)))


def match_new_lost(lost: LostReport) -> list[ReportMatch]:
    """Match a new lost report; the finders of matching found reports hear at once (the owner sees the matches
    in the answer)."""
    db.session.flush()
    stored = record_matches([(lost.id, found_id, m) for found_id, m in candidates_for_lost(lost, settings())])
    for match, _ in _newly_made(stored):
        found = db.session.get(FoundReport, match.found_report_id)
        _connect(match, lost, found)
        _tell_finder(found, lost, match)
    return [m for m, _ in stored]


def match_new_found(found: FoundReport, already_told: set[str] = frozenset()) -> list[ReportMatch]:
    """Match a new found report or shelter intake; the owners of matching lost reports hear at once, except those
    in `already_told` (the shelter's own tag/chip notice has reached them)."""
    db.session.flush()
    stored = record_matches([(lost_id, found.id, m) for lost_id, m in candidates_for_found(found, settings())])
    for match, _ in _newly_made(stored):
        lost = db.session.get(LostReport, match.lost_report_id)
        _connect(match, lost, found)
        if lost.user_id not in already_told:
            _tell_owner(lost, found, match)
    return [m for m, _ in stored]


def _newly_made(stored: list[tuple[ReportMatch, bool]]) -> list[tuple[ReportMatch, bool]]:
    """The matches this report made, best first, at most MATCH_NOTIFY_MAX: nobody is flooded by a vague report."""
    return [pair for pair in stored if pair[1]][:current_app.config["MATCH_NOTIFY_MAX"]]


def _connect(match: ReportMatch, lost: LostReport, found: FoundReport) -> None:
    if found.source == "public" and found.user_id and found.user_id != lost.user_id:
        relay.open_for_match(match, lost, found)


def _tell_owner(lost: LostReport, found: FoundReport, match: ReportMatch) -> None:
    dog_no = None
    if found.shelter_dog_id:
        dog_no = db.session.scalar(db.select(ShelterDog.dog_no).where(ShelterDog.id == found.shelter_dog_id))
    record(LOST_REPORT_MATCH_FOUND, lost.id, actor=Actor.system(), user_id=lost.user_id,
           data={"match_id": match.id, "kind": match.kind, "score": match.score, "source": found.source,
                 "found_report_id": found.id, "found_at": clock.isoformat(found.found_at),
                 "address": found.address, "distance_m": match.distance_m, "dog_name": lost.dog_name,
                 "shelter_dog_no": dog_no})


def _tell_finder(found: FoundReport, lost: LostReport, match: ReportMatch) -> None:
    if found.source != "public" or not found.user_id:
        return
    record(FOUND_REPORT_MATCH_FOUND, found.id, actor=Actor.system(), user_id=found.user_id,
           data={"match_id": match.id, "kind": match.kind, "score": match.score, "lost_report_id": lost.id,
                 "lost_at": clock.isoformat(lost.lost_at), "address": lost.address,
                 "distance_m": match.distance_m})
