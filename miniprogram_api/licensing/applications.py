"""A resident's licence applications."""
from flask import Blueprint

from backend.licensing import applications
from backend.licensing.inputs import ApplicationInput
from miniprogram_api.licensing import serializers
from miniprogram_api.licensing.schemas import ApplicationCreated, ApplicationOut, ApplicationSummary
from miniprogram_api.routing import endpoint

bp = Blueprint("applications", __name__)

PRECHECK_ERRORS = ("validation_failed", "unknown_zone", "unknown_upload", "owner_not_adult", "vaccination_invalid",
                   "breed_banned", "household_limit_reached", "chip_already_licensed")


@endpoint(bp, "/api/v1/licence-applications", "POST",
          summary="提交犬证申请（自动预审：禁养犬种、每户限养数、疫苗有效期）", tag="licences",
          body=ApplicationInput, response=ApplicationCreated, status=201, errors=PRECHECK_ERRORS)
def submit_application(user_id: str, body: ApplicationInput):
    application = applications.submit_application(user_id, body)
    return {"id": application.id, "status": application.status, "round": application.round_no}


@endpoint(bp, "/api/v1/licence-applications", summary="我的犬证申请", tag="licences",
          response=list[ApplicationSummary])
def list_applications(user_id: str):
    return [serializers.application_summary(a) for a in applications.list_own_applications(user_id)]


@endpoint(bp, "/api/v1/licence-applications/<application_id>", summary="申请详情（含每轮审核记录）", tag="licences",
          response=ApplicationOut, errors=("application_not_found",))
def get_application(user_id: str, application_id: str):
    return serializers.application(applications.application_record(
        applications.get_own_application(user_id, application_id)))


@endpoint(bp, "/api/v1/licence-applications/<application_id>", "PUT", summary="修改被驳回的申请并重新提交（完整内容）",
          tag="licences", body=ApplicationInput, response=ApplicationCreated,
          errors=("application_not_found", "application_not_rejected", *PRECHECK_ERRORS))
def resubmit_application(user_id: str, application_id: str, body: ApplicationInput):
    application = applications.resubmit_application(user_id, application_id, body)
    return {"id": application.id, "status": application.status, "round": application.round_no}


@endpoint(bp, "/api/v1/licence-applications/<application_id>/withdrawal", "POST", summary="撤回申请",
          tag="licences", response=ApplicationCreated,
          errors=("application_not_found", "application_not_withdrawable"))
def withdraw_application(user_id: str, application_id: str):
    application = applications.withdraw_application(user_id, application_id)
    return {"id": application.id, "status": application.status, "round": application.round_no}
