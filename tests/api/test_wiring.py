"""How the features wire themselves in (their init_app): task names and beat entries are a wire format and stay as
they were; the hooks and registries are kept per app."""
from __future__ import annotations

from celery.schedules import crontab
from flask import Flask

from backend.core.hooks import Hook, Registry

# Beat key → (task name, schedule), as before the tasks moved into their features (backend/jobs.py).
BEAT = {
    "expire-lapsed-licences": ("backend.jobs.expire_lapsed_licences", crontab(hour=1, minute=0)),
    "renewal-reminders": ("backend.jobs.send_renewal_reminders", crontab(hour=9, minute=0)),
    "forget-old-inbound-keys": ("backend.jobs.forget_old_inbound_keys", crontab(hour=3, minute=30)),
    "mark-visit-no-shows": ("backend.jobs.mark_visit_no_shows", crontab(hour=21, minute=0)),
    "visit-reminders": ("backend.jobs.send_visit_reminders", crontab(hour=18, minute=0)),
    "link-unlinked-followers": ("backend.jobs.link_unlinked_followers", "FOLLOWER_LINK_SECONDS"),
    "reconcile-payments": ("backend.jobs.reconcile_payments", "PAYMENT_RECONCILE_SECONDS"),
    "payment-statement": ("backend.jobs.log_payment_statement", crontab(hour=0, minute=30)),
    "upload-upkeep": ("backend.jobs.upload_upkeep", crontab(minute=17)),
    "requeue-undelivered-notices": ("notifications.requeue_undelivered", None),
    # The dashboard's nightly roll-up (issue 17), named as it was first written.
    "indicators-roll-up": ("backend.indicators.rollup.nightly_roll_up", crontab(hour=0, minute=20)),
}
QUEUED = ("backend.jobs.execute_refund", "backend.jobs.link_follower", "backend.jobs.persist_inbound",
          "notifications.deliver_notices")


def test_every_task_keeps_its_name_and_every_beat_entry_its_key_and_schedule(app):
    celery = app.extensions["celery"]
    schedule = celery.conf.beat_schedule
    assert set(schedule) == set(BEAT)
    for key, (task, when) in BEAT.items():
        assert schedule[key]["task"] == task, key
        if isinstance(when, str):
            assert schedule[key]["schedule"] == app.config[when], key
        elif when is not None:
            assert schedule[key]["schedule"] == when, key
    registered = set(celery.tasks)
    assert {task for task, _ in BEAT.values()} | set(QUEUED) <= registered


def test_hooks_and_registries_are_kept_per_app():
    hook: Hook = Hook("test.hook")
    registry: Registry = Registry("test.registry")
    first, second = Flask("first"), Flask("second")

    def handler(value):
        return value * 2

    hook.register(first, handler)
    hook.register(first, handler)  # twice: kept once
    registry.register(first, "double", handler)
    with first.app_context():
        assert hook.call(21) == [42]
        assert hook.first(4) == 8
        assert registry.get("double") is handler
    with second.app_context():
        assert hook.call(21) == []
        assert hook.first(4) is None
        assert list(registry.items()) == []
        try:
            registry.get("double")
        except LookupError as exc:
            assert "double" in str(exc)
        else:
            raise AssertionError("an unregistered key must not pass silently")
