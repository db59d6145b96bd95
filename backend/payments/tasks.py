"""Payments' scheduled jobs (Celery beat; their entries are added by `backend.payments.init_app`). The refund task,
which refunds queue themselves, sits beside its function in `backend.payments.refunds`. The `name=`s predate this
module and are kept (docs/decisions.md)."""
from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task

from backend.core import clock
from backend.payments import reconciliation


@shared_task(name="backend.jobs.reconcile_payments")
def reconcile_payments() -> dict:
    """Settle trades whose notify never came, close expired ones, expire unpaid orders, retry refunds."""
    return reconciliation.reconcile().as_dict()


@shared_task(name="backend.jobs.log_payment_statement")
def log_payment_statement() -> list:
    """Just after midnight: yesterday's statement per channel, into the log for finance's daily check."""
    rows = reconciliation.daily_statement(clock.today() - timedelta(days=1))
    for row in rows:
        logging.getLogger("dogpass.statement").info("payment statement %s", row)
    return rows
