"""Lost and found reports, and the matches between them.

Places are integer micro-degrees (backend.reference.geo): exact, indexed for the bounding-box search that narrows
matching before distances are computed. The dog's facts are copied onto the report (from the licence when there is one),
so matching reads one row per candidate. `colour_bits` is the colour folded for SQL
(backend.reports.matching_rules.colour_bits), kept with the colour on every write; the covering `open_match` indexes
hold every column the SQL bound on a candidate's score reads (backend.reports.match_bound).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, validates

from backend.audit.transitions import Stateful
from backend.core.database.base import Base, Timestamps, id_column
from backend.core.errors import Conflict, DomainError
from backend.media.attachments import attached_photos
from backend.reference.geo import Point
from backend.reports.matching_rules import colour_bits

# A report is open until it ends, once, in one of its outcomes.
LOST_TRANSITIONS = {"open": frozenset({"reunited", "given_up"}), "reunited": frozenset(), "given_up": frozenset()}
LOST_STATUSES = tuple(LOST_TRANSITIONS)
# `closed`: the shelter's record of a dog that left its care; the others are the finder's outcomes.
FOUND_TRANSITIONS = {"open": frozenset({"returned", "handed_to_shelter", "withdrawn", "closed"}),
                     "returned": frozenset(), "handed_to_shelter": frozenset(), "withdrawn": frozenset(),
                     "closed": frozenset()}
FOUND_STATUSES = tuple(FOUND_TRANSITIONS)
FOUND_SOURCES = ("public", "shelter")
REPORT_SEXES = ("male", "female", "unknown")
REPORT_SIZES = ("small", "medium", "large", "unknown")
# After (status, time) in the open_match indexes: what the SQL bound reads, so it is judged on the index alone.
MATCH_INDEX_FACTS = ("lat_e6", "lng_e6", "sex", "size", "breed_canonical", "colour_bits")


class ReportedDog:
    """The facts both kinds of report carry about the dog."""
    dog_name: Mapped[str] = mapped_column(String(32), default="")
    breed: Mapped[str] = mapped_column(String(64), default="")
    breed_canonical: Mapped[str] = mapped_column(String(64), default="")  # "" when not a breed we know
    sex: Mapped[str] = mapped_column(String(8))
    colour: Mapped[str] = mapped_column(String(32), default="")
    # NULL (a row written without them) counts as "any colour" in the SQL bound: never a lost match.
    colour_bits: Mapped[int | None]
    size: Mapped[str] = mapped_column(String(8))
    description: Mapped[str] = mapped_column(Text, default="")
    photo_upload_ids: Mapped[list] = mapped_column(default=list)
    tag_token: Mapped[str | None] = mapped_column(String(32), index=True)
    chip_no: Mapped[str | None] = mapped_column(String(20), index=True)
    lat_e6: Mapped[int | None]
    lng_e6: Mapped[int | None]
    address: Mapped[str] = mapped_column(String(255), default="")

    @property
    def place(self) -> Point | None:
        return None if self.lat_e6 is None else Point.from_e6(self.lat_e6, self.lng_e6)

    @validates("colour")
    def _fold_colour(self, key: str, colour: str) -> str:
        """Whoever writes the colour writes its bits too: a report, a licensed dog's copy, a shelter intake."""
        self.colour_bits = colour_bits(colour or "")
        return colour


@attached_photos("lost_report")
class LostReport(Stateful, ReportedDog, Timestamps, Base):
    __tablename__ = "lost_reports"
    AUDIT_ENTITY = "lost_report"
    TRANSITIONS = LOST_TRANSITIONS
    AUDIT_RECIPIENT = None  # the owner closes it, or their licence's cancellation does and tells them so
    __table_args__ = (Index("ix_lost_reports_open_place", "status", "lat_e6", "lost_at"),
                      Index("ix_lost_reports_open_match", "status", "lost_at", *MATCH_INDEX_FACTS))

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    licence_id: Mapped[str | None] = mapped_column(ForeignKey("licences.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    lost_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")  # shown on the public board, written by the owner for it
    content_flagged: Mapped[bool] = mapped_column(default=False)  # WeChat said "review": staff look before trusting
    closed_at: Mapped[datetime | None]
    close_note: Mapped[str] = mapped_column(String(255), default="")

    def refuse_move(self, to: str) -> DomainError:
        return Conflict("该走失登记已结束", code="lost_report_closed", details={"status": self.status})


@attached_photos("found_report")
class FoundReport(Stateful, ReportedDog, Timestamps, Base):
    """A dog somebody found: reported by a resident (`public`), or taken in by the shelter (`shelter`), so that a
    lost report is matched against both with one query."""
    __tablename__ = "found_reports"
    AUDIT_ENTITY = "found_report"
    TRANSITIONS = FOUND_TRANSITIONS
    AUDIT_RECIPIENT = None  # the finder closes it; an owner reunited with the dog tells the finder (explicitly)
    __table_args__ = (Index("ix_found_reports_open_place", "status", "lat_e6", "found_at"),
                      Index("ix_found_reports_open_match", "status", "found_at", *MATCH_INDEX_FACTS))

    id: Mapped[str] = id_column()
    source: Mapped[str] = mapped_column(String(8))
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
    shelter_dog_id: Mapped[str | None] = mapped_column(ForeignKey("shelter_dogs.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20))
    found_at: Mapped[datetime]
    message: Mapped[str] = mapped_column(Text, default="")
    content_flagged: Mapped[bool] = mapped_column(default=False)
    closed_at: Mapped[datetime | None]

    def refuse_move(self, to: str) -> DomainError:
        return Conflict("该拾获登记已结束", code="found_report_closed", details={"status": self.status})


class ReportMatch(Base):
    """A lost and a found report that may be the same dog. Each pair once; both sides are told when it is made."""
    __tablename__ = "report_matches"
    __table_args__ = (UniqueConstraint("lost_report_id", "found_report_id"),)

    id: Mapped[str] = id_column()
    lost_report_id: Mapped[str] = mapped_column(ForeignKey("lost_reports.id"), index=True)
    found_report_id: Mapped[str] = mapped_column(ForeignKey("found_reports.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # tag | chip | score
    score: Mapped[float]
    distance_m: Mapped[int | None]
    parts: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime]
    dismissed_at: Mapped[datetime | None]  # the owner says: not my dog
