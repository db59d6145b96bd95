"""Rules that read several rows hold under simultaneous requests on MariaDB (row locks, not luck)."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import Api
from tests.support import factories

pytestmark = pytest.mark.services


@pytest.fixture
def database(mariadb_url):
    """These tests are about MariaDB's locking; SQLite serialises writers anyway."""
    from tests.support import databases

    databases.clear_rows(mariadb_url)
    yield mariadb_url
    databases.clear_rows(mariadb_url)


def in_parallel(calls: list) -> list:
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_one_dog_household_cannot_slip_in_two_simultaneous_applications(app, resident):
    people = [resident(f"neighbour{i}") for i in range(8)]
    bodies = [factories.application([p.upload_photo()], owner_fields={
        "name": f"住户{i}", "number": factories.id_number(seq=f"{100 + i}"),
        "address": "新城区海拉尔东街1号院2单元301"}) for i, p in enumerate(people)]

    def submit(person, body):
        client = app.test_client()
        return Api(client, person.token).post("/api/v1/licence-applications", json=body).status_code

    codes = in_parallel([lambda p=p, b=b: submit(p, b) for p, b in zip(people, bodies, strict=True)])
    assert sorted(codes) == [201] + [409] * 7


def test_parallel_approvals_take_distinct_consecutive_licence_numbers(app, resident, staff, submitted):
    applicants = [resident(f"owner{i}") for i in range(10)]
    ids = [submitted(person, owner_fields={"number": factories.id_number(seq=f"{200 + i}"),
                                           "address": f"赛罕区大学东路{i}号", "zone_code": "saihan-general"})
           for i, person in enumerate(applicants)]
    reviewer = staff("reviewer")

    def approve(application_id):
        client = app.test_client()
        response = Api(client, reviewer.token).post(f"/api/v1/staff/licence-applications/{application_id}/approve")
        return response.status_code, response.get_json()["licence_id"]

    results = in_parallel([lambda a=a: approve(a) for a in ids])
    assert [code for code, _ in results] == [200] * 10
    numbers = sorted(
        Api(app.test_client(), person.token).get("/api/v1/licences").get_json()[0]["licence_no"]
        for person in applicants)
    sequence = [int(n[-6:]) for n in numbers]
    assert sequence == list(range(sequence[0], sequence[0] + 10))
