"""A stray report's duplicates (role `dispatcher`): the reports of the same dog linked to the one job."""
from flask import Blueprint

from backend.reports import stray_links
from miniprogram_api.reports import serializers as out
from miniprogram_api.routing import endpoint
from miniprogram_api.shelter.records_schemas import LinkedReportsOut

bp = Blueprint("stray_links", __name__)


@endpoint(bp, "/api/v1/staff/stray-reports/<report_id>/linked", summary="合并到这条报告的重复报告（先报的在前）",
          tag="staff", auth="staff", roles=("dispatcher",), response=LinkedReportsOut,
          errors=("stray_report_not_found",))
def linked(staff, report_id: str):
    return {"report_id": report_id, "linked": [out.staff_stray(r, 0) for r in stray_links.linked_reports(report_id)]}
