"""The public tag page, `/t/<token>`: what anybody who scans a dog's tag may see. Never any owner data."""
from flask import Blueprint, Response, render_template, request

from backend.core import cache
from backend.core.errors import NotFound
from backend.licensing import licences
from backend.licensing.models.licences import LICENCE_STATUS_TEXT
from backend.media import uploads
from miniprogram_api.licensing.schemas import TagOut
from miniprogram_api.routing import endpoint

bp = Blueprint("tag", __name__, template_folder="../templates")

def _tag_json(token: str) -> dict:
    view = licences.tag_view(token)
    return {
        "dog": {"name": view.dog_name, "breed": view.breed, "colour": view.colour,
                "photo_url": f"/t/{token}/photo" if view.photo_upload_id else None},
        "licence": {"status": view.licence_status, "expires_on": view.expires_on.isoformat(),
                    "valid": view.licence_valid},
        "vaccination_valid": view.vaccination_valid,
        "lost": view.lost,
    }


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes["application/json"] >= \
        request.accept_mimetypes["text/html"]


@endpoint(bp, "/t/<tag_token>", summary="公开犬牌页：浏览器得到 HTML；Accept: application/json 得到 JSON",
          tag="public", auth="none", response=TagOut, errors=("tag_not_found",),
          cache_key=lambda kwargs: cache.tag_key(kwargs["tag_token"]),
          cache_variant=lambda: "json" if _wants_json() else "html",
          description="只显示犬只与犬证状态，从不显示养犬人的姓名、电话、身份证号或住址。")
def tag_page(tag_token: str):
    if _wants_json():
        return _tag_json(tag_token)
    try:
        data = _tag_json(tag_token)
    except NotFound:
        return Response(render_template("tag.html", missing=True), status=404, mimetype="text/html")
    html = render_template("tag.html", missing=False, tag=data,
                           status_text=LICENCE_STATUS_TEXT[data["licence"]["status"]])
    return Response(html, mimetype="text/html")


@endpoint(bp, "/t/<tag_token>/photo", summary="犬牌页上的犬只照片", tag="public", auth="none",
          media_type="image/*", errors=("tag_not_found", "not_found"))
def tag_photo(tag_token: str):
    data, content_type = uploads.read_image(licences.tag_photo(tag_token))
    return Response(data, mimetype=content_type, headers={"Cache-Control": "public, max-age=3600"})
