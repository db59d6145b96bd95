"""Stray-dog reports from volunteers and residents, and the dispatch of capture teams."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.audit.transitions import Stateful
from backend.core.database.base import Base, Timestamps, id_column
from backend.core.errors import Conflict, DomainError
from backend.media.attachments import attached_photos
from backend.reference.geo import Point

# received → dispatched → captured | not_found; a report near a recent open one is a duplicate from the start.
STRAY_TRANSITIONS = {
    "received": {"dispatched", "captured", "not_found", "duplicate"},
    "dispatched": {"captured", "not_found", "duplicate"},
    "captured": set(), "not_found": set(), "duplicate": set(),
}
STRAY_STATUSES = tuple(STRAY_TRANSITIONS)
STRAY_OPEN = ("received", "dispatched")
STRAY_STATUS_NAMES = {"received": "已受理", "dispatched": "已派单", "captured": "已捕获", "not_found": "未找到",
                      "duplicate": "重复报告"}


@attached_photos("stray_report")
class StrayReport(Stateful, Timestamps, Base):
    __tablename__ = "stray_reports"
    AUDIT_ENTITY = "stray_report"
    TRANSITIONS = STRAY_TRANSITIONS
    # The hotspot query (backend.reports.hotspots) reads the period's reports and captures from these two alone:
    # with district in both, grouping by district no longer scans the district index over every report.
    __table_args__ = (Index("ix_stray_reports_status_place", "status", "lat_e6", "created_at"),
                      Index("ix_stray_reports_reported", "reported_at", "lat_e6", "lng_e6", "status", "district"),
                      Index("ix_stray_reports_captures", "status", "resolved_at", "lat_e6", "lng_e6", "district",
                            "captured_count"))

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    reported_at: Mapped[datetime]
    lat_e6: Mapped[int]
    lng_e6: Mapped[int]
    address: Mapped[str] = mapped_column(String(255), default="")
    district: Mapped[str] = mapped_column(String(32), default="", index=True)
    count: Mapped[int] = mapped_column(default=1)
    description: Mapped[str] = mapped_column(Text, default="")
    photo_upload_ids: Mapped[list] = mapped_column(default=list)
    aggressive: Mapped[bool] = mapped_column(default=False)
    injured: Mapped[bool] = mapped_column(default=False)
    content_flagged: Mapped[bool] = mapped_column(default=False)
    duplicate_of_id: Mapped[str | None] = mapped_column(ForeignKey("stray_reports.id"), index=True)
    team: Mapped[str | None] = mapped_column(String(64))
    dispatched_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)
    captured_count: Mapped[int] = mapped_column(default=0)
    resolve_note: Mapped[str] = mapped_column(String(255), default="")

    @property
    def place(self) -> Point:
        return Point.from_e6(self.lat_e6, self.lng_e6)

    @property
    def open(self) -> bool:
        return self.status in STRAY_OPEN

    def refuse_move(self, to: str) -> DomainError:
        return Conflict(f"报告当前状态为{STRAY_STATUS_NAMES[self.status]}，不能改为{STRAY_STATUS_NAMES[to]}",
                        code="stray_status_conflict", details={"from": self.status, "to": to})
