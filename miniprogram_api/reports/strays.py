"""Stray-dog reports: volunteers report and follow their reports; dispatchers (role `dispatcher`) work the queue
and see the hotspots."""
from flask import Blueprint, Response

from backend.core import clock
from backend.media import uploads
from backend.reports import hotspots, moderation, strays
from backend.reports.inputs import (
    DispatchInput,
    HotspotQuery,
    ModerationInput,
    ResolveInput,
    StrayQueueQuery,
    StrayReportInput,
)
from miniprogram_api.reports import serializers as out
from miniprogram_api.reports.schemas import (
    FlaggedOut,
    HotspotsOut,
    ResolveOut,
    StaffStrayOut,
    StrayReportOut,
    VolunteerStatsOut,
)
from miniprogram_api.routing import Page, endpoint

bp = Blueprint("strays", __name__)
DISPATCH = ("dispatcher",)


@endpoint(bp, "/api/v1/stray-reports", "POST", summary="报告流浪犬（附近几小时内已有报告的合并为重复）",
          tag="strays", body=StrayReportInput, response=StrayReportOut, status=201, caller_limit="20/day",
          errors=("content_risky", "content_check_unavailable", "location_out_of_area", "unknown_upload"),
          description="status 为 received；若200米内几小时内已有未处理的报告，status 为 duplicate，duplicate_of "
                      "指向那条报告，处理结果同样通知您。描述经微信内容安全检测。")
def report_stray(user_id: str, body: StrayReportInput):
    return out.stray(strays.report_stray(user_id, body))


@endpoint(bp, "/api/v1/stray-reports", summary="我的流浪犬报告及进展", tag="strays", response=list[StrayReportOut])
def my_strays(user_id: str):
    return [out.stray(r) for r in strays.list_own(user_id)]


@endpoint(bp, "/api/v1/stray-reports/stats", summary="我的报告促成了多少次捕获", tag="strays",
          response=VolunteerStatsOut)
def my_stats(user_id: str):
    return vars(strays.volunteer_stats(user_id))


@endpoint(bp, "/api/v1/stray-reports/<report_id>", summary="我的一条流浪犬报告", tag="strays",
          response=StrayReportOut, errors=("stray_report_not_found",))
def my_stray(user_id: str, report_id: str):
    return out.stray(strays.get_own(user_id, report_id))


@endpoint(bp, "/api/v1/stray-reports/<report_id>/photos/<upload_id>", summary="我的报告照片", tag="strays",
          media_type="image/*", errors=("stray_report_not_found", "not_found"))
def my_stray_photo(user_id: str, report_id: str, upload_id: str):
    strays.get_own(user_id, report_id)
    data, content_type = uploads.read_own_image(user_id, upload_id)
    return Response(data, mimetype=content_type, headers={"Cache-Control": "private, max-age=3600"})


@endpoint(bp, "/api/v1/staff/stray-reports", summary="派单队列（受伤、有攻击性的优先，其次最早的）", tag="staff",
          auth="staff", roles=DISPATCH, query=StrayQueueQuery, response=list[StaffStrayOut])
def queue(staff, query: StrayQueueQuery):
    reports, total = strays.queue(query)
    linked = strays.linked_counts([r.id for r in reports])
    return Page([out.staff_stray(r, linked.get(r.id, 0)) for r in reports], total)


@endpoint(bp, "/api/v1/staff/stray-reports/<report_id>", summary="一条流浪犬报告", tag="staff", auth="staff",
          roles=DISPATCH, response=StaffStrayOut, errors=("stray_report_not_found",))
def staff_get(staff, report_id: str):
    report = strays.get(report_id)
    return out.staff_stray(report, strays.linked_counts([report.id]).get(report.id, 0))


@endpoint(bp, "/api/v1/staff/stray-reports/<report_id>/photos/<upload_id>", summary="报告照片", tag="staff",
          auth="staff", roles=DISPATCH, media_type="image/*", errors=("stray_report_not_found", "not_found"))
def staff_photo(staff, report_id: str, upload_id: str):
    data, content_type = strays.report_photo(report_id, upload_id)
    return Response(data, mimetype=content_type, headers={"Cache-Control": "private, max-age=3600"})


@endpoint(bp, "/api/v1/staff/stray-reports/<report_id>/dispatch", "POST", summary="派处置队", tag="staff",
          auth="staff", roles=DISPATCH, body=DispatchInput, response=StaffStrayOut,
          errors=("stray_report_not_found", "stray_status_conflict"))
def dispatch(staff, report_id: str, body: DispatchInput):
    report = strays.dispatch(staff.id, report_id, body)
    return out.staff_stray(report, strays.linked_counts([report.id]).get(report.id, 0))


@endpoint(bp, "/api/v1/staff/stray-reports/<report_id>/resolve", "POST",
          summary="处置结果：captured（可直接入所登记）| not_found | duplicate", tag="staff", auth="staff",
          roles=DISPATCH, body=ResolveInput, response=ResolveOut,
          errors=("stray_report_not_found", "stray_status_conflict", "duplicate_of_self", "kennel_not_found",
                  "kennel_full", "unknown_upload"))
def resolve(staff, report_id: str, body: ResolveInput):
    resolved = strays.resolve(staff.id, report_id, body)
    report = resolved.report
    return {"report": out.staff_stray(report, strays.linked_counts([report.id]).get(report.id, 0)),
            "shelter_dogs": [{"id": i.dog.id, "dog_no": i.dog.dog_no} for i in resolved.intakes]}


@endpoint(bp, "/api/v1/staff/stray-hotspots", summary="流浪犬热点：按网格和按区统计报告与捕获", tag="staff",
          auth="staff", roles=DISPATCH, query=HotspotQuery, response=HotspotsOut, errors=("validation_failed",))
def hotspot_counts(staff, query: HotspotQuery):
    return out.hotspots(hotspots.hotspots(query))


@endpoint(bp, "/api/v1/staff/flagged-content", summary="待人工审核的文字（微信内容安全建议复核，或检测不可用时收下的）",
          tag="staff", auth="staff", roles=("service", "dispatcher"), response=list[FlaggedOut])
def flagged_content(staff):
    return [{"kind": f.kind, "id": f.id, "text": f.text, "created_at": clock.isoformat(f.created_at)}
            for f in moderation.flagged()]


@endpoint(bp, "/api/v1/staff/flagged-content/<kind>/<item_id>", "POST",
          summary="审核文字：approve 显示 | remove 清除文字（报告保留）", tag="staff", auth="staff",
          roles=("service", "dispatcher"), body=ModerationInput, response=FlaggedOut,
          errors=("flagged_content_not_found",))
def decide_flagged(staff, kind: str, item_id: str, body: ModerationInput):
    decided = moderation.decide(staff.id, kind, item_id, body.verdict)
    return {"kind": decided.kind, "id": decided.id, "text": decided.text,
            "created_at": clock.isoformat(decided.created_at)}
