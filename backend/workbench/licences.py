"""Staff look-up of licences (the console's 犬证 pages, issue 16): search by licence number, tag token (or the tag's
URL as its QR code carries it), chip number, or the owner's ID number by its last digits or its masked form; one
licence's file with its dog, vaccination, owner (masked) and whole audit trail; the tag's QR code.

Everything a page shows is read here in a fixed number of statements, whatever the licence's history holds:
the serializers only reshape what these functions return.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, literal, or_, select, union, union_all

from backend.accounts.models.people import StaffUser
from backend.accounts.models.personal_data import PersonalDataAccess
from backend.audit.models import StatusChange
from backend.core.database.extensions import db
from backend.core.errors import NotFound
from backend.licensing.licences import tag_url
from backend.licensing.models.dogs import Dog, Vaccination
from backend.licensing.models.licences import Inspection, Licence, Transfer
from backend.licensing.review import ID_TAIL
from backend.media import qr
from backend.payments.models import PaymentOrder
from backend.reference.models import Zone
from backend.reports.models.reports import LostReport

# What staff read back from an ID number: `110105********002X` (backend.core.security.idnumber.mask).
MASKED_ID = re.compile(r"[0-9]{6}\*{8}[0-9]{3}[0-9Xx]")
# A tag's QR code carries `<PUBLIC_BASE_URL>/t/<token>`; a scanner or a paste gives the whole URL.
TAG_URL = re.compile(r"^https?://\S+?/t/([A-Za-z0-9_-]{16,32})/?$")


@dataclass(frozen=True)
class LicenceHit:
    licence: Licence
    dog: Dog


@dataclass(frozen=True)
class SearchPage:
    items: list[LicenceHit]
    total: int


def search(term: str, status: str | None = None, limit: int = 20, offset: int = 0) -> SearchPage:
    """Newest first. Each kind of key is its own indexed look-up (licence number, tag token, chip), joined as one
    UNION that the database materialises first; the licences are then read by primary key for the hits alone
    (STRAIGHT_JOIN on MariaDB, whose optimiser otherwise walks every licence and probes the hits). The ID number's
    last digits are a scan, but of the narrow masked-ID index, not of the licence rows (the number itself is
    encrypted, so no index can serve a suffix). The page and the total come from one statement (a window count),
    so that scan runs once."""
    hits = _matching_ids(term.strip()).subquery("hits")
    conditions = [Licence.status == status] if status else []
    rows = db.session.execute(
        select(Licence, Dog, func.count().over().label("total")).select_from(hits)
        .join(Licence, Licence.id == hits.c.id).join(Dog, Dog.id == Licence.dog_id).where(*conditions)
        .prefix_with("STRAIGHT_JOIN", dialect="mysql")
        .order_by(Licence.issued_on.desc(), Licence.id.desc()).limit(limit).offset(offset)).all()
    if rows:
        total = rows[0].total
    else:  # a page past the end: the total still counts
        total = db.session.scalar(select(func.count()).select_from(hits).join(Licence, Licence.id == hits.c.id)
                                  .where(*conditions).prefix_with("STRAIGHT_JOIN", dialect="mysql"))
    return SearchPage([LicenceHit(row[0], row[1]) for row in rows], total)


def _matching_ids(term: str):
    found = TAG_URL.match(term)
    token = found.group(1) if found else term
    lookups = [select(Licence.id).where(Licence.licence_no == term.upper()),
               select(Licence.id).where(Licence.tag_token == token),
               select(Licence.id).join(Dog, Dog.id == Licence.dog_id).where(Dog.chip_no == term)]
    if ID_TAIL.fullmatch(term):
        lookups.append(select(Licence.id).where(Licence.owner_id_masked.endswith(term.upper(), autoescape=True)))
    elif MASKED_ID.fullmatch(term):
        lookups.append(select(Licence.id).where(Licence.owner_id_masked == term.upper()))
    return union(*lookups)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    subject: str  # licence, application, inspection, transfer, order, lost_report, or personal_data (a reveal)
    subject_id: str
    action: str
    from_status: str | None
    to_status: str | None
    reason: str | None
    actor_type: str  # resident | staff | system
    actor_name: str
    data: dict


@dataclass(frozen=True)
class LicenceFile:
    licence: Licence
    dog: Dog
    vaccination: Vaccination
    zone_name: str | None
    timeline: list[TimelineEntry]  # oldest first


# What of an audit row's data staff read on the timeline: facts of the steps, never a resident's details.
SHOWN_DATA = ("licence_no", "expires_on", "previous_expires_on", "amount_fen", "channel", "round", "reason_code",
              "zone_name", "via", "dog_name", "purpose", "service", "fields")
# The records whose audit rows make up a licence's trail, besides the licence itself.
RELATED = ("application", "inspection", "transfer", "order", "lost_report")


def licence_file(licence_id: str) -> LicenceFile:
    """Four statements: the licence with its dog, vaccination and zone; the ids of its related records; their audit
    rows with the staff who made them; the recorded looks at the owner's full details."""
    row = db.session.execute(
        select(Licence, Dog, Vaccination, Zone.name)
        .join(Dog, Dog.id == Licence.dog_id).join(Vaccination, Vaccination.id == Licence.vaccination_id)
        .outerjoin(Zone, Zone.code == Licence.zone_code).where(Licence.id == licence_id)).first()
    if row is None:
        raise NotFound("犬证不存在", code="licence_not_found")
    licence, dog, vaccination, zone_name = row
    related = _related_ids(licence)
    timeline = sorted(_audit_entries(licence.id, related) + _reveal_entries(licence, related),
                      key=lambda entry: entry.at)
    return LicenceFile(licence, dog, vaccination, zone_name, timeline)


