"""What a notice says: each notice function (notifications/<feature>.py) returns one, `write_notice` stores it."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class NoticeContent:
    kind: str
    title: str
    body: str
    page: str | None = None
    fields: dict = field(default_factory=dict)
