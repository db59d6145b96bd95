"""Template ids and field mapping, read from configuration (notifications/templates.json by default)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import current_app

from backend.core import clock
from backend.notices.delivery import NoticeToSend

DEFAULT_FILE = Path(__file__).resolve().parent / "templates.json"
PLACEHOLDER = re.compile(r"\{(\w+)(?::(\d+))?\}")
SUBJECTS = {"application": "犬证申请", "licence": "犬证", "inspection": "年检", "transfer": "过户",
            "renewal": "年检提醒", "service": "客服回复"}


@dataclass(frozen=True)
class Template:
    template_id: str
    data: dict[str, str]

    def render(self, notice: NoticeToSend) -> dict:
        facts = {"title": notice.title, "body": notice.body, "kind": notice.kind,
                 "date": clock.local(notice.created_at).strftime("%Y-%m-%d %H:%M"),
                 "subject": SUBJECTS.get(notice.kind.split("_")[0], "犬只服务"),
                 **{k: "" if v is None else str(v) for k, v in (notice.fields or {}).items()}}
        return {field: {"value": _fill(pattern, facts)} for field, pattern in self.data.items()}


def _fill(pattern: str, facts: dict[str, str]) -> str:
    def one(match: re.Match) -> str:
        value = facts.get(match.group(1), "")
        limit = match.group(2)
        return value[: int(limit)] if limit else value

    return PLACEHOLDER.sub(one, pattern)


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _config() -> dict:
    return _load(current_app.config.get("WECHAT_TEMPLATES_FILE") or str(DEFAULT_FILE))


def _pick(channel: str, kind: str) -> Template | None:
    entries = _config().get(channel, {})
    entry = entries.get(kind) or entries.get("default")
    return Template(entry["template_id"], entry["data"]) if entry else None


def public_account(kind: str) -> Template | None:
    return _pick("public_account", kind)


def mini_program(kind: str) -> Template | None:
    return _pick("mini_program", kind)


def subscribe_template_ids() -> set[str]:
    return {entry["template_id"] for entry in _config().get("mini_program", {}).values()}
