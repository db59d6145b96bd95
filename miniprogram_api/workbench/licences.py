"""犬证 for staff (issue 16): search, a licence's file with its whole trail, the tag's QR code. Reviewers and
customer service (and admins); the owner's phone and address stay masked, shown in full only through the recorded
POST /api/v1/staff/personal-data/reveal with record_type `licence`."""
from flask import Blueprint, Response

from backend.core import clock
from backend.licensing import licences
from backend.licensing.lifecycle.cancellation import CANCEL_REASON_TEXT
from backend.workbench import licences as licence_search
from miniprogram_api.routing import Page, endpoint
from miniprogram_api.workbench.schemas import LicenceHitOut, LicenceSearchQuery, StaffLicenceOut

bp = Blueprint("staff_licences", __name__)
LICENCE_STAFF = ("reviewer", "service")


@endpoint(bp, "/api/v1/staff/licences",
          summary="查找犬证：犬证号、犬牌令牌或犬牌网址、芯片号、主人身份证号末几位或脱敏身份证号"
                  "（最新签发的在前；总数见 X-Total-Count）",
          tag="staff", auth="staff", roles=LICENCE_STAFF, query=LicenceSearchQuery, response=list[LicenceHitOut])
def search_licences(staff, query: LicenceSearchQuery):
    page = licence_search.search(query.q, query.status, query.limit, query.offset)
    return Page([{"id": hit.licence.id, "licence_no": hit.licence.licence_no, "status": hit.licence.status,
                  "issued_on": hit.licence.issued_on.isoformat(), "expires_on": hit.licence.expires_on.isoformat(),
                  "dog_name": hit.dog.name, "breed": hit.dog.breed, "chip_no": hit.dog.chip_no,
                  "owner_name": hit.licence.owner_name, "owner_id_number": hit.licence.owner_id_masked,
                  "zone_code": hit.licence.zone_code} for hit in page.items], page.total)


@endpoint(bp, "/api/v1/staff/licences/<licence_id>",
          summary="犬证档案：犬只、主人（电话地址脱敏）、疫苗、状态、全部操作记录（含查看完整信息的留痕）",
          tag="staff", auth="staff", roles=LICENCE_STAFF, response=StaffLicenceOut, errors=("licence_not_found",))
def get_licence(staff, licence_id: str):
    return _licence_file(licence_search.licence_file(licence_id))


@endpoint(bp, "/api/v1/staff/licences/<licence_id>/qrcode.png", summary="犬牌二维码 PNG（内容为公开犬牌页网址）",
          tag="staff", auth="staff", roles=LICENCE_STAFF, media_type="image/png", errors=("licence_not_found",))
def licence_qrcode(staff, licence_id: str):
    png = licence_search.licence_qr_png(licence_id)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, max-age=3600"})


def _licence_file(file: licence_search.LicenceFile) -> dict:
    licence, dog, vaccination = file.licence, file.dog, file.vaccination
    today = clock.today()
    return {
        "id": licence.id, "licence_no": licence.licence_no, "status": licence.status,
        "valid": licence.valid_on(today), "issued_on": licence.issued_on.isoformat(),
        "expires_on": licence.expires_on.isoformat(), "cancelled_at": clock.isoformat(licence.cancelled_at),
        "cancel_reason": CANCEL_REASON_TEXT.get(licence.cancel_reason or ""), "lost": licence.lost_since is not None,
        "application_id": licence.application_id,
        "dog": {**dog.to_dict(), "photo_urls": [f"/api/v1/staff/uploads/{p}" for p in dog.photo_upload_ids or []]},
        "owner": licence.owner_staff_dict(), "zone_name": file.zone_name,
        "vaccination": {**vaccination.to_dict(), "valid": vaccination.valid_on(today)},
        "tag_token": licence.tag_token, "tag_url": licences.tag_url(licence.tag_token),
        "qrcode_url": f"/api/v1/staff/licences/{licence.id}/qrcode.png",
        "timeline": [{"at": clock.isoformat(e.at), "subject": e.subject, "subject_id": e.subject_id,
                      "action": e.action, "from": e.from_status, "to": e.to_status, "reason": e.reason,
                      "actor_type": e.actor_type, "actor_name": e.actor_name, "data": e.data}
                     for e in file.timeline],
    }
