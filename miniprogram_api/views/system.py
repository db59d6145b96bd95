"""Health and the OpenAPI document."""
from flask import Blueprint, jsonify
from sqlalchemy import text

from backend.errors import UpstreamUnavailable
from backend.extensions import db
from miniprogram_api.routing import endpoint
from miniprogram_api.schemas.common import Health

bp = Blueprint("system", __name__)


@endpoint(bp, "/healthz", summary="健康检查（能连上数据库时为 ok）", tag="system", auth="none", response=Health,
          errors=("database_unavailable",))
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "not healthy"
        raise UpstreamUnavailable("数据库不可用", code="database_unavailable") from exc
    return {"status": "ok"}


@bp.get("/api/v1/openapi.json")
def openapi_document():
    from miniprogram_api.openapi import build_document

    return jsonify(build_document())
