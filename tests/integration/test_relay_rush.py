"""The tag relay's rules under simultaneous requests on MariaDB: the quotas are exact in a rush, and a transfer
racing the former owner's share-phone and finders' scans leaves no thread where the wrong person holds the owner
side or the new owner's phone shows."""
import pytest

from backend.core.database.extensions import db
from backend.licensing.models.licences import Licence
from backend.reports.models.relay import RelayThread
from tests.conftest import Api
from tests.support import factories
from tests.support.parallel import in_parallel

pytestmark = pytest.mark.services

BOB = {"name": "李四", "number": factories.id_number(seq="456"), "address": "回民区中山西路8号",
       "zone_code": "huimin-key", "phone": "13900139000"}


@pytest.fixture
def database(mariadb_database):
    return mariadb_database


@pytest.mark.parametrize("config_overrides", [{"TAG_RELAY_PER_FINDER_PER_TAG_PER_DAY": 2}])
def test_one_accounts_rush_of_scans_passes_its_quota_not_once(app, resident, licensed, config_overrides):
    owner, mallory = resident("owner"), resident("mallory")
    token = licensed(owner)["tag_url"].rsplit("/", 1)[1]

    def scan(n):
        return Api(app.test_client(), mallory.token).post(f"/t/{token}/found", json={"message": f"第{n}条"})

    codes = in_parallel([lambda n=n: scan(n).status_code for n in range(8)])
    assert sorted(codes) == [201, 201] + [429] * 6
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(RelayThread)) == 1


def test_a_transfer_racing_share_phone_and_scans_leaves_the_owner_side_with_the_holder(app, resident, licensed):
    alice, bob = resident("alice"), resident("bob")
    licence = licensed(alice)
    token = licence["tag_url"].rsplit("/", 1)[1]
    mallory = resident("mallory")
    thread = mallory.post(f"/t/{token}/found", json={"message": "在我这里"}).get_json()
    code = alice.post(f"/api/v1/licences/{licence['id']}/transfers", json={}).get_json()["code"]
    finders = [resident(f"finder{i}") for i in range(3)]

    def accept():
        return Api(app.test_client(), bob.token).post(
            "/api/v1/transfers/accept", json={"code": code, "owner": factories.owner(**BOB)}).status_code

    def share():
        return Api(app.test_client(), alice.token).post(
            f"/api/v1/relay-threads/{thread['id']}/share-phone").status_code

    def scan(finder):
        return Api(app.test_client(), finder.token).post(f"/t/{token}/found", json={"message": "看到了"}).status_code

    codes = in_parallel([accept] + [share] * 4 + [lambda f=f: scan(f) for f in finders])
    assert codes[0] == 200 and set(codes[1:5]) <= {200, 404} and codes[5:] == [201] * 3
    with app.app_context():
        holder = db.session.scalar(db.select(Licence.user_id).where(Licence.id == licence["id"]))
        threads = db.session.scalars(db.select(RelayThread)).all()
    assert holder == bob.user_id
    assert all(t.owner_user_id == bob.user_id for t in threads if t.live)
    assert all(t.owner_shared_phone != BOB["phone"] for t in threads)
    assert mallory.get(f"/api/v1/relay-threads/{thread['id']}").get_json()["owner_phone"] is None
    for finder in finders:
        for mine in finder.get("/api/v1/relay-threads").get_json():
            assert mine["owner_phone"] is None
