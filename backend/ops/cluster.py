"""Metrics of the whole service, the same on every node: read from the database and the broker when scraped, and
the counters every process adds to (backend.ops.counters).
"""
from __future__ import annotations

import logging

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from backend.core import clock
from backend.ops import counters

log = logging.getLogger(__name__)
class ClusterCollector:
    """Collected inside the scrape's request (app context); a dependency that is down leaves its families out
    and shows as 0 in dogpass_dependency_up, never a failed scrape."""

    def collect(self):
        from backend.ops import readiness

        checks = readiness.check_all()
        up = GaugeMetricFamily("dogpass_dependency_up", "1 when the dependency answers (0 down)", labels=["dependency"])
        for name, state in checks.items():
            if state != readiness.NOT_CONFIGURED:
                up.add_metric([name], 1 if state == readiness.OK else 0)
        yield up
        if checks["database"] == readiness.OK:
            yield from _outbox()
        if checks["broker"] == readiness.OK:
            yield from _queue()
        for name, (metric, help_text, label) in counters.COUNTERS.items():
            family = CounterMetricFamily(metric, help_text, labels=[label])
            for value_label, value in sorted(counters.counter_values(name).items()):
                family.add_metric([value_label], value)
            yield family


def _outbox():
    from backend.core.database.extensions import db
    from backend.notices.models import Notice

    try:
        undelivered, oldest = db.session.execute(
            db.select(db.func.count(Notice.id), db.func.min(Notice.created_at))
            .where(Notice.delivery_status.in_(("pending", "sending")))).one()
        failed = db.session.scalar(db.select(db.func.count(Notice.id)).where(Notice.delivery_status == "failed"))
        db.session.rollback()  # end the read; nothing may stay open after the scrape
    except Exception:
        log.warning("metrics: outbox not read", exc_info=True)
        return
    yield GaugeMetricFamily("dogpass_outbox_undelivered", "Notices waiting for delivery (pending or being sent)",
                            value=undelivered)
    age = (clock.now() - oldest).total_seconds() if oldest is not None else 0.0
    yield GaugeMetricFamily("dogpass_outbox_oldest_undelivered_seconds",
                            "Age of the oldest notice not yet delivered (0 when none waits)", value=max(age, 0.0))
    yield GaugeMetricFamily("dogpass_outbox_failed", "Notices given up after NOTICE_MAX_ATTEMPTS", value=failed)


def _queue():
    from flask import current_app

    from backend.ops.readiness import broker_redis

    client = broker_redis()
    if client is None:
        return
    queue = current_app.extensions["celery"].conf.task_default_queue
    # kombu's Redis transport keeps priorities 3, 6 and 9 in lists of their own beside the queue's.
    keys = [queue] + [f"{queue}\x06\x16{priority}" for priority in (3, 6, 9)]
    try:
        pipeline = client.pipeline(transaction=False)
        for key in keys:
            pipeline.llen(key)
        pipeline.hlen("unacked")
        *lengths, unacked = pipeline.execute()
    except Exception:
        log.warning("metrics: broker queue not read", exc_info=True)
        return
    family = GaugeMetricFamily("dogpass_celery_queue_length", "Tasks waiting in the broker", labels=["queue"])
    family.add_metric([queue], sum(lengths))
    yield family
    yield GaugeMetricFamily("dogpass_celery_unacked_tasks",
                            "Tasks handed to a worker and not yet acknowledged (come back after the visibility "
                            "timeout if that worker died)", value=unacked)
