"""Lost and found dogs: owners' lost reports and the public board, finders' found reports, and matches."""
from flask import Blueprint, Response

from backend.reports import found as found_reports
from backend.reports import lost as lost_reports
from backend.reports.inputs import BoardQuery, CloseFoundInput, CloseLostInput, FoundReportInput, LostReportInput
from miniprogram_api.reports import serializers as out
from miniprogram_api.reports.schemas import BoardItemOut, FoundReportOut, LostPublicOut, LostReportOut
from miniprogram_api.routing import endpoint

bp = Blueprint("lost_found", __name__)

CONTENT_ERRORS = ("content_risky", "content_check_unavailable", "location_out_of_area", "unknown_upload")


@endpoint(bp, "/api/v1/lost-reports", "POST", summary="登记走失（已办证犬只填 licence_id，未办证填 dog）",
          tag="lost-found", body=LostReportInput, response=LostReportOut, status=201, caller_limit="10/day",
          errors=("licence_not_found", "licence_not_active", "lost_report_exists", *CONTENT_ERRORS),
          description="登记后犬牌页显示“走失”；立即与拾获登记和留检所收容犬只匹配，相符的在 matches 中返回。")
def report_lost(user_id: str, body: LostReportInput):
    return out.lost_own(lost_reports.report_lost(user_id, body))


@endpoint(bp, "/api/v1/lost-reports", summary="走失犬公告板：未结束的走失登记（不含犬主信息）",
          tag="lost-found", auth="none", query=BoardQuery, response=list[BoardItemOut], limit="120/minute",
          description="给出 lat 和 lng：该地 radius_km（默认 10）公里内，由近及远；都不给：全市（城市中心 50 公里内）"
                      "最新走失的在前，distance_km 为 null。")
def board(query: BoardQuery):
    return [out.board_item(n) for n in lost_reports.board(query)]


@endpoint(bp, "/api/v1/lost-reports/mine", summary="我的走失登记（含匹配结果）", tag="lost-found",
          response=list[LostReportOut])
def my_lost(user_id: str):
    return [out.lost_own(r) for r in lost_reports.list_own(user_id)]


@endpoint(bp, "/api/v1/lost-reports/<report_id>", summary="一条未结束的走失登记（公开信息）", tag="lost-found",
          auth="none", response=LostPublicOut, errors=("lost_report_not_found",))
def get_lost(report_id: str):
    return out.lost_public(lost_reports.get_public(report_id))


@endpoint(bp, "/api/v1/lost-reports/<report_id>/mine", summary="我的一条走失登记（含匹配结果）", tag="lost-found",
          response=LostReportOut, errors=("lost_report_not_found",))
def get_my_lost(user_id: str, report_id: str):
    return out.lost_own(lost_reports.get_own(user_id, report_id))


@endpoint(bp, "/api/v1/lost-reports/<report_id>/close", "POST", summary="结束走失登记：已找回或放弃寻找",
          tag="lost-found", body=CloseLostInput, response=LostReportOut,
          errors=("lost_report_not_found", "lost_report_closed", "match_not_found"))
def close_lost(user_id: str, report_id: str, body: CloseLostInput):
    lost_reports.close(user_id, report_id, body)
    return out.lost_own(lost_reports.get_own(user_id, report_id))


@endpoint(bp, "/api/v1/lost-reports/<report_id>/photos/<upload_id>", summary="走失犬照片（公开）", tag="lost-found",
          auth="none", media_type="image/*", errors=("lost_report_not_found", "not_found"))
def lost_photo(report_id: str, upload_id: str):
    data, content_type = lost_reports.public_photo(report_id, upload_id)
    return Response(data, mimetype=content_type, headers={"Cache-Control": "public, max-age=3600"})


@endpoint(bp, "/api/v1/found-reports", "POST", summary="登记拾获犬只，立即与走失登记匹配", tag="lost-found",
          body=FoundReportInput, response=FoundReportOut, status=201, caller_limit="20/day", errors=CONTENT_ERRORS,
          description="matches 只含走失犬的公开信息，不含犬主信息；相符走失登记的犬主会立即收到通知。")
def report_found(user_id: str, body: FoundReportInput):
    return out.found_own(found_reports.report_found(user_id, body))


@endpoint(bp, "/api/v1/found-reports/mine", summary="我的拾获登记（含匹配结果）", tag="lost-found",
          response=list[FoundReportOut])
def my_found(user_id: str):
    return [out.found_own(r) for r in found_reports.list_own(user_id)]


@endpoint(bp, "/api/v1/found-reports/<report_id>", summary="我的一条拾获登记", tag="lost-found",
          response=FoundReportOut, errors=("found_report_not_found",))
def get_found(user_id: str, report_id: str):
    return out.found_own(found_reports.get_own(user_id, report_id))


@endpoint(bp, "/api/v1/found-reports/<report_id>/close", "POST", summary="结束拾获登记", tag="lost-found",
          body=CloseFoundInput, response=FoundReportOut, errors=("found_report_not_found", "found_report_closed"))
def close_found(user_id: str, report_id: str, body: CloseFoundInput):
    found_reports.close(user_id, report_id, body)
    return out.found_own(found_reports.get_own(user_id, report_id))


@endpoint(bp, "/api/v1/found-reports/<report_id>/photos/<upload_id>", summary="拾获犬照片（拾获人与匹配的犬主可见）",
          tag="lost-found", media_type="image/*", errors=("not_found",))
def found_photo(user_id: str, report_id: str, upload_id: str):
    data, content_type = found_reports.photo_for_match_party(user_id, report_id, upload_id)
    return Response(data, mimetype=content_type, headers={"Cache-Control": "private, max-age=3600"})
