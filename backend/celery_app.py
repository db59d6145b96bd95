"""The Celery app: every task runs inside a Flask app context and takes ids, never objects.

With no broker configured, tasks run in-process (eagerly) — `make run` and `make test` need no services.
"""
from __future__ import annotations

from celery import Celery, Task
from celery.schedules import crontab
from flask import Flask


def create_celery(app: Flask) -> Celery:
    class AppContextTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    broker = app.config["CELERY_BROKER_URL"]
    celery = Celery(app.import_name, task_cls=AppContextTask)
    celery.conf.update(
        broker_url=broker or "memory://",
        result_backend=None,
        task_ignore_result=True,
        task_always_eager=not broker,
        task_eager_propagates=True,
        # A task is acknowledged only after it ran, so a worker killed mid-task hands it to another worker;
        # with Redis, unacknowledged tasks come back after the visibility timeout.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=4,
        worker_concurrency=app.config["CELERY_WORKER_CONCURRENCY"],
        broker_transport_options={"visibility_timeout": app.config["CELERY_VISIBILITY_TIMEOUT"],
                                  "socket_connect_timeout": 2, "socket_timeout": 5},
        # Queueing happens after commit; with the broker down it must fail fast (the outbox keeps the notice),
        # not hold the request while kombu retries.
        task_publish_retry=False,
        broker_connection_timeout=2,
        broker_connection_retry_on_startup=True,
        timezone="Asia/Shanghai",
        enable_utc=True,
        imports=["backend.jobs", "backend.indicators.rollup"],
        beat_schedule={
            "expire-lapsed-licences": {"task": "backend.jobs.expire_lapsed_licences",
                                       "schedule": crontab(hour=1, minute=0)},
            "renewal-reminders": {"task": "backend.jobs.send_renewal_reminders",
                                  "schedule": crontab(hour=9, minute=0)},
            "forget-old-inbound-keys": {"task": "backend.jobs.forget_old_inbound_keys",
                                        "schedule": crontab(hour=3, minute=30)},
            # Open-day slots end by 17:00; reminders go out in the early evening for the next day.
            "mark-visit-no-shows": {"task": "backend.jobs.mark_visit_no_shows", "schedule": crontab(hour=21, minute=0)},
            "visit-reminders": {"task": "backend.jobs.send_visit_reminders", "schedule": crontab(hour=18, minute=0)},
            "link-unlinked-followers": {"task": "backend.jobs.link_unlinked_followers",
                                        "schedule": app.config["FOLLOWER_LINK_SECONDS"]},
            "reconcile-payments": {"task": "backend.jobs.reconcile_payments",
                                   "schedule": app.config["PAYMENT_RECONCILE_SECONDS"]},
            "payment-statement": {"task": "backend.jobs.log_payment_statement", "schedule": crontab(hour=0, minute=30)},
            # Hourly, so an orphan lives at most UPLOAD_ORPHAN_HOURS and an hour.
            "upload-upkeep": {"task": "backend.jobs.upload_upkeep", "schedule": crontab(minute=17)},
            # The dashboard's summary table (issue 17): months that can no longer change, written once.
            "indicators-roll-up": {"task": "backend.indicators.rollup.nightly_roll_up",
                                   "schedule": crontab(hour=0, minute=20)},
        },
    )
    celery.set_default()
    app.extensions["celery"] = celery
    return celery