def _related_ids(licence: Licence) -> dict[str, list[str]]:
    inspections = select(Inspection.id).where(Inspection.licence_id == licence.id)
    parts = [select(literal("inspection"), Inspection.id).where(Inspection.licence_id == licence.id),
             select(literal("transfer"), Transfer.id).where(Transfer.licence_id == licence.id),
             select(literal("lost_report"), LostReport.id).where(LostReport.licence_id == licence.id),
             select(literal("order"), PaymentOrder.id).where(PaymentOrder.purpose == "inspection",
                                                             PaymentOrder.subject_id.in_(inspections))]
    if licence.application_id:
        parts.append(select(literal("order"), PaymentOrder.id).where(PaymentOrder.purpose == "application",
                                                                     PaymentOrder.subject_id == licence.application_id))
    related: dict[str, list[str]] = {kind: [] for kind in RELATED}
    for kind, record_id in db.session.execute(union_all(*parts)):
        related[kind].append(record_id)
    if licence.application_id:
        related["application"].append(licence.application_id)
    return related


def _audit_entries_statement(licence_id: str, related: dict[str, list[str]]):
    """Each kind of record is a range of the (entity_type, entity_id, at) index; the staff names come joined."""
    wanted = [and_(StatusChange.entity_type == "licence", StatusChange.entity_id == licence_id)]
    wanted += [and_(StatusChange.entity_type == kind, StatusChange.entity_id.in_(ids))
               for kind, ids in related.items() if ids]
    return (select(StatusChange, StaffUser.display_name, StaffUser.username)
            .outerjoin(StaffUser, and_(StatusChange.actor_type == "staff", StaffUser.id == StatusChange.actor_id))
            .where(or_(*wanted)).order_by(StatusChange.at, StatusChange.id))


def _audit_entries(licence_id: str, related: dict[str, list[str]]) -> list[TimelineEntry]:
    rows = db.session.execute(_audit_entries_statement(licence_id, related)).all()
    return [TimelineEntry(
        at=change.at, subject=change.entity_type, subject_id=change.entity_id, action=change.action,
        from_status=change.from_status, to_status=change.to_status, reason=change.reason,
        actor_type=change.actor_type, actor_name=_actor_name(change.actor_type, display_name or username),
        data={key: value for key, value in (change.data or {}).items() if key in SHOWN_DATA},
    ) for change, display_name, username in rows]


def _reveal_entries(licence: Licence, related: dict[str, list[str]]) -> list[TimelineEntry]:
    """Who looked at the owner's full phone or address, on this licence or on the application it came from."""
    records = [and_(PersonalDataAccess.record_type == "licence", PersonalDataAccess.record_id == licence.id)]
    if related["application"]:
        records.append(and_(PersonalDataAccess.record_type == "licence_application",
                            PersonalDataAccess.record_id.in_(related["application"])))
    rows = db.session.execute(
        select(PersonalDataAccess, StaffUser.display_name, StaffUser.username)
        .outerjoin(StaffUser, StaffUser.id == PersonalDataAccess.staff_id).where(or_(*records))).all()
    return [TimelineEntry(
        at=access.accessed_at, subject="personal_data", subject_id=access.record_id, action="revealed",
        from_status=None, to_status=None, reason=access.reason or None, actor_type="staff",
        actor_name=display_name or username or "工作人员", data={"fields": list(access.fields)},
    ) for access, display_name, username in rows]


def _actor_name(actor_type: str, staff_name: str | None) -> str:
    if actor_type == "staff":
        return staff_name or "工作人员"
    return "系统" if actor_type == "system" else "居民"


def licence_qr_png(licence_id: str) -> bytes:
    """The tag's QR code (the public tag page's URL), as printed on the 犬牌."""
    token = db.session.scalar(select(Licence.tag_token).where(Licence.id == licence_id))
    if token is None:
        raise NotFound("犬证不存在", code="licence_not_found")
    return qr.png(tag_url(token))
