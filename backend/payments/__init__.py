"""Money, in fen: the fee schedule, orders, trades at WeChat Pay and Alipay settled once from a verified notify or
query, refunds, and the daily reconciliation and statement. Knows nothing of what is paid for: the features that charge
register payables (backend.payments.payables)."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Payments' part of the app (create_app calls it): its tasks and beat entries."""
    from celery.schedules import crontab

    from backend.celery_app import add_periodic_task
    from backend.payments import refunds, tasks  # noqa: F401  (refunds holds the task that refunds queue)

    add_periodic_task(app, "reconcile-payments", tasks.reconcile_payments,
                      app.config["PAYMENT_RECONCILE_SECONDS"])
    add_periodic_task(app, "payment-statement", tasks.log_payment_statement, crontab(hour=0, minute=30))
