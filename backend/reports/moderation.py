"""Text WeChat's content check asked a person to look at (suggest `review`, or unchecked while WeChat was down):
customer-service staff approve it (shown from then on) or remove it (the text is blanked; the report stays)."""
from __future__ import annotations

from dataclasses import dataclass

from backend.audit import trail as audit
from backend.audit.trail import Actor
from backend.core.database.extensions import db
from backend.core.database.uow import retrying, transaction
from backend.core.errors import NotFound
from backend.media import events
from backend.reports.models.relay import RelayMessage
from backend.reports.models.reports import FoundReport, LostReport
from backend.reports.models.strays import StrayReport

# kind → (model, the text columns a removal blanks)
KINDS = {"lost_report": (LostReport, ("note", "description")),
         "found_report": (FoundReport, ("message", "description")),
         "stray_report": (StrayReport, ("description",)),
         "relay_message": (RelayMessage, ("text",))}
# (kind, verdict) → the decision's event
DECISIONS = {
    ("lost_report", "approve"): events.LOST_REPORT_CONTENT_APPROVED,
    ("lost_report", "remove"): events.LOST_REPORT_CONTENT_REMOVED,
    ("found_report", "approve"): events.FOUND_REPORT_CONTENT_APPROVED,
    ("found_report", "remove"): events.FOUND_REPORT_CONTENT_REMOVED,
    ("stray_report", "approve"): events.STRAY_REPORT_CONTENT_APPROVED,
    ("stray_report", "remove"): events.STRAY_REPORT_CONTENT_REMOVED,
    ("relay_message", "approve"): events.RELAY_MESSAGE_CONTENT_APPROVED,
    ("relay_message", "remove"): events.RELAY_MESSAGE_CONTENT_REMOVED,
}


@dataclass(frozen=True)
class Flagged:
    kind: str
    id: str
    text: str
    created_at: object


def flagged(limit: int = 100) -> list[Flagged]:
    """Oldest first: the longer a text waits, the longer a resident's report is incomplete on the board."""
    items = []
    for kind, (model, columns) in KINDS.items():
        for row in db.session.scalars(db.select(model).where(model.content_flagged.is_(True))
                                      .order_by(model.created_at).limit(limit)):
            items.append(Flagged(kind, row.id, _text(row, columns), row.created_at))
    return sorted(items, key=lambda item: item.created_at)[:limit]


@retrying
def decide(staff_id: str, kind: str, item_id: str, verdict: str) -> Flagged:
    if kind not in KINDS:
        raise NotFound("待审核的内容不存在", code="flagged_content_not_found")
    model, columns = KINDS[kind]
    with transaction():
        row = db.session.scalar(db.select(model).where(model.id == item_id, model.content_flagged.is_(True))
                                .with_for_update())
        if row is None:
            raise NotFound("待审核的内容不存在", code="flagged_content_not_found")
        row.content_flagged = False
        if verdict == "remove":
            for column in columns:
                setattr(row, column, "")
        audit.record(DECISIONS[kind, verdict], row.id, actor=Actor.staff(staff_id), user_id=None,
                     data={"columns": list(columns)})
    return Flagged(kind, row.id, _text(row, columns), row.created_at)


def _text(row, columns: tuple[str, ...]) -> str:
    return "\n".join(getattr(row, c) for c in columns if getattr(row, c))
