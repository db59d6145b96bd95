"""Zones, breeds and rejection reasons: reference data kept in the database and loaded from `backend/data`."""
from __future__ import annotations

import json
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from backend.core.database.extensions import db
from backend.core.database.uow import transaction
from backend.core.errors import ValidationFailed
from backend.reference.models import Breed, RejectReason, Zone

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def list_zones() -> list[Zone]:
    return list(db.session.scalars(
        db.select(Zone).where(Zone.active.is_(True)).order_by(Zone.sort_order, Zone.code)))


def zone_name(code: str) -> str | None:
    zone = db.session.get(Zone, code)
    return zone.name if zone else None


def active_zone(code: str, field: str) -> Zone:
    """The zone a resident picked; `field` names the input field for the error details."""
    zone = db.session.get(Zone, code)
    if zone is None or not zone.active:
        raise ValidationFailed("所选管理区不存在", code="unknown_zone", details={field: "请从列表中选择管理区"})
    return zone


def _normalise(name: str) -> str:
    """Letters and digits only, after NFKC and lower-casing: `Pit-Bull` and `比·特` meet their rule."""
    text = unicodedata.normalize("NFKC", name).lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


@dataclass(frozen=True)
class BreedMatch:
    canonical: str
    size: str | None  # None: not a breed we know; the reviewer is told so

    @property
    def recognised(self) -> bool:
        return self.size is not None


BREED_LABELS_TTL_SECONDS = 60
_breed_labels: dict[str, tuple[float, dict[str, BreedMatch]]] = {}


def _labels() -> dict[str, BreedMatch]:
    """Normalised name or alias → breed, kept per process for a minute: every application needs it, and staff
    edits to the breed list still take effect within that minute."""
    database = str(db.engine.url)
    loaded = _breed_labels.get(database)
    if loaded is None or time.monotonic() - loaded[0] > BREED_LABELS_TTL_SECONDS:
        labels = {}
        for name, aliases, size in db.session.execute(db.select(Breed.name, Breed.aliases, Breed.size)):
            for label in (name, *aliases):
                if _normalise(label):
                    labels[_normalise(label)] = BreedMatch(name, size)
        loaded = _breed_labels[database] = (time.monotonic(), labels)
    return loaded[1]


def canonical_breed(name: str) -> BreedMatch:
    """Resolve what a resident typed to a canonical breed: an exact name or alias first, else the longest name or
    alias contained in it (`比特串` is a 比特犬 for the rules); unknown breeds stay as typed."""
    typed = _normalise(name)
    labels = _labels()
    if typed in labels:
        return labels[typed]
    contained = [label for label in labels if label in typed]
    if contained:
        return labels[max(contained, key=len)]
    return BreedMatch(name.strip(), None)


def known_breed(name: str) -> str:
    """The canonical name of a breed we know, else "" (for matching: an unknown breed neither helps nor hurts)."""
    found = canonical_breed(name) if name.strip() else None
    return found.canonical if found and found.recognised else ""


def forget_breed_labels() -> None:
    _breed_labels.clear()


def list_breeds() -> list[Breed]:
    return list(db.session.scalars(db.select(Breed).order_by(Breed.name)))


def list_reject_reasons() -> list[RejectReason]:
    return list(db.session.scalars(
        db.select(RejectReason).where(RejectReason.active.is_(True)).order_by(RejectReason.sort_order)))


def reject_reason_text(code: str) -> str:
    reason = db.session.get(RejectReason, code)
    if reason is None or not reason.active:
        raise ValidationFailed("驳回原因代码不存在", code="unknown_reject_reason", details={"reason_code": code})
    return reason.text


def compose_reject_reason(data) -> str:
    """`<text of the chosen reason>：<free text>`; either part may be absent, never both (RejectInput checks)."""
    parts = [reject_reason_text(data.reason_code)] if data.reason_code else []
    if data.reason:
        parts.append(data.reason)
    return "：".join(parts)


def load_reference_data(data_dir: Path = DATA_DIR) -> dict:
    """Insert or update zones, breeds and reasons from the JSON files. Safe to run again."""
    breeds = json.loads((data_dir / "breeds.json").read_text(encoding="utf-8"))["breeds"]
    zones = json.loads((data_dir / "zones.json").read_text(encoding="utf-8"))["zones"]
    reasons = json.loads((data_dir / "reject_reasons.json").read_text(encoding="utf-8"))["reasons"]
    groups: dict[str, list[str]] = {}
    for breed in breeds:
        if breed.get("group"):
            groups.setdefault(breed["group"], []).append(breed["name"])
    forget_breed_labels()
    with transaction() as session:
        for item in breeds:
            session.merge(Breed(name=item["name"], aliases=item["aliases"], size=item["size"]))
        for item in zones:
            session.merge(Zone(**{**item, "banned_breeds": _expand_groups(item["banned_breeds"], groups)}))
        for order, item in enumerate(reasons):
            session.merge(RejectReason(code=item["code"], text=item["text"], sort_order=order))
    return {"breeds": len(breeds), "zones": len(zones), "reject_reasons": len(reasons)}


def _expand_groups(value: str | list, groups: dict[str, list[str]]) -> list[str]:
    """`"@fierce+large"` names breed groups; a list names breeds directly."""
    if isinstance(value, list):
        return value
    names: list[str] = []
    for group in value.lstrip("@").split("+"):
        names.extend(groups.get(group, []))
    return names
