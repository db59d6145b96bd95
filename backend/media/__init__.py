"""What residents and staff upload: images re-encoded without metadata, quotas, which record shows which upload,
clean-up, QR codes, and WeChat's content check."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Media's part of the app (create_app calls it): the attachment listener and the hourly upkeep (an orphan lives
    at most UPLOAD_ORPHAN_HOURS and an hour)."""
    from celery.schedules import crontab

    from backend.celery_app import add_periodic_task
    from backend.media import attachments, tasks

    attachments.install()
    add_periodic_task(app, "upload-upkeep", tasks.upload_upkeep, crontab(minute=17))
