"""The last admin on MariaDB under simultaneous requests: two admins demoting each other, or both demoting
themselves, at the same instant. Each change takes the same named lock and re-reads who is still an admin, so one
goes through and the other is refused: the city is never left without an admin."""
import pytest

from backend.accounts.models.people import StaffUser
from backend.core.database.extensions import db
from tests.conftest import Api
from tests.support.parallel import in_parallel

pytestmark = pytest.mark.services


@pytest.fixture
def database(mariadb_database):
    return mariadb_database


def _ids(app, *admins) -> list[str]:
    with app.app_context():
        return [db.session.scalar(db.select(StaffUser.id).where(StaffUser.username == a.username)) for a in admins]


def _active_admins(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(StaffUser.id)).where(
            StaffUser.role == "admin", StaffUser.active.is_(True)))


@pytest.fixture
def slow_count(monkeypatch):
    """Each change holds its transaction open a while after counting the admins left, so the two requests surely
    overlap there (without the lock, each would count the other as the admin left, and both would commit)."""
    import time

    from backend.accounts import staff_accounts

    count = staff_accounts._active_admins

    def slowly() -> int:
        left = count()
        time.sleep(0.3)
        return left

    monkeypatch.setattr(staff_accounts, "_active_admins", slowly)


@pytest.mark.parametrize("who", ["each_other", "themselves"])
def test_two_admins_demoting_at_once_leave_one(app, staff, slow_count, who):
    first, second = staff("admin"), staff("admin")
    first_id, second_id = _ids(app, first, second)
    targets = {"each_other": (second_id, first_id), "themselves": (first_id, second_id)}[who]

    def demote(admin: Api, target: str):
        answer = Api(app.test_client(), admin.token).post(f"/api/v1/staff/accounts/{target}/role",
                                                          json={"role": "reviewer", "reason": "同时降级"})
        return answer.status_code, answer.get_json().get("error", {}).get("code")

    results = in_parallel([lambda: demote(first, targets[0]), lambda: demote(second, targets[1])])

    assert sorted(code for code, _ in results)[0] == 200
    refused = [result for result in results if result[0] != 200]
    assert len(refused) == 1 and refused[0] in ((403, "role_required"), (409, "last_admin"), (401, "invalid_token"))
    assert _active_admins(app) == 1
