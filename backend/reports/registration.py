"""What reports registers with the features below it (backend.core.hooks), at app start (`backend.reports.init_app`):
licensing and the shelter know nothing of lost, found and stray reports, and call these through their hooks."""
from __future__ import annotations

from flask import Flask

from backend.audit.trail import Actor
from backend.core.database.extensions import db
from backend.licensing import hooks as licensing_hooks
from backend.licensing.models.licences import Licence
from backend.reports import found, lost, relay
from backend.reports.models.strays import StrayReport
from backend.shelter import hooks as shelter_hooks


def _licence_ended(licence: Licence, reason: str, actor: Actor, facts: dict) -> dict:
    """A cancelled licence gives up the dog's open lost report; cancelled or handed over, every open thread about
    the dog closes (each tells its finder)."""
    ended = {}
    if reason == "licence_cancelled":
        ended["lost_report_closed"] = lost.close_for_cancelled_licence(licence, actor)
    ended["relay_threads_closed"] = relay.close_threads_of_licence(licence, reason, actor, facts)
    return ended


def _stray_report(report_id: str) -> StrayReport | None:
    return db.session.get(StrayReport, report_id)


def register(app: Flask) -> None:
    licensing_hooks.TRANSFER_CHECKS.register(app, lost.check_not_reported_lost)
    licensing_hooks.LICENCE_ENDED.register(app, _licence_ended)
    shelter_hooks.INTAKE.register(app, found.record_shelter_intake)
    shelter_hooks.LEFT_CARE.register(app, found.close_for_shelter_dog)
    shelter_hooks.STRAY_REPORTS.register(app, _stray_report)
