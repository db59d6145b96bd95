"""Scheduled jobs (Celery beat); each also runs from the CLI."""
from __future__ import annotations

from celery import shared_task


@shared_task(name="backend.jobs.expire_lapsed_licences")
def expire_lapsed_licences() -> int:
    from backend.licensing.expiry import expire_lapsed_licences as sweep

    return sweep()


@shared_task(name="backend.jobs.link_follower", autoretry_for=(ConnectionError,), retry_backoff=True,
             max_retries=5)
def link_follower(openid: str) -> str | None:
    from backend.public_account.followers import link_follower as link

    return link(openid)


@shared_task(name="backend.jobs.send_renewal_reminders")
def send_renewal_reminders() -> int:
    from backend.licensing.reminders import send_renewal_reminders as remind

    return remind()


@shared_task(name="backend.jobs.forget_old_inbound_keys")
def forget_old_inbound_keys() -> int:
    from backend.public_account.inbound import forget_old_keys
    from backend.public_account.signed_queries import forget_expired

    return forget_old_keys() + forget_expired()


@shared_task(name="backend.jobs.link_unlinked_followers")
def link_unlinked_followers() -> int:
    """Beat job: linking is queued when someone follows; this catches any whose task was lost."""
    from backend.public_account.followers import link_follower as link
    from backend.public_account.followers import unlinked_followers

    return sum(1 for openid in unlinked_followers() if link(openid))


@shared_task(name="backend.jobs.persist_inbound", acks_late=True)
def persist_inbound(record: dict) -> bool:
    """Store a public-account delivery the callback answered already (its database key makes a repeat a no-op)."""
    from backend.public_account.messages import Inbound, persist

    return persist(Inbound(**record))


@shared_task(name="backend.jobs.mark_visit_no_shows")
def mark_visit_no_shows() -> int:
    from backend.shelter.bookings import mark_no_shows

    return mark_no_shows()


@shared_task(name="backend.jobs.send_visit_reminders")
def send_visit_reminders() -> int:
    from backend.shelter.bookings import send_reminders

    return send_reminders()


@shared_task(name="backend.jobs.execute_refund")
def execute_refund(refund_id: str) -> str:
    from backend.payments.refunds import execute_refund as refund

    return refund(refund_id)


@shared_task(name="backend.jobs.reconcile_payments")
def reconcile_payments() -> dict:
    """Beat job: settle trades whose notify never came, close expired ones, expire unpaid orders, retry refunds."""
    from backend.payments.reconciliation import reconcile

    return reconcile().as_dict()


@shared_task(name="backend.jobs.log_payment_statement")
def log_payment_statement() -> list:
    """Beat job, just after midnight: yesterday's statement per channel, into the log for finance's daily check."""
    import logging
    from datetime import timedelta

    from backend.core import clock
    from backend.payments.reconciliation import daily_statement

    rows = daily_statement(clock.today() - timedelta(days=1))
    for row in rows:
        logging.getLogger("dogpass.statement").info("payment statement %s", row)
    return rows


@shared_task(name="backend.jobs.upload_upkeep")
def upload_upkeep() -> dict:
    """Beat job, hourly: uploads nothing was attached to within UPLOAD_ORPHAN_HOURS are deleted (row and file), and
    a batch of images stored before re-encoding is cleaned."""
    from backend.media.cleanup import upkeep

    return upkeep()
