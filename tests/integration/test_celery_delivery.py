"""Notice delivery with a real Celery worker on a real Redis broker: a SIGKILL mid-run loses nothing and sends
nothing twice; a broker outage delays notices and loses none."""
import time

import pytest
import sqlalchemy as sa

from backend.accounts.models.people import User
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.ids import new_id
from backend.notices.models import Notice
from tests.support import factories
from tests.support.processes import Worker, wait_for


@pytest.fixture
def database(mariadb_database):
    return mariadb_database


pytestmark = [pytest.mark.services, pytest.mark.slow]


@pytest.fixture
def config_overrides(broker):
    return {"CELERY_BROKER_URL": broker.url, "NOTICE_CLAIM_SECONDS": 3, "NOTICE_REQUEUE_SECONDS": 1}


@pytest.fixture
def worker(database, broker, sandbox, tmp_path):
    env = {"DATABASE_URL": database, "CELERY_BROKER_URL": broker.url, "WECHAT_SANDBOX": "1",
           "WECHAT_API_BASE_URL": sandbox.api_url, "WECHAT_SANDBOX_DB": str(sandbox.store.path),
           "SECRET_KEY": "test-secret", "REDIS_URL": "", "NOTICE_CLAIM_SECONDS": "3", "NOTICE_REQUEUE_SECONDS": "1",
           "CELERY_VISIBILITY_TIMEOUT": "5", "FOLLOWER_LINK_SECONDS": "2", "UPLOAD_DIR": str(tmp_path / "uploads")}
    worker = Worker(env, tmp_path / "worker.log")
    yield worker
    worker.stop()


def create_followers_with_notices(app, count: int) -> list[str]:
    """`count` followers, one pending notice each, written straight to the outbox."""
    now = clock.now()
    users = [{"id": new_id(), "mp_openid": f"sbx-mp-bulk{n}", "mp_followed": True, "created_at": now,
              "updated_at": now} for n in range(count)]
    notices = [{"id": new_id(), "user_id": user["id"], "kind": "licence_issued", "title": "电子犬证已签发",
                "body": f"证号 DP-2026-{n:06d}", "fields": {}, "created_at": now, "delivery_status": "pending",
                "attempts": 0} for n, user in enumerate(users)]
    with app.app_context():
        db.session.execute(sa.insert(User.__table__), users)
        db.session.execute(sa.insert(Notice.__table__), notices)
        db.session.commit()
    return [n["id"] for n in notices]


def counts(app) -> dict:
    from backend.notices.delivery import delivery_counts

    with app.app_context():
        result = delivery_counts()
        db.session.remove()
        return result


def test_a_thousand_notices_survive_a_sigkill_and_go_out_exactly_once(app, worker, sandbox, tmp_path):
    from notifications.tasks import queue

    ids = create_followers_with_notices(app, 1000)
    with app.app_context():
        queue(ids)
    worker.start()
    wait_for(lambda: sandbox.store.sent_count("template_send") >= 250, 120, "the worker started sending")
    worker.kill()
    in_flight_at_kill = counts(app).get("sending", 0)
    worker.start()
    wait_for(lambda: counts(app).get("sent", 0) == 1000, 180,
             f"all 1000 sent (now {counts(app)}); log:\n{(tmp_path / 'worker.log').read_text()[-3000:]}")
    messages = sandbox.store.sent(api="template_send")
    delivered = [m["client_msg_id"] for m in messages]
    assert len(delivered) == 1000 and set(delivered) == set(ids)  # every notice once, none twice
    print(f"\nkilled with {in_flight_at_kill} notice(s) claimed; repeats WeChat dropped (client_msg_id): "
          f"{sandbox.store.duplicates_dropped()}")


def linked(app, user_id: str) -> bool:
    with app.app_context():
        found = db.session.get(User, user_id).mp_openid is not None
        db.session.remove()
        return found


def test_with_the_broker_down_changes_commit_and_notices_wait(app, resident, follower, broker, worker, sandbox):
    alice = resident("alice")
    worker.start()
    follower("alice").follows()
    wait_for(lambda: linked(app, alice.user_id), 30, "the worker linked the follower to the resident")
    broker.stop()
    started = time.monotonic()
    created = alice.post("/api/v1/licence-applications", json=factories.application([alice.upload_photo()]))
    took = time.monotonic() - started
    assert created.status_code == 201 and took < 10
    assert alice.get("/api/v1/notifications").get_json()[0]["delivery_status"] == "pending"
    assert sandbox.store.sent_count("template_send") == 0
    broker.start()  # same port: the worker reconnects by itself
    wait_for(lambda: alice.get("/api/v1/notifications").get_json()[0]["delivery_status"] == "sent", 60,
             "the waiting notice went out once the broker was back")
    assert sandbox.store.sent_count("template_send") == 1


