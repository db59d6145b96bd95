"""Stray-dog reports: a volunteer reports, a dispatcher sends a capture team, the team captures (straight into the
shelter's intake) or does not find the dog. A report near a recent open one is linked to it as a duplicate, so one
dog seen by five people is one job. The reporter hears each step; so do those whose reports were linked.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app

from backend.audit import trail as audit
from backend.audit.trail import Actor
from backend.audit.transitions import transition
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.locks import lock_keys
from backend.core.database.rows import get_row
from backend.core.database.uow import retrying, transaction
from backend.core.errors import NotFound, ValidationFailed
from backend.core.events import EventName
from backend.media import content_check, uploads
from backend.reference import geo, places
from backend.reports.events import (
    STRAY_REPORT_CAPTURED,
    STRAY_REPORT_DISPATCHED,
    STRAY_REPORT_DUPLICATE,
    STRAY_REPORT_NOT_FOUND,
    STRAY_REPORT_ORIGINAL_CAPTURED,
    STRAY_REPORT_ORIGINAL_NOT_FOUND,
    STRAY_REPORT_RECEIVED,
)
from backend.reports.inputs import DispatchInput, ResolveInput, StrayQueueQuery, StrayReportInput
from backend.reports.models.strays import STRAY_OPEN, StrayReport
from backend.shelter import records as shelter

# Duplicate search locks the coarse cells around a place (~1.1 km): two reports of the same dog at the same
# moment queue behind each other, and the second sees the first.
LOCK_CELL_E6 = 10_000


@retrying
def report_stray(user_id: str, data: StrayReportInput) -> StrayReport:
    flagged = content_check.screen(user_id, data.description)
    point = places.checked_point(data.location)
    with transaction() as session:
        photos = uploads.check_owned(user_id, data.photo_upload_ids, "photo_upload_ids")
        lock_keys("stray_cell", _cells_around(point))
        original = _recent_open_nearby(point)
        report = StrayReport(
            user_id=user_id, status="duplicate" if original else "received", reported_at=clock.now(),
            lat_e6=point.lat_e6, lng_e6=point.lng_e6, address=data.location.address,
            district=data.district or places.district_of(point), count=data.count, description=data.description,
            photo_upload_ids=photos, aggressive=data.aggressive, injured=data.injured, content_flagged=flagged,
            duplicate_of_id=original.id if original else None)
        session.add(report)
        audit.record(STRAY_REPORT_RECEIVED, report.id, actor=Actor.resident(user_id), user_id=user_id,
                     to_status=report.status, data={"address": report.address,
                                                    "duplicate_of": report.duplicate_of_id,
                                                    "original_status": original.status if original else None})
        if original and (data.aggressive or data.injured):
            # A later report may know more: the dispatcher's job gets the urgency.
            original.aggressive, original.injured = original.aggressive or data.aggressive, \
                original.injured or data.injured
    return report


def _cells_around(point: geo.Point) -> list[str]:
    lat, lng = point.lat_e6 // LOCK_CELL_E6, point.lng_e6 // LOCK_CELL_E6
    return [f"{lat + dy}:{lng + dx}" for dy in (-1, 0, 1) for dx in (-1, 0, 1)]


def _recent_open_nearby(point: geo.Point) -> StrayReport | None:
    """The nearest open, non-duplicate report within STRAY_DUPLICATE_RADIUS_M made in the last
    STRAY_DUPLICATE_HOURS."""
    config = current_app.config
    radius_km = config["STRAY_DUPLICATE_RADIUS_M"] / 1000
    box = geo.box_around(point, radius_km)
    since = clock.now() - timedelta(hours=config["STRAY_DUPLICATE_HOURS"])
    nearby = db.session.scalars(db.select(StrayReport).where(
        StrayReport.status.in_(STRAY_OPEN), StrayReport.lat_e6.between(box.lat_min, box.lat_max),
        StrayReport.lng_e6.between(box.lng_min, box.lng_max), StrayReport.reported_at >= since))
    scored = [(geo.distance_km(point, r.place), r) for r in nearby]
    scored = [pair for pair in scored if pair[0] <= radius_km]
    return min(scored, key=lambda pair: pair[0])[1] if scored else None


def list_own(user_id: str) -> list[StrayReport]:
    return list(db.session.scalars(db.select(StrayReport).where(StrayReport.user_id == user_id)
                                   .order_by(StrayReport.reported_at.desc()).limit(200)))


@dataclass(frozen=True)
class VolunteerStats:
    reports: int
    open: int
    led_to_capture: int  # own reports captured, or linked to a report that was
    dogs_captured: int


def volunteer_stats(user_id: str) -> VolunteerStats:
    own = db.session.execute(db.select(StrayReport.status, StrayReport.duplicate_of_id, StrayReport.captured_count)
                             .where(StrayReport.user_id == user_id)).all()
    originals = {row.duplicate_of_id for row in own if row.duplicate_of_id}
    captured_originals = dict(db.session.execute(
        db.select(StrayReport.id, StrayReport.captured_count).where(StrayReport.id.in_(originals),
                                                                    StrayReport.status == "captured")).all()) \
        if originals else {}
    led = [row for row in own if row.status == "captured" or row.duplicate_of_id in captured_originals]
    dogs = sum(row.captured_count if row.status == "captured" else captured_originals[row.duplicate_of_id]
               for row in led)
    return VolunteerStats(len(own), sum(row.status in STRAY_OPEN for row in own), len(led), dogs)


def queue(query: StrayQueueQuery) -> tuple[list[StrayReport], int]:
    """The dispatch queue: injured and aggressive first, then the oldest."""
    select = db.select(StrayReport)
    if query.status == "open":
        select = select.where(StrayReport.status.in_(STRAY_OPEN))
    else:
        select = select.where(StrayReport.status == query.status)
    total = db.session.scalar(db.select(db.func.count()).select_from(select.subquery()))
    reports = db.session.scalars(select.order_by(StrayReport.injured.desc(), StrayReport.aggressive.desc(),
                                                 StrayReport.reported_at).limit(query.limit).offset(query.offset))
    return list(reports), total


def linked_counts(report_ids: list[str]) -> dict[str, int]:
    if not report_ids:
        return {}
    return dict(db.session.execute(db.select(StrayReport.duplicate_of_id, db.func.count()).where(
        StrayReport.duplicate_of_id.in_(report_ids)).group_by(StrayReport.duplicate_of_id)).all())


def get(report_id: str, for_update: bool = False) -> StrayReport:
    return get_row(StrayReport, report_id, _not_found(), for_update=for_update)


def get_own(user_id: str, report_id: str) -> StrayReport:
    return get_row(StrayReport, report_id, _not_found(), owner=user_id)


def _not_found() -> NotFound:
    return NotFound("流浪犬报告不存在", code="stray_report_not_found")


@retrying
def dispatch(staff_id: str, report_id: str, data: DispatchInput) -> StrayReport:
    with transaction():
        report = get(report_id, for_update=True)
        _move(report, "dispatched", staff_id, data={"team": data.team})
        report.team, report.dispatched_at = data.team, clock.now()
    return report


@dataclass(frozen=True)
class Resolved:
    report: StrayReport
    intakes: list  # shelter.Intake


@retrying
def resolve(staff_id: str, report_id: str, data: ResolveInput) -> Resolved:
    with transaction():
        report = get(report_id, for_update=True)
        if data.outcome == "duplicate":
            _link_to(report, data.duplicate_of)
        captured = data.captured_count or len(data.intakes) or (1 if data.outcome == "captured" else 0)
        report.captured_count = captured if data.outcome == "captured" else 0
        report.resolved_at, report.resolve_note = clock.now(), data.note
        _move(report, data.outcome, staff_id, reason=data.note or None,
              data={"captured_count": report.captured_count, "duplicate_of": report.duplicate_of_id})
        intakes = [shelter.take_in(staff_id, intake.model_copy(update={
                       "stray_report_id": report.id, "intake_place": intake.intake_place or report.address}),
                                   place=report.place, address=report.address) for intake in data.intakes]
    return Resolved(report, intakes)


def _link_to(report: StrayReport, original_id: str) -> None:
    if original_id == report.id:
        raise ValidationFailed("不能标记为自身的重复", code="duplicate_of_self",
                               details={"duplicate_of": "请选择另一条报告"})
    original = db.session.get(StrayReport, original_id)
    if original is None:
        raise ValidationFailed("所选原报告不存在", code="stray_report_not_found",
                               details={"duplicate_of": "未找到该报告"})
    # Follow the chain to its root, so every duplicate points at the one job that is worked.
    report.duplicate_of_id = original.duplicate_of_id or original.id


# Each move's event; and what the reporters of linked duplicates are told when the report ends.
MOVE_EVENTS = {"dispatched": STRAY_REPORT_DISPATCHED, "captured": STRAY_REPORT_CAPTURED,
               "not_found": STRAY_REPORT_NOT_FOUND, "duplicate": STRAY_REPORT_DUPLICATE}
LINKED_EVENTS = {"captured": STRAY_REPORT_ORIGINAL_CAPTURED, "not_found": STRAY_REPORT_ORIGINAL_NOT_FOUND}


def _move(report: StrayReport, status: str, staff_id: str, reason: str | None = None, data: dict | None = None):
    details = {"address": report.address, "team": report.team, **(data or {})}
    transition(report, status, Actor.staff(staff_id), reason, event=MOVE_EVENTS[status], **details)
    if status in LINKED_EVENTS:
        _tell_linked(report, LINKED_EVENTS[status], staff_id, details)


def _tell_linked(report: StrayReport, event: EventName, staff_id: str, details: dict) -> None:
    """Those whose reports were linked to this one hear the outcome too: they saw the same dog."""
    linked = db.session.execute(db.select(StrayReport.id, StrayReport.user_id).where(
        StrayReport.duplicate_of_id == report.id)).all()
    for linked_id, user_id in linked:
        audit.record(event, linked_id, actor=Actor.staff(staff_id), user_id=user_id,
                     data={**details, "original_id": report.id})


def report_photo(report_id: str, upload_id: str) -> tuple[bytes, str]:
    report = get(report_id)
    if upload_id not in (report.photo_upload_ids or []):
        raise NotFound("图片不存在")
    return uploads.read_image(upload_id)
