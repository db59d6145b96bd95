"""Operations: request ids, JSON log lines, Prometheus metrics, readiness, the database-outage answer, and the check
of a restored backup. Installed by the app factory; the /readyz and /metrics routes are an adapter's
(miniprogram_api/ops.py)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from backend.ops import metrics, request_ids, verify

    metrics.install(app)
    request_ids.install_celery_signals()
    app.cli.add_command(verify.ops_cli)
