"""The fee schedule: what a service costs, by zone, with reductions and exemptions. Pure: no database, no Flask.

The schedule is configuration (`FEE_SCHEDULE_FILE`, a JSON file; none means every fee is zero):

    {"services": {"new_licence": {"name": "犬只登记费", "fen": {"key": 50000, "general": 20000,
                                                              "xincheng-key": 60000}}, ...},
     "reductions": [{"code": "neutered", "name": "已绝育犬只减半", "percent": 50},
                    {"code": "elderly_owner", "name": "60周岁以上犬主减半", "percent": 50, "min_age": 60}],
     "exemptions": [{"code": "assistance_dog", "name": "导盲犬、辅助犬免收"}]}

A service's amount is looked up by zone code first, then by zone kind ("key", "general"), then "default"; a
service or zone that is not listed costs nothing. Reductions do not stack: the largest one that applies is taken
(what the cities' rules say: "减半" once, not a quarter for a neutered dog of an elderly owner). An exemption makes
the fee zero. Amounts are integer fen, rounded down in the resident's favour.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

SERVICES = {"new_licence": "犬只登记费", "annual_inspection": "年检费", "replacement_tag": "补办犬牌费"}
KNOWN_REDUCTIONS = ("neutered", "elderly_owner")
KNOWN_EXEMPTIONS = ("assistance_dog",)


@dataclass(frozen=True)
class FeeFacts:
    """What the schedule may depend on, gathered by the caller at the moment of the decision."""
    zone_code: str
    zone_kind: str
    neutered: bool = False
    owner_age: int | None = None
    assistance_dog: bool = False


@dataclass(frozen=True)
class Quote:
    service: str
    name: str
    base_fen: int
    amount_fen: int
    reduction: dict | None = None  # {"code", "name", "percent"}
    exemption: dict | None = None  # {"code", "name"}

    def as_dict(self) -> dict:
        return {"service": self.service, "name": self.name, "base_fen": self.base_fen,
                "amount_fen": self.amount_fen, "reduction": self.reduction, "exemption": self.exemption}


@dataclass(frozen=True)
class FeeSchedule:
    services: dict = field(default_factory=dict)
    reductions: tuple = ()
    exemptions: tuple = ()

    @classmethod
    def from_dict(cls, data: dict) -> FeeSchedule:
        services = data.get("services") or {}
        for code, entry in services.items():
            for key, fen in (entry.get("fen") or {}).items():
                if not isinstance(fen, int) or fen < 0:
                    raise ValueError(f"fee schedule: {code}.fen.{key} must be a whole number of fen ≥ 0")
        reductions = tuple(data.get("reductions") or ())
        for item in reductions:
            if item.get("code") not in KNOWN_REDUCTIONS or not 0 < int(item.get("percent", 0)) <= 100:
                raise ValueError(f"fee schedule: reduction {item!r} is not one of {KNOWN_REDUCTIONS} with 1-100%")
        exemptions = tuple(data.get("exemptions") or ())
        for item in exemptions:
            if item.get("code") not in KNOWN_EXEMPTIONS:
                raise ValueError(f"fee schedule: exemption {item!r} is not one of {KNOWN_EXEMPTIONS}")
        return cls(services=services, reductions=reductions, exemptions=exemptions)

    @classmethod
    def from_file(cls, path: str | None) -> FeeSchedule:
        if not path:
            return cls()
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    def base_fen(self, service: str, zone_code: str, zone_kind: str) -> int:
        """Before reductions: by zone code, else zone kind, else "default", else nothing."""
        prices = (self.services.get(service) or {}).get("fen") or {}
        return prices.get(zone_code, prices.get(zone_kind, prices.get("default", 0)))

    def service_name(self, service: str) -> str:
        return (self.services.get(service) or {}).get("name") or SERVICES.get(service, service)

    def quote(self, service: str, facts: FeeFacts) -> Quote:
        base = self.base_fen(service, facts.zone_code, facts.zone_kind)
        name = self.service_name(service)
        exemption = next((e for e in self.exemptions if _exempt(e, facts)), None)
        if base == 0 or exemption is not None:
            return Quote(service, name, base, 0,
                         exemption={"code": exemption["code"], "name": exemption["name"]} if exemption else None)
        applicable = [r for r in self.reductions if _reduces(r, facts)]
        best = max(applicable, key=lambda r: int(r["percent"]), default=None)
        if best is None:
            return Quote(service, name, base, base)
        amount = base * (100 - int(best["percent"])) // 100
        return Quote(service, name, base, amount,
                     reduction={"code": best["code"], "name": best["name"], "percent": int(best["percent"])})


def _reduces(reduction: dict, facts: FeeFacts) -> bool:
    if reduction["code"] == "neutered":
        return facts.neutered
    if reduction["code"] == "elderly_owner":
        return facts.owner_age is not None and facts.owner_age >= int(reduction.get("min_age", 60))
    return False


def _exempt(exemption: dict, facts: FeeFacts) -> bool:
    return exemption["code"] == "assistance_dog" and facts.assistance_dog
