"""The reference data an admin reads in 系统 › 基础数据 and 收费标准: every zone (inactive ones too) with its keeping
rules and what each service costs there before reductions, every rejection reason, the rules that are settings,
and the fee schedule as configured. Read only: zones and reasons are loaded with `flask reference load`, fees from
FEE_SCHEDULE_FILE."""
from __future__ import annotations

from flask import current_app

from backend.core.database.extensions import db
from backend.licensing.keeping_rules import ADULT_AGE
from backend.payments import orders
from backend.reference.models import RejectReason, Zone


def reference() -> dict:
    schedule = orders.schedule()
    zones = db.session.scalars(db.select(Zone).order_by(Zone.sort_order, Zone.code))
    reasons = db.session.scalars(db.select(RejectReason).order_by(RejectReason.sort_order, RejectReason.code))
    config = current_app.config
    return {
        "zones": [{"code": z.code, "name": z.name, "kind": z.kind, "district": z.district, "active": z.active,
                   "max_dogs_per_household": z.max_dogs_per_household, "banned_breeds": list(z.banned_breeds or []),
                   "fees_fen": {service: schedule.base_fen(service, z.code, z.kind) for service in schedule.services}}
                  for z in zones],
        "reject_reasons": [{"code": r.code, "text": r.text, "active": r.active} for r in reasons],
        "rules": {"adult_age": ADULT_AGE, "vaccination_max_valid_days": config["VACCINATION_MAX_VALID_DAYS"],
                  "renewal_window_days": config["LICENCE_RENEWAL_WINDOW_DAYS"],
                  "renewal_grace_days": config["LICENCE_RENEWAL_GRACE_DAYS"]},
    }


def fee_schedule() -> dict:
    schedule = orders.schedule()
    return {
        "configured": bool(current_app.config.get("FEE_SCHEDULE_FILE")),
        "services": [{"code": code, "name": schedule.service_name(code), "fen": dict(entry.get("fen") or {})}
                     for code, entry in schedule.services.items()],
        "reductions": [dict(item) for item in schedule.reductions],
        "exemptions": [dict(item) for item in schedule.exemptions],
    }
