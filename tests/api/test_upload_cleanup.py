"""The upload store cannot be filled: a daily quota per resident (429 in Chinese), and uploads nothing was ever
attached to are deleted after a day (row and file) by the hourly job, while every attached one stays, whatever
kind of record shows it."""
import io
from datetime import timedelta

import pytest

from backend.core import clock
from tests.support import factories
from tests.support import shelter as sh

SPOT = {"lat": 40.842, "lng": 111.749, "address": "新华广场东门"}


@pytest.mark.parametrize("config_overrides", [{"UPLOAD_DAILY_QUOTA": 3}])
def test_a_resident_over_the_daily_quota_gets_429_in_chinese_until_tomorrow(resident, staff, client):
    alice, bob = resident("alice"), resident("bob")
    for _ in range(3):
        alice.upload_photo()
    refused = alice.client.post("/api/v1/uploads", headers={"Authorization": f"Bearer {alice.token}"},
                                data={"file": (io.BytesIO(factories.png_bytes()), "a.png")},
                                content_type="multipart/form-data")
    assert refused.status_code == 429
    error = refused.get_json()["error"]
    assert error["code"] == "upload_quota_exceeded" and "上限" in error["message"] and error["details"]["quota"] == 3
    bob.upload_photo()  # the quota is per resident
    sh.staff_photo(staff("shelter"))  # and not on staff
    with clock.travel_to(clock.now() + timedelta(days=1)):
        alice.upload_photo()


def _stored(app, upload_id: str):
    from backend.core.database.extensions import db
    from backend.media.models import Upload
    from backend.media.uploads import stored_path

    with app.app_context():
        row = db.session.get(Upload, upload_id)
        path = stored_path(row.storage_key) if row else None
        db.session.remove()
    return row, path


def _run_job(app) -> dict:
    from backend.media import tasks as jobs

    with app.app_context():
        return jobs.upload_upkeep()


def test_orphans_go_after_a_day_and_attached_photos_of_every_kind_stay(app, client, resident, staff, licensed):
    alice, finder, keeper = resident("alice"), resident("finder"), staff("shelter")
    orphan, staff_orphan = alice.upload_photo(), sh.staff_photo(keeper)
    orphan_path = _stored(app, orphan)[1]
    assert orphan_path.exists()

    attached = {}
    licence = licensed(alice)  # an application, then a licensed dog
    attached["licence"] = licence["dog"]["photo_upload_ids"][0]
    lost_photo = alice.upload_photo()
    lost = alice.post("/api/v1/lost-reports", json={
        "dog": {"name": "小白", "breed": "", "sex": "female", "colour": "白", "size": "small",
                "description": "白色小狗", "photo_upload_ids": [lost_photo]},
        "lost_at": clock.isoformat(clock.now()), "location": SPOT})
    assert lost.status_code == 201, lost.get_json()
    attached["lost_report"] = lost_photo
    found_photo = finder.upload_photo()
    found = finder.post("/api/v1/found-reports", json={
        "dog": {"breed": "", "sex": "male", "colour": "黄", "size": "medium", "description": "很亲人"},
        "found_at": clock.isoformat(clock.now()), "location": SPOT, "photo_upload_ids": [found_photo],
        "message": "在小区门口"})
    assert found.status_code == 201, found.get_json()
    attached["found_report"] = found_photo
    stray_photo = finder.upload_photo()
    stray = finder.post("/api/v1/stray-reports", json={"location": SPOT, "count": 1, "description": "一只黄狗",
                                                       "photo_upload_ids": [stray_photo]})
    assert stray.status_code == 201, stray.get_json()
    attached["stray_report"] = stray_photo
    dog = sh.adoptable(keeper)  # a shelter dog; adopted below, its photos move to the adopter's application
    attached["shelter_dog"] = dog["photo_urls"][0].rsplit("/", 1)[1]
    adopter = resident("adopter")
    applied = adopter.post("/api/v1/adoption/applications", json={
        "dog_id": dog["id"], "adopter": sh.adopter(), "housing": "owned", "experience": "养过狗", "reason": "喜欢"})
    assert applied.status_code == 201, applied.get_json()
    application_id = applied.get_json()["id"]
    assert keeper.post(f"/api/v1/staff/adoption/applications/{application_id}/approve", json={}).status_code == 200
    assert keeper.post(f"/api/v1/staff/adoption/applications/{application_id}/complete", json={}).status_code == 200
    pending_photo = alice.upload_photo()
    pending = alice.post("/api/v1/licence-applications", json=factories.application(
        [pending_photo], owner_fields={"number": factories.id_number(seq="456"), "address": "回民区中山西路8号",
                                       "zone_code": "huimin-key"}))
    assert pending.status_code == 201, pending.get_json()
    attached["licence_application"] = pending_photo

    with clock.travel_to(clock.now() + timedelta(hours=23)):
        assert _run_job(app)["orphans_deleted"] == 0  # not a day old yet
    start = clock.now()
    with clock.travel_to(start + timedelta(hours=3)):
        fresh = alice.upload_photo()
    with clock.travel_to(start + timedelta(hours=25)):
        result = _run_job(app)
    assert result["orphans_deleted"] == 2
    assert _stored(app, orphan) == (None, None) and not orphan_path.exists()
    assert _stored(app, staff_orphan)[0] is None
    assert alice.get(f"/api/v1/uploads/{orphan}").status_code == 404
    for kind, upload_id in attached.items():
        row, path = _stored(app, upload_id)
        assert row is not None and path.exists(), kind
    assert _stored(app, fresh)[0] is not None  # 22 hours old: its resident may still be filling in the form
    # A deleted orphan cannot be attached any more: a clear refusal, nothing stored
    late = alice.post("/api/v1/stray-reports", json={"location": SPOT, "count": 1, "description": "又一只",
                                                     "photo_upload_ids": [orphan]})
    assert late.status_code == 422 and late.get_json()["error"]["code"] == "unknown_upload"


def test_the_cli_cleans_orphans_too(app, resident):
    alice = resident("alice")
    orphan = alice.upload_photo()
    with clock.travel_to(clock.now() + timedelta(days=2)):
        output = app.test_cli_runner().invoke(args=["uploads", "clean-orphans"]).output
    assert "deleted 1 orphan upload(s)" in output
    assert _stored(app, orphan)[0] is None


def test_the_job_is_on_the_beat_schedule(app):
    schedule = app.extensions["celery"].conf.beat_schedule
    assert schedule["upload-upkeep"]["task"] == "backend.jobs.upload_upkeep"


def test_every_model_holding_upload_ids_records_its_attachments():
    """A new kind of record with photos must be named in ATTACHED_PHOTOS, or its photos would be deleted as
    orphans a day after it was saved."""
    from backend.licensing.models.applications import LicenceApplication
    from backend.media.attachments import ATTACHED_PHOTOS
    from backend.media.models import Upload, UploadAttachment
    from backend.schema import Base

    holders = {mapper.class_ for mapper in Base.registry.mappers
               if any("upload" in column.key for column in mapper.columns)} - {Upload, UploadAttachment}
    holders.add(LicenceApplication)  # its dog JSON holds photo_upload_ids
    assert holders == set(ATTACHED_PHOTOS), holders ^ set(ATTACHED_PHOTOS)
