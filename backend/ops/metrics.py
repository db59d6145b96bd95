"""Prometheus metrics (prometheus_client) for GET /metrics.

Per process, kept by prometheus_client: request latency per endpoint (the route rule, never the raw path, so ids
and tag tokens do not each make a series) and responses by status. Under gunicorn every worker is its own
process: gunicorn.conf.py sets PROMETHEUS_MULTIPROC_DIR before any worker imports this module, so the values go to
files in that directory and a scrape of any worker sums the node's workers (multiprocess mode).

For the whole service, read at scrape time (backend.ops.cluster): the outbox, the Celery queue, deliveries and
payment reconciliations by outcome. Every node answers the same values for these: aggregate them with max().

Who may scrape: only a request that came through no proxy (no X-Forwarded-For: nginx always adds one) from an
address in METRICS_ALLOW_FROM. Anybody else gets 404, so the page is not even shown to exist.
"""
from __future__ import annotations

import ipaddress
import logging
import os
import time

from flask import Flask, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

from backend.ops import request_ids

log = logging.getLogger(__name__)
request_log = logging.getLogger("dogpass.request")
MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
UNMATCHED = "<unmatched>"  # a path no route has (scanners): one series, not one per path

_PROCESS = CollectorRegistry(auto_describe=True)
REQUEST_SECONDS = Histogram(
    "dogpass_http_request_duration_seconds", "Time to answer a request, by method and route rule",
    ["method", "endpoint"], registry=_PROCESS,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
RESPONSES = Counter("dogpass_http_responses", "Responses by method, route rule and status",
                    ["method", "endpoint", "status"], registry=_PROCESS)


def install(app: Flask) -> None:
    app.before_request(_begin)
    app.after_request(_finish)
    app.teardown_request(_end)


def _begin() -> None:
    g.ops_started = time.perf_counter()
    g.ops_request_token = request_ids.begin(request_ids.accepted_or_new(request.headers.get(request_ids.HEADER)))


def _finish(response):
    started = g.get("ops_started")
    request_id = request_ids.current()
    if request_id:
        response.headers[request_ids.HEADER] = request_id
    if started is None:
        return response
    took = time.perf_counter() - started
    endpoint = request.url_rule.rule if request.url_rule is not None else UNMATCHED
    REQUEST_SECONDS.labels(request.method, endpoint).observe(took)
    RESPONSES.labels(request.method, endpoint, str(response.status_code)).inc()
    if _log_requests():
        request_log.info("%s %s %s %.1fms", request.method, request.path, response.status_code, took * 1000,
                         extra={"method": request.method, "path": request.path, "endpoint": endpoint,
                                "status": response.status_code, "duration_ms": round(took * 1000, 1),
                                "client": request.remote_addr})
    return response


def _log_requests() -> bool:
    """One line per request with JSON logs (production: gunicorn's own access log is off); in development the
    server prints its own."""
    from flask import current_app

    return current_app.config["LOG_FORMAT"] == "json"


def _end(_exc=None) -> None:
    token = g.pop("ops_request_token", None)
    if token is not None:
        request_ids.end(token)


def scrape_allowed(environ: dict, allowed: list[str]) -> bool:
    if environ.get("HTTP_X_FORWARDED_FOR") or environ.get("HTTP_FORWARDED"):
        return False  # came through a proxy (nginx adds the header): the public side, whatever the address
    peer = environ.get("werkzeug.proxy_fix.orig", {}).get("REMOTE_ADDR") or environ.get("REMOTE_ADDR") or ""
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network, strict=False) for network in allowed)


class _ThisProcess:
    def collect(self):
        yield from _PROCESS.collect()


def render() -> tuple[bytes, str]:
    from backend.ops.cluster import ClusterCollector

    registry = CollectorRegistry(auto_describe=False)
    if MULTIPROCESS:
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(ClusterCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST


def mark_process_dead(pid: int) -> None:
    """gunicorn's child_exit hook: a worker that ended leaves its files for the sums, not its live gauges."""
    if MULTIPROCESS:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)
