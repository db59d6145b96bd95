"""Upload races on MariaDB: a resident firing many uploads at once cannot pass the daily quota (each counts the
others under a lock), and the orphan clean-up never deletes a photo a record is being saved with."""
import io
import threading
import time
from datetime import timedelta

import pytest

from tests.conftest import Api
from tests.support import factories
from tests.support.parallel import in_parallel

pytestmark = pytest.mark.services
SPOT = {"lat": 40.842, "lng": 111.749, "address": "新华广场东门"}


@pytest.fixture
def database(mariadb_database):
    return mariadb_database


def _upload(app, token: str) -> int:
    response = Api(app.test_client(), token).client.post(
        "/api/v1/uploads", headers={"Authorization": f"Bearer {token}"},
        data={"file": (io.BytesIO(factories.png_bytes()), "dog.png")}, content_type="multipart/form-data")
    return response.status_code


@pytest.mark.parametrize("config_overrides", [{"UPLOAD_DAILY_QUOTA": 5}])
def test_twelve_uploads_at_once_against_a_quota_of_five_store_five(app, resident):
    from backend.core.database.extensions import db
    from backend.media.models import Upload

    alice = resident("alice")
    codes = in_parallel([lambda: _upload(app, alice.token) for _ in range(12)])
    assert sorted(codes) == [201] * 5 + [429] * 7, codes
    with app.app_context():
        stored = db.session.scalar(db.select(db.func.count()).select_from(Upload).where(
            Upload.user_id == alice.user_id))
        db.session.remove()
    assert stored == 5


def test_a_photo_attached_while_the_clean_up_runs_is_kept_never_lost(app, resident):
    """A day-old photo is being attached to a stray report just as the clean-up runs: the report's transaction
    locks the photo at its check and holds it to the commit; the clean-up, which read the photo as an orphan a
    moment before, waits for the lock, then sees the attachment and keeps the photo. (Without the lock it deleted
    the photo under the report.)"""
    from backend.core import clock
    from backend.core.database.extensions import db
    from backend.media import cleanup as upload_cleanup
    from backend.media import uploads
    from backend.media.models import Upload

    alice = resident("alice")
    photo = alice.upload_photo()
    with app.app_context():
        db.session.execute(db.update(Upload).where(Upload.id == photo)
                           .values(created_at=clock.now() - timedelta(days=2)))
        db.session.commit()
        db.session.remove()
    locked, outcome = threading.Event(), {}
    real_check = uploads.check_owned

    def slow_check(user_id, upload_ids, field):
        found = real_check(user_id, upload_ids, field)  # the rows are locked from here to the commit
        locked.set()
        time.sleep(1.0)  # the clean-up runs now
        return found

    def clean():
        locked.wait(10)
        with app.app_context():
            outcome["deleted"] = upload_cleanup.delete_orphans()
            db.session.remove()

    cleaner = threading.Thread(target=clean)
    cleaner.start()
    uploads.check_owned = slow_check  # our own function, slowed to hold the race open; nothing else changes
    try:
        response = alice.post("/api/v1/stray-reports", json={"location": SPOT, "count": 1, "description": "一只黄狗",
                                                             "photo_upload_ids": [photo]})
    finally:
        uploads.check_owned = real_check
    cleaner.join(20)
    assert response.status_code == 201, response.get_json()
    assert outcome["deleted"] == 0
    with app.app_context():
        assert db.session.get(Upload, photo).attached_at is not None
        db.session.remove()
