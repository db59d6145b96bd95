"""Lost dogs: an owner's report (a licensed dog, or an unlicensed one described with photos), the public board
of open reports (near a place, or the city's newest), and closing a report as reunited or given up (or when the
licence is cancelled).

While a licensed dog's report is open its licence carries `lost_since`, so the public tag page says it is lost.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from backend.audit import trail as audit
from backend.audit.trail import Actor
from backend.audit.transitions import check_move, transition
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.rows import get_row
from backend.core.database.uow import retrying, transaction
from backend.core.errors import Conflict, NotFound, ValidationFailed
from backend.licensing import licences
from backend.licensing.models.dogs import Dog
from backend.licensing.models.licences import Licence
from backend.media import content_check, uploads
from backend.reference import catalogue as reference
from backend.reference import geo, places
from backend.reports import match_views, matching
from backend.reports.events import FOUND_REPORT_OWNER_REUNITED, LOST_REPORT_CLOSED, LOST_REPORT_OPENED
from backend.reports.inputs import BOARD_CITY_RADIUS_KM, BOARD_RADIUS_KM, BoardQuery, CloseLostInput, LostReportInput
from backend.reports.match_views import FoundSide
from backend.reports.models.reports import FoundReport, LostReport, ReportMatch

OUTCOME_NAMES = {"reunited": "已找回", "given_up": "已放弃寻找"}


@dataclass(frozen=True)
class Reported:
    report: LostReport
    matches: list[FoundSide]  # as the reporter sees them


@retrying
def report_lost(user_id: str, data: LostReportInput) -> Reported:
    texts = (data.note, data.dog.description if data.dog else "")
    flagged = content_check.screen(user_id, *texts, field="note")
    place = places.checked_point(data.location)
    with transaction() as session:
        report = LostReport(user_id=user_id, status="open", lost_at=data.lost_at, note=data.note,
                            lat_e6=place.lat_e6, lng_e6=place.lng_e6, address=data.location.address,
                            content_flagged=flagged)
        if data.licence_id:
            _describe_licensed(report, user_id, data)
        else:
            _describe(report, user_id, data)
        session.add(report)
        audit.record(LOST_REPORT_OPENED, report.id, actor=Actor.resident(user_id), user_id=user_id,
                     to_status="open", data={"licence_id": report.licence_id, "dog_name": report.dog_name})
        matches = match_views.found_sides(matching.match_new_lost(report))  # in the transaction: a retry redoes it all
    return Reported(report, matches)


def _describe_licensed(report: LostReport, user_id: str, data: LostReportInput) -> None:
    licence = licences.own_licence_for_update(user_id, data.licence_id)
    if licence.status != "active":
        raise Conflict("只有有效的犬证可以登记走失", code="licence_not_active", details={"status": licence.status})
    if db.session.scalar(db.select(LostReport.id).where(LostReport.licence_id == licence.id,
                                                        LostReport.status == "open")):
        raise Conflict("这只犬已有未结束的走失登记", code="lost_report_exists")
    dog = db.session.get(Dog, licence.dog_id)
    breed = reference.canonical_breed(dog.breed)  # its size stands in when the owner gives none
    report.licence_id, report.tag_token, report.chip_no = licence.id, licence.tag_token, dog.chip_no
    report.dog_name, report.breed, report.breed_canonical = dog.name, dog.breed, reference.known_breed(dog.breed)
    report.sex, report.colour = dog.sex, dog.colour
    report.size = data.size or breed.size or "unknown"
    report.photo_upload_ids = list(dog.photo_upload_ids or [])
    licence.lost_since = report.lost_at  # the tag page says lost from now on (the card is rebuilt on flush)


def _describe(report: LostReport, user_id: str, data: LostReportInput) -> None:
    dog = data.dog
    report.dog_name, report.breed, report.sex, report.colour = dog.name, dog.breed, dog.sex, dog.colour
    report.breed_canonical = reference.known_breed(dog.breed)
    report.size, report.description, report.chip_no = dog.size, dog.description, dog.chip_no
    report.photo_upload_ids = uploads.check_owned(user_id, dog.photo_upload_ids, "dog.photo_upload_ids")


@retrying
def close(user_id: str, report_id: str, data: CloseLostInput) -> LostReport:
    with transaction():
        report = _own(user_id, report_id, for_update=True)
        check_move(report, data.outcome)
        report.closed_at, report.close_note = clock.now(), data.note
        if report.licence_id:
            db.session.get(Licence, report.licence_id).lost_since = None
        transition(report, data.outcome, Actor.resident(user_id), data.note or None, event=LOST_REPORT_CLOSED)
        if data.outcome == "reunited" and data.match_id:
            _thank_finder(report, data.match_id)
    return report


def close_for_cancelled_licence(licence: Licence, actor: Actor) -> bool:
    """Inside the cancellation's transaction: the dog's open report ends as given up (nobody answers for a
    cancelled licence's tag, and matches would reach its former holder). Returns whether there was one."""
    report = db.session.scalar(db.select(LostReport).where(LostReport.licence_id == licence.id,
                                                           LostReport.status == "open").with_for_update())
    if report is None:
        return False
    report.closed_at, report.close_note = clock.now(), "犬证已注销"
    licence.lost_since = None
    transition(report, "given_up", actor, "犬证已注销", event=LOST_REPORT_CLOSED, licence_id=licence.id)
    return True


def check_not_reported_lost(licence: Licence) -> None:
    """Before a licence changes hands: a dog its owner is looking for is not theirs to hand over; the lost report,
    its matches and the finders' threads are the owner's, and stay so."""
    if db.session.scalar(db.select(LostReport.id).where(LostReport.licence_id == licence.id,
                                                        LostReport.status == "open")):
        raise Conflict("犬只的走失登记尚未结束，请先结束走失登记再办理过户", code="dog_reported_lost")


def _thank_finder(report: LostReport, match_id: str) -> None:
    match = db.session.get(ReportMatch, match_id)
    if match is None or match.lost_report_id != report.id:
        raise ValidationFailed("匹配记录不存在", code="match_not_found", details={"match_id": "不是这条走失登记的匹配"})
    found = db.session.get(FoundReport, match.found_report_id, with_for_update=True)
    if found.status == "open" and found.source == "public":
        found.closed_at = clock.now()
        transition(found, "returned", Actor.system(), event=FOUND_REPORT_OWNER_REUNITED, user_id=found.user_id,
                   dog_name=report.dog_name)


def _own(user_id: str, report_id: str, for_update: bool = False) -> LostReport:
    return get_row(LostReport, report_id, NotFound("走失登记不存在", code="lost_report_not_found"), owner=user_id,
                   for_update=for_update)


def get_own(user_id: str, report_id: str) -> Reported:
    return _reported([_own(user_id, report_id)])[0]


def list_own(user_id: str) -> list[Reported]:
    reports = db.session.scalars(db.select(LostReport).where(LostReport.user_id == user_id)
                                 .order_by(LostReport.created_at.desc()).limit(100))
    return _reported(list(reports))


def _reported(reports: list[LostReport]) -> list[Reported]:
    matches = match_views.for_owner([r.id for r in reports])
    return [Reported(r, matches[r.id]) for r in reports]


def get_public(report_id: str) -> LostReport:
    report = db.session.get(LostReport, report_id)
    if report is None or report.status != "open":
        raise NotFound("走失登记不存在或已结束", code="lost_report_not_found")
    return report


@dataclass(frozen=True)
class Nearby:
    report: LostReport
    distance_km: float | None  # from the place asked about; None on the city's board (no place given)


BOARD_SCAN_LIMIT = 2000


def board(query: BoardQuery) -> list[Nearby]:
    """The public board. Near a place: open reports within `radius_km`, nearest first. Without a place: open
    reports within BOARD_CITY_RADIUS_KM of the city's centre (MAP_CENTRE), newest lost first."""
    if query.near_a_place:
        return _nearest(geo.Point(query.lat, query.lng), query.radius_km or BOARD_RADIUS_KM, query.limit)
    centre = geo.Point(*current_app.config["MAP_CENTRE"])
    newest = _newest_within(centre, query.radius_km or BOARD_CITY_RADIUS_KM, query.limit)
    return [Nearby(n.report, None) for n in newest]


def _open_in_box(centre: geo.Point, radius_km: float):
    box = geo.box_around(centre, radius_km)
    return db.select(LostReport).where(
        LostReport.status == "open", LostReport.lat_e6.between(box.lat_min, box.lat_max),
        LostReport.lng_e6.between(box.lng_min, box.lng_max)).order_by(LostReport.lost_at.desc(), LostReport.id.desc())


def _within(reports, centre: geo.Point, radius_km: float) -> list[Nearby]:
    near = (Nearby(r, geo.distance_km(centre, r.place)) for r in reports)
    return [n for n in near if n.distance_km <= radius_km]


def _nearest(centre: geo.Point, radius_km: float, limit: int) -> list[Nearby]:
    """The box narrows in SQL; the newest BOARD_SCAN_LIMIT in the box are measured (a board is for recent
    losses)."""
    near = _within(db.session.scalars(_open_in_box(centre, radius_km).limit(BOARD_SCAN_LIMIT)), centre, radius_km)
    near.sort(key=lambda n: n.distance_km)
    return near[:limit]


def _newest_within(centre: geo.Point, radius_km: float, limit: int) -> list[Nearby]:
    """Newest first: read a few more than asked (the box's corners lie outside the circle), more only if the
    corners took too many."""
    fetch = limit * 2
    while True:
        reports = db.session.scalars(_open_in_box(centre, radius_km).limit(fetch)).all()
        inside = _within(reports, centre, radius_km)
        if len(inside) >= limit or len(reports) < fetch or fetch >= BOARD_SCAN_LIMIT:
            return inside[:limit]
        fetch = min(fetch * 4, BOARD_SCAN_LIMIT)


def public_photo(report_id: str, upload_id: str) -> tuple[bytes, str]:
    report = get_public(report_id)
    if upload_id not in (report.photo_upload_ids or []):
        raise NotFound("图片不存在")
    return uploads.read_image(upload_id)
