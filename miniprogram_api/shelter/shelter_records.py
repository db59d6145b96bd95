"""The keeper's reads and the intake of a capture (role `shelter`): a dog's origin and recorded steps, the captures
dispatched to a team and not yet taken in, and taking them in (which closes their report as captured)."""
from flask import Blueprint

from backend.core import clock
from backend.reports import strays
from backend.reports.inputs import ResolveInput, StrayQueueQuery
from backend.shelter import history as shelter_history
from miniprogram_api.reports.serializers import place
from miniprogram_api.routing import endpoint
from miniprogram_api.shelter.records_schemas import ArrivalIntakeIn, ArrivalIntakeOut, ArrivalOut, DogHistoryOut

bp = Blueprint("shelter_records", __name__)
SHELTER = ("shelter",)


@endpoint(bp, "/api/v1/staff/shelter/dogs/<dog_id>/history", summary="犬只来源与全部记录（状态变更及原因、医疗、换舍）",
          tag="shelter", auth="staff", roles=SHELTER, response=DogHistoryOut, errors=("shelter_dog_not_found",))
def dog_history(staff, dog_id: str):
    history = shelter_history.dog_history(dog_id)
    dog, report = history.dog, history.stray_report
    return {
        "dog_id": dog.id,
        "origin": {"source": dog.source, "intake_at": clock.isoformat(dog.intake_at), "intake_place": dog.intake_place,
                   "stray_report": _origin_report(report) if report else None, "surrendered": history.surrendered,
                   "matched_licence_id": dog.matched_licence_id},
        "steps": [{"at": clock.isoformat(s.at), "action": s.action, "from_status": s.from_status,
                   "to_status": s.to_status, "reason": s.reason, "actor_type": s.actor_type,
                   "actor_name": s.actor_name, "data": s.data} for s in history.steps],
    }


def _origin_report(report) -> dict:
    return {"id": report.id, "status": report.status, "reported_at": clock.isoformat(report.reported_at),
            "location": place(report.lat_e6, report.lng_e6, report.address), "district": report.district,
            "count": report.count, "description": "" if report.content_flagged else report.description,
            "team": report.team, "dispatched_at": clock.isoformat(report.dispatched_at),
            "resolved_at": clock.isoformat(report.resolved_at)}


def _arrival(report, linked: int) -> dict:
    return {"id": report.id, "status": report.status, "reported_at": clock.isoformat(report.reported_at),
            "dispatched_at": clock.isoformat(report.dispatched_at),
            "location": place(report.lat_e6, report.lng_e6, report.address), "district": report.district,
            "count": report.count, "description": "" if report.content_flagged else report.description,
            "injured": report.injured, "aggressive": report.aggressive, "team": report.team, "linked_reports": linked}


@endpoint(bp, "/api/v1/staff/shelter/arrivals", summary="已派单、待入所的捕获（受伤、有攻击性的在前）", tag="shelter",
          auth="staff", roles=SHELTER, response=list[ArrivalOut])
def arrivals(staff):
    reports, _ = strays.queue(StrayQueueQuery(status="dispatched", limit=200))
    linked = strays.linked_counts([r.id for r in reports])
    return [_arrival(r, linked.get(r.id, 0)) for r in reports]


@endpoint(bp, "/api/v1/staff/shelter/arrivals/<report_id>/intake", "POST",
          summary="捕获入所登记：登记犬只并将报告结为已捕获（报告人及重复报告人收到通知）", tag="shelter", auth="staff",
          roles=SHELTER, body=ArrivalIntakeIn, response=ArrivalIntakeOut,
          errors=("stray_report_not_found", "stray_status_conflict", "kennel_not_found", "kennel_full",
                  "unknown_upload"))
def take_in_arrival(staff, report_id: str, body: ArrivalIntakeIn):
    resolved = strays.resolve(staff.id, report_id, ResolveInput(outcome="captured", intakes=body.intakes,
                                                                 note=body.note or "已入所"))
    report = resolved.report
    return {"report": _arrival(report, strays.linked_counts([report.id]).get(report.id, 0)),
            "shelter_dogs": [{"id": i.dog.id, "dog_no": i.dog.dog_no} for i in resolved.intakes]}
