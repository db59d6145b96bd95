"""Readiness and Prometheus metrics (backend.ops): for load balancers, supervisors and the monitoring system."""
from flask import Blueprint, Response, current_app, request

from backend.core.errors import NotFound
from backend.ops import metrics, readiness
from miniprogram_api.routing import endpoint
from miniprogram_api.schemas import Readiness

bp = Blueprint("ops", __name__)


@endpoint(bp, "/readyz", summary="就绪检查：数据库、Redis、消息队列都能连上时为 ready；否则 503 并指出哪一项不可用",
          tag="system", auth="none", response=Readiness, errors=("not_ready",))
def readyz():
    return readiness.require_ready()


@endpoint(bp, "/metrics", summary="Prometheus 指标（仅监控网络直连节点时可读；经代理的请求答 404）", tag="system",
          auth="none", media_type="text/plain", errors=("not_found",))
def prometheus_metrics():
    if not metrics.scrape_allowed(request.environ, current_app.config["METRICS_ALLOW_FROM"]):
        raise NotFound("请求的资源不存在", code="not_found")
    body, content_type = metrics.render()
    return Response(body, content_type=content_type)
