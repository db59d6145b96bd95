"""The Celery app: every task runs inside a Flask app context and takes ids, never objects.

With no broker configured, tasks run in-process (eagerly) — `make run` and `make test` need no services.

Tasks live in their feature (`backend/<feature>/tasks.py` for scheduled jobs; a task a service queues itself sits
beside the function it runs, in that service's module), and each feature adds its beat entries in its `init_app`
with `add_periodic_task`, as pypi/warehouse's features do in their `includeme`. Task names are a wire format: a
message queued before a deploy names its task, so every `name=` is kept as it was (many still say `backend.jobs.…`,
the module they were first written in; docs/decisions.md).
"""
from __future__ import annotations

from celery import Celery, Task
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
        # Each feature adds its own entries with `add_periodic_task` (its init_app, called by create_app).
        beat_schedule={},
    )
    celery.set_default()
    app.extensions["celery"] = celery
    return celery


def add_periodic_task(app: Flask, key: str, task: Task, schedule) -> None:
    """A beat entry for `task` (the task object, so that the entry names the task's own name), under `key`."""
    app.extensions["celery"].conf.beat_schedule[key] = {"task": task.name, "schedule": schedule}
