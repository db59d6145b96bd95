"""Many people reporting the same stray at the same moment on MariaDB: the cells around the place are locked
before the duplicate search, so exactly one report is dispatched and the rest are linked to it."""
import pytest

from tests.conftest import Api
from tests.support.parallel import in_parallel

pytestmark = pytest.mark.services


@pytest.fixture
def database(mariadb_database):
    return mariadb_database


def _report(app, witness: Api, lat: float) -> tuple[int, dict]:
    # A photo and no text: no content check on WeChat before the transaction, so all of them reach the
    # duplicate search together (with text they would queue at the sandbox and arrive one by one).
    response = Api(app.test_client(), witness.token).post("/api/v1/stray-reports", json={
        "location": {"lat": lat, "lng": 111.749, "address": "新华广场"}, "count": 1,
        "photo_upload_ids": [witness.photo]})
    return response.status_code, response.get_json(silent=True) or {}


def test_twelve_simultaneous_reports_of_one_stray_make_one_job(app, resident):
    witnesses = [resident(f"witness{i}") for i in range(12)]
    for witness in witnesses:
        witness.photo = witness.upload_photo()
    # Spread over ~100 m north–south, across the edge of a lock cell (40.84 is a cell boundary).
    lats = [40.8395 + i * 0.0001 for i in range(12)]

    results = in_parallel([lambda w=w, lat=lat: _report(app, w, lat) for w, lat in zip(witnesses, lats, strict=True)])

    assert all(code == 201 for code, _ in results), results
    statuses = sorted(body["status"] for _, body in results)
    assert statuses == ["duplicate"] * 11 + ["received"], statuses
    (original,) = [body["id"] for _, body in results if body["status"] == "received"]
    assert {body["duplicate_of"] for _, body in results if body["status"] == "duplicate"} == {original}
