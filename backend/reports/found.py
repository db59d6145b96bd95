"""Found dogs: a resident's report (matched at once against open lost reports), and the found record the shelter
makes for every dog it takes in, so that owners searching are matched against the shelter too."""
from __future__ import annotations

from dataclasses import dataclass

from backend.audit import trail as audit
from backend.audit.trail import Actor
from backend.audit.transitions import check_move, transition
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.rows import get_row
from backend.core.database.uow import retrying, transaction
from backend.core.errors import NotFound
from backend.media import content_check, uploads
from backend.reference import catalogue as reference
from backend.reference import places
from backend.reports import match_views, matching
from backend.reports.events import FOUND_REPORT_CLOSED, FOUND_REPORT_OPENED
from backend.reports.inputs import CloseFoundInput, FoundReportInput
from backend.reports.match_views import LostSide
from backend.reports.models.reports import FoundReport, LostReport, ReportMatch
from backend.shelter.models.shelter import ShelterDog


@dataclass(frozen=True)
class Reported:
    report: FoundReport
    matches: list[LostSide]  # as the reporter sees them


@retrying
def report_found(user_id: str, data: FoundReportInput) -> Reported:
    flagged = content_check.screen(user_id, data.message, data.dog.description, field="message")
    place = places.checked_point(data.location)
    with transaction() as session:
        photos = uploads.check_owned(user_id, data.photo_upload_ids + data.dog.photo_upload_ids, "photo_upload_ids")
        dog = data.dog
        report = FoundReport(
            source="public", user_id=user_id, status="open", found_at=data.found_at, message=data.message,
            content_flagged=flagged, dog_name=dog.name, breed=dog.breed,
            breed_canonical=reference.known_breed(dog.breed), sex=dog.sex, colour=dog.colour, size=dog.size,
            description=dog.description, photo_upload_ids=photos,
            tag_token=data.tag_token, chip_no=dog.chip_no, lat_e6=place.lat_e6, lng_e6=place.lng_e6,
            address=data.location.address)
        session.add(report)
        audit.record(FOUND_REPORT_OPENED, report.id, actor=Actor.resident(user_id), user_id=None,
                     to_status="open")
        matches = match_views.lost_sides(matching.match_new_found(report))  # in the transaction: a retry redoes it all
    return Reported(report, matches)


def record_shelter_intake(dog: ShelterDog, place, address: str, already_told: set[str]) -> list[ReportMatch]:
    """Called inside the intake's transaction: the dog becomes a found record, matched against lost reports."""
    db.session.flush()  # the dog's row first: no relationship() tells the unit of work the order
    report = FoundReport(
        source="shelter", user_id=None, shelter_dog_id=dog.id, status="open", found_at=dog.intake_at,
        dog_name=dog.name, breed=dog.breed, breed_canonical=reference.known_breed(dog.breed), sex=dog.sex,
        colour=dog.colour, size=dog.size, description=dog.description,
        photo_upload_ids=list(dog.photo_upload_ids or []),
        tag_token=dog.tag_token, chip_no=dog.chip_no, lat_e6=place.lat_e6 if place else None,
        lng_e6=place.lng_e6 if place else None, address=address)
    db.session.add(report)
    return matching.match_new_found(report, already_told)


def close_for_shelter_dog(dog_id: str, actor: Actor) -> None:
    """The dog left the shelter's care (reclaimed, adopted, ...): nobody should be matched with it any more."""
    report = db.session.scalar(db.select(FoundReport).where(FoundReport.shelter_dog_id == dog_id,
                                                            FoundReport.status == "open").with_for_update())
    if report is not None:
        report.closed_at = clock.now()
        transition(report, "closed", actor, "犬只已离开留检所", event=FOUND_REPORT_CLOSED)


@retrying
def close(user_id: str, report_id: str, data: CloseFoundInput) -> FoundReport:
    with transaction():
        report = _own(user_id, report_id, for_update=True)
        check_move(report, data.outcome)
        report.closed_at = clock.now()
        transition(report, data.outcome, Actor.resident(user_id), event=FOUND_REPORT_CLOSED)
    return report


def _own(user_id: str, report_id: str, for_update: bool = False) -> FoundReport:
    return get_row(FoundReport, report_id, NotFound("拾获登记不存在", code="found_report_not_found"), owner=user_id,
                   for_update=for_update)


def get_own(user_id: str, report_id: str) -> Reported:
    return _reported([_own(user_id, report_id)])[0]


def list_own(user_id: str) -> list[Reported]:
    reports = db.session.scalars(db.select(FoundReport).where(FoundReport.user_id == user_id)
                                 .order_by(FoundReport.created_at.desc()).limit(100))
    return _reported(list(reports))


def _reported(reports: list[FoundReport]) -> list[Reported]:
    matches = match_views.for_finder([r.id for r in reports])
    return [Reported(r, matches[r.id]) for r in reports]


def photo_for_match_party(user_id: str, report_id: str, upload_id: str) -> tuple[bytes, str]:
    """A found dog's photo, for its finder and for owners whose lost report it matched: never public, since a
    finder's photo may show the finder's home."""
    report = db.session.get(FoundReport, report_id)
    allowed = report is not None and (report.user_id == user_id or _matched_owner(report.id, user_id))
    if not allowed or upload_id not in (report.photo_upload_ids or []):
        raise NotFound("图片不存在")
    return uploads.read_image(upload_id)


def _matched_owner(found_id: str, user_id: str) -> bool:
    return db.session.scalar(db.select(db.func.count()).select_from(ReportMatch).join(
        LostReport, LostReport.id == ReportMatch.lost_report_id).where(
        ReportMatch.found_report_id == found_id, LostReport.user_id == user_id)) > 0
