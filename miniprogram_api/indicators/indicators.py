"""The dashboard (数据看板, issue 17): the city's numbers for leaders (role `leader`) and admins, each panel one
GET with the same period filter, and every number as an Excel workbook or CSV."""
from flask import Blueprint, Response

from backend import indicators
from backend.indicators import export
from backend.indicators.period import CsvQuery, IndicatorQuery
from miniprogram_api.indicators.schemas import (
    ApplicationIndicatorsOut,
    LicenceIndicatorsOut,
    NoticeIndicatorsOut,
    PaymentIndicatorsOut,
    ReviewTimesOut,
    ShelterIndicatorsOut,
    StrayIndicatorsOut,
)
from miniprogram_api.routing import endpoint

bp = Blueprint("indicators", __name__)
LEADERS = ("leader",)
PERIOD = ("期间为整月（北京时间）：from、to 为 YYYY-MM，默认最近12个月，最多36个月；zone 为管理区代码，"
          "不填为全市。")
ERRORS = ("validation_failed",)


def _panel(rule: str, name: str, response, summary: str) -> None:
    def view(staff, query: IndicatorQuery):
        return indicators.panel(name, query)

    view.__name__ = f"panel_{name}"
    endpoint(bp, f"/api/v1/staff/indicators/{rule}", summary=summary, tag="indicators", auth="staff", roles=LEADERS,
             query=IndicatorQuery, response=response, errors=ERRORS, description=PERIOD)(view)


_panel("licences", "licences", LicenceIndicatorsOut, "数据看板·犬证：当前有效，每月发证与到期，按管理区")
_panel("applications", "applications", ApplicationIndicatorsOut, "数据看板·申请：每月申请与审结，驳回率及驳回原因")
_panel("review-times", "review_times", ReviewTimesOut, "数据看板·审核等待时长（中位数、90分位）")
_panel("shelter", "shelter", ShelterIndicatorsOut, "数据看板·留检所：犬舍占用，每月收容与领养（全市）")
_panel("strays", "strays", StrayIndicatorsOut, "数据看板·流浪犬：每月报告与捕获，热点地图")
_panel("notices", "notices", NoticeIndicatorsOut, "数据看板·通知：各渠道送达率（全市）")
_panel("payments", "payments", PaymentIndicatorsOut, "数据看板·缴费：各渠道每月收款与退款，单位分（全市）")


def _download(data: bytes, media_type: str, name: str) -> Response:
    return Response(data, mimetype=media_type, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@endpoint(bp, "/api/v1/staff/indicators/workbook", summary="导出 Excel：每块一张工作表", tag="indicators",
          auth="staff", roles=LEADERS, query=IndicatorQuery, media_type=export.XLSX_MEDIA_TYPE, errors=ERRORS,
          description=PERIOD + "数字与各接口相同（金额为分）。")
def workbook(staff, query: IndicatorQuery):
    return _download(export.workbook(query), export.XLSX_MEDIA_TYPE, export.filename("dashboard", query, "xlsx"))


@endpoint(bp, "/api/v1/staff/indicators/csv", summary="导出 CSV：一块的全部表格（UTF-8，带 BOM）", tag="indicators",
          auth="staff", roles=LEADERS, query=CsvQuery, media_type="text/csv", errors=ERRORS,
          description=PERIOD + "表格依次排列，每张表前一行为表名，表与表之间空一行。")
def csv_export(staff, query: CsvQuery):
    return _download(export.csv_text(query.panel, query), "text/csv; charset=utf-8",
                     export.filename(query.panel, query, "csv"))
