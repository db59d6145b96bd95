"""The public account (公众号): each callback handled once, followers and their link to residents, automatic
answers, and the staff inbox with WeChat's 48-hour window."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The public account's part of the app (create_app calls it): its tasks and beat entries."""
    from celery.schedules import crontab

    from backend.celery_app import add_periodic_task
    from backend.public_account import followers, messages, tasks  # noqa: F401  (their queued tasks)

    add_periodic_task(app, "forget-old-inbound-keys", tasks.forget_old_inbound_keys, crontab(hour=3, minute=30))
    add_periodic_task(app, "link-unlinked-followers", tasks.link_unlinked_followers,
                      app.config["FOLLOWER_LINK_SECONDS"])
