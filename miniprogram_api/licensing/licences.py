"""A resident's licences: reading, QR code, annual inspection, change of address, cancellation."""
from flask import Blueprint, Response

from backend.core import cache
from backend.licensing import licences
from backend.licensing.inputs import AddressChangeInput, CancellationInput, InspectionInput
from backend.licensing.lifecycle import address_change, cancellation, inspections
from backend.payments import orders
from miniprogram_api.licensing import serializers
from miniprogram_api.licensing.schemas import InspectionOut, LicenceOut
from miniprogram_api.routing import endpoint

bp = Blueprint("licences", __name__)


@endpoint(bp, "/api/v1/licences", summary="我的犬证", tag="licences", response=list[LicenceOut],
          cache_key=lambda kwargs: cache.licences_key(kwargs["user_id"]))
def list_licences(user_id: str):
    return [serializers.licence(view) for view in licences.list_own_licences(user_id)]


@endpoint(bp, "/api/v1/licences/<licence_id>", summary="犬证详情", tag="licences", response=LicenceOut,
          errors=("licence_not_found",))
def get_licence(user_id: str, licence_id: str):
    return serializers.licence(licences.get_own_licence(user_id, licence_id))


@endpoint(bp, "/api/v1/licences/<licence_id>/qrcode.png", summary="犬牌二维码 PNG（内容为公开犬牌页网址）",
          tag="licences", media_type="image/png", errors=("licence_not_found",))
def licence_qrcode(user_id: str, licence_id: str):
    png = licences.own_licence_qr_png(user_id, licence_id)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, max-age=3600"})


@endpoint(bp, "/api/v1/licences/<licence_id>/inspections", "POST",
          summary="年检：提交新的狂犬疫苗信息（到期前窗口期内及宽限期内可办）", tag="licences",
          body=InspectionInput, response=InspectionOut, status=201,
          errors=("licence_not_found", "licence_not_active", "renewal_not_open", "inspection_pending",
                  "vaccination_invalid", "vaccination_too_short"))
def submit_inspection(user_id: str, licence_id: str, body: InspectionInput):
    inspection = inspections.submit_inspection(user_id, licence_id, body)
    return serializers.inspection(inspection, orders.latest_order("inspection", inspection.id))


@endpoint(bp, "/api/v1/licences/<licence_id>/address", "PUT", summary="变更住址（按新管理区规则检查）",
          tag="licences", body=AddressChangeInput, response=LicenceOut,
          errors=("licence_not_found", "licence_not_active", "unknown_zone", "breed_banned",
                  "household_limit_reached"))
def change_address(user_id: str, licence_id: str, body: AddressChangeInput):
    address_change.change_address(user_id, licence_id, body)
    return serializers.licence(licences.get_own_licence(user_id, licence_id))


@endpoint(bp, "/api/v1/licences/<licence_id>/cancellation", "POST", summary="注销犬证", tag="licences",
          body=CancellationInput, response=LicenceOut,
          errors=("licence_not_found", "licence_already_cancelled"),
          description="注销时，这只犬未结束的走失登记随之结束，进行中的留言会话关闭，犬牌不再转达拾获人的留言。")
def cancel_licence(user_id: str, licence_id: str, body: CancellationInput):
    cancellation.cancel_licence(user_id, licence_id, body)
    return serializers.licence(licences.get_own_licence(user_id, licence_id))
