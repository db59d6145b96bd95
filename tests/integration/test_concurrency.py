"""Rules that read several rows hold under simultaneous requests on MariaDB (row locks, not luck)."""

import pytest

from tests.conftest import Api
from tests.support import factories
from tests.support.parallel import in_parallel


@pytest.fixture
def database(mariadb_database):
    return mariadb_database


pytestmark = pytest.mark.services




def test_one_person_cannot_slip_in_two_simultaneous_applications(app, resident):
    alice = resident("alice")
    bodies = [factories.application([alice.upload_photo()], dog_fields={"name": f"狗{i}"}) for i in range(8)]

    def submit(body):
        return Api(app.test_client(), alice.token).post("/api/v1/licence-applications", json=body).status_code

    codes = in_parallel([lambda b=b: submit(b) for b in bodies])
    assert sorted(codes) == [201] + [409] * 7


def test_parallel_approvals_at_one_address_issue_one_licence(app, resident, staff, submitted):
    """Neighbours' pending applications at one address do not block each other; the limit holds at approval."""
    people = [resident(f"neighbour{i}") for i in range(6)]
    ids = [submitted(person, owner_fields={"name": f"住户{i}", "number": factories.id_number(seq=f"{100 + i}"),
                                           "address": "新城区海拉尔东街1号院2单元301"})
           for i, person in enumerate(people)]
    reviewer = staff("reviewer")

    def approve(application_id):
        client = Api(app.test_client(), reviewer.token)
        return client.post(f"/api/v1/staff/licence-applications/{application_id}/approve").status_code

    codes = in_parallel([lambda a=a: approve(a) for a in ids])
    assert sorted(codes) == [200] + [409] * 5


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


def test_a_transfer_accepted_while_the_owner_cancels_has_exactly_one_winner(app, resident, licensed):
    recipient = {"name": "李四", "number": factories.id_number(seq="456"), "address": "回民区中山西路8号",
                 "zone_code": "huimin-key"}
    for round_no in range(4):
        owner, taker = resident(f"owner{round_no}"), resident(f"taker{round_no}")
        licence = licensed(owner, owner_fields={
            "number": factories.id_number(seq=f"{300 + round_no}"), "address": f"赛罕区大学东路{round_no}号",
            "zone_code": "saihan-general"})
        code = owner.post(f"/api/v1/licences/{licence['id']}/transfers", json={}).get_json()["code"]
        accept = lambda: Api(app.test_client(), taker.token).post(  # noqa: E731
            "/api/v1/transfers/accept", json={"code": code, "owner": factories.owner(**{
                **recipient, "number": factories.id_number(seq=f"{400 + round_no}"),
                "address": f"回民区中山西路{round_no}号"})})
        cancel = lambda: Api(app.test_client(), owner.token).post(  # noqa: E731
            f"/api/v1/licences/{licence['id']}/cancellation", json={"reason": "relocated"})
        accepted, cancelled = in_parallel([accept, cancel])
        outcome = (accepted.status_code, cancelled.status_code)
        assert outcome in ((200, 404), (409, 200)), (outcome, accepted.get_json(), cancelled.get_json())
        if outcome == (409, 200):
            assert accepted.get_json()["error"]["code"] == "transfer_cancelled"
