"""Zones, breeds and rejection reasons: reference data kept in the database and loaded from `backend/data`."""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from backend.errors import ValidationFailed
from backend.extensions import db
from backend.models import Breed, RejectReason, Zone
from backend.uow import transaction

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def list_zones() -> list[Zone]:
    return list(db.session.scalars(
        db.select(Zone).where(Zone.active.is_(True)).order_by(Zone.sort_order, Zone.code)))


def active_zone(code: str, field: str) -> Zone:
    """The zone a resident picked; `field` names the input field for the error details."""
    zone = db.session.get(Zone, code)
    if zone is None or not zone.active:
        raise ValidationFailed("所选管理区不存在", code="unknown_zone", details={field: "请从列表中选择管理区"})
    return zone


def _normalise(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).lower()


@dataclass(frozen=True)
class BreedMatch:
    canonical: str
    size: str | None


def canonical_breed(name: str) -> BreedMatch:
    """Resolve what a resident typed to a canonical breed: an exact name or alias first, else the longest name or
    alias contained in it (`比特串` is a 比特犬 for the rules); unknown breeds stay as typed."""
    typed = _normalise(name)
    candidates: list[tuple[str, Breed]] = []
    for breed in db.session.scalars(db.select(Breed)):
        for label in (breed.name, *breed.aliases):
            label_n = _normalise(label)
            if label_n == typed:
                return BreedMatch(breed.name, breed.size)
            if label_n and label_n in typed:
                candidates.append((label_n, breed))
    if candidates:
        _, breed = max(candidates, key=lambda pair: len(pair[0]))
        return BreedMatch(breed.name, breed.size)
    return BreedMatch(name.strip(), None)


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


def load_reference_data(data_dir: Path = DATA_DIR) -> dict:
    """Insert or update zones, breeds and reasons from the JSON files. Safe to run again."""
    breeds = json.loads((data_dir / "breeds.json").read_text(encoding="utf-8"))["breeds"]
    zones = json.loads((data_dir / "zones.json").read_text(encoding="utf-8"))["zones"]
    reasons = json.loads((data_dir / "reject_reasons.json").read_text(encoding="utf-8"))["reasons"]
    groups: dict[str, list[str]] = {}
    for breed in breeds:
        if breed.get("group"):
            groups.setdefault(breed["group"], []).append(breed["name"])
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
