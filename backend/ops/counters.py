"""Service-wide counters every process adds to in Redis: deliveries and reconciliations happen in Celery workers,
which serve no HTTP, and Redis is where all processes already meet. Without Redis (a laptop, tasks in-process) the
counters are kept in the process that counted them. The scrape reads them (backend.ops.cluster).

Apart from the collector, so that the features that count (notices, payments) import only this and the kernel.
"""
from __future__ import annotations

import logging
import threading
from collections import Counter

from backend.core import cache

log = logging.getLogger(__name__)
COUNTERS = {
    "notice_deliveries": ("dogpass_notice_deliveries", "Notice delivery outcomes written to the outbox", "outcome"),
    "payment_reconciliation": ("dogpass_payment_reconciliation",
                               "What the payment reconciliation job did, by outcome", "outcome"),
}
_local: dict[str, Counter] = {name: Counter() for name in COUNTERS}
_local_lock = threading.Lock()


def _key(name: str) -> str:
    return f"dogpass:metrics:{name}"


def count(name: str, amounts: dict[str, int]) -> None:
    """Add to a service-wide counter. Never fails the caller: a metric lost in a Redis outage is only a metric."""
    amounts = {label: int(n) for label, n in amounts.items() if n}
    if not amounts:
        return
    client = cache.redis_client()
    if client is not None:
        try:
            pipeline = client.pipeline(transaction=False)
            for label, n in amounts.items():
                pipeline.hincrby(_key(name), label, n)
            pipeline.execute()
            return
        except Exception:
            log.info("metrics: Redis unavailable, %s not counted there", name)
    with _local_lock:
        _local[name].update(amounts)


def counter_values(name: str) -> dict[str, int]:
    values = Counter(_local[name])
    client = cache.redis_client()
    if client is not None:
        try:
            values.update({k.decode(): int(v) for k, v in client.hgetall(_key(name)).items()})
        except Exception:
            log.info("metrics: Redis unavailable for %s", name)
    return values
