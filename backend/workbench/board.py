"""The 工作台 for one staff member: their role's cards, counted now."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backend.core import clock
from backend.core.database.extensions import db
from backend.workbench.cards import CardSpec, cards_for


@dataclass(frozen=True)
class Card:
    key: str
    title: str
    count: int
    oldest_at: datetime | None  # when the longest-waiting item started waiting; None when nothing waits
    waiting_seconds: int | None
    closes_at: datetime | None  # the soonest deadline, on cards that have one


@dataclass(frozen=True)
class Workbench:
    now: datetime
    role: str
    cards: list[Card]


def workbench_for(role: str) -> Workbench:
    """One aggregate query per card; the same `now` for all, so the cards agree with each other."""
    now = clock.now()
    return Workbench(now, role, [_count(spec, now) for spec in cards_for(role)])


def _count(spec: CardSpec, now: datetime) -> Card:
    count, oldest = db.session.execute(spec.statement(now)).one()
    if not count:
        return Card(spec.key, spec.title, 0, None, None, None)
    waited = max(0, int((now - oldest).total_seconds()))
    closes_at = oldest + spec.deadline if spec.deadline else None
    return Card(spec.key, spec.title, count, oldest, waited, closes_at)
