"""Health and the OpenAPI document."""
from flask import Blueprint, jsonify

from miniprogram_api.routing import endpoint
from miniprogram_api.schemas import Health

bp = Blueprint("system", __name__)


@endpoint(bp, "/healthz", summary="存活检查：进程能应答即为 ok（不连数据库；依赖是否可用见 /readyz）", tag="system",
          auth="none", response=Health)
def healthz():
    # Liveness only: a database outage must not make a supervisor restart every app node (that is /readyz's news).
    return {"status": "ok"}


@bp.get("/api/v1/openapi.json")
def openapi_document():
    from miniprogram_api.openapi import build_document

    return jsonify(build_document())
