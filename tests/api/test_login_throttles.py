"""The login throttles, written as the attacks: a flood of invalid login codes, the outsider who types wrong
passwords to lock a reviewer out, a botnet guessing one account from many addresses, one address spraying
usernames. Each runs on the limiter's memory storage and on Redis (what production uses: every node counts
together)."""
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from backend.accounts.models.people import StaffUser
from backend.accounts.staff_accounts import create_staff
from backend.audit.models import StatusChange
from backend.core.database.extensions import db
from tests.support import services

LOGIN = "/api/v1/staff/auth/login"
WX_LOGIN = "/api/v1/auth/wx-login"


@pytest.fixture(params=["memory", "redis"])
def throttle_storage(request) -> str:
    if request.param == "memory":
        return "memory://"
    services.require("redis")
    redis.Redis.from_url(services.REDIS_URL).flushdb()
    return services.REDIS_URL


@pytest.fixture
def settings() -> dict:
    return {}


@pytest.fixture
def config_overrides(throttle_storage, settings) -> dict:
    return {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": throttle_storage, **settings}


def post(client, path, body, address):
    return client.post(path, json=body, environ_base={"REMOTE_ADDR": address})


def error(response) -> tuple[int, str]:
    return response.status_code, response.get_json()["error"]["code"]


def audit(app, action: str) -> list[StatusChange]:
    with app.app_context():
        rows = list(db.session.scalars(db.select(StatusChange).where(StatusChange.action == action)
                                       .order_by(StatusChange.at)))
        db.session.expunge_all()
        return rows


# Mini-program login -------------------------------------------------------------------------------------------

def test_many_genuine_logins_from_one_carrier_address_are_never_throttled(client):
    statuses = {post(client, WX_LOGIN, {"code": f"sandbox:nat-{i}"}, "100.64.0.1").status_code for i in range(120)}
    assert statuses == {200}


def test_repeated_invalid_codes_from_one_address_are_throttled_before_wechat_is_asked(client, sandbox):
    refusals = [post(client, WX_LOGIN, {"code": f"forged-{i}"}, "198.51.100.9") for i in range(30)]
    assert {error(r) for r in refusals} == {(401, "invalid_login_code")}
    sandbox.store.add_fault("jscode2session", 40029, times=1)  # consumed only if WeChat is asked
    throttled = post(client, WX_LOGIN, {"code": "forged-31"}, "198.51.100.9")
    assert error(throttled) == (429, "too_many_failed_logins")
    assert 0 < int(throttled.headers["Retry-After"]) <= 60
    assert sandbox.store.take_fault("jscode2session") is not None, "WeChat was asked despite the throttle"
    # Somebody else, elsewhere, is not touched.
    assert post(client, WX_LOGIN, {"code": "sandbox:elsewhere"}, "198.51.100.10").status_code == 200


def test_codes_wechat_says_were_used_or_too_frequent_count_as_failures(client, sandbox):
    sandbox.store.add_fault("jscode2session", 40163, times=20)  # code been used
    sandbox.store.add_fault("jscode2session", 45011, times=10)  # frequency limit
    replays = [post(client, WX_LOGIN, {"code": "sandbox:replayed"}, "198.51.100.11") for _ in range(30)]
    assert {error(r) for r in replays} == {(401, "invalid_login_code")}
    assert error(post(client, WX_LOGIN, {"code": "sandbox:replayed"}, "198.51.100.11")) == (
        429, "too_many_failed_logins")


def test_a_wechat_outage_is_not_counted_against_the_address(client, sandbox):
    sandbox.store.add_fault("jscode2session", -1, times=35)  # system busy
    outages = [post(client, WX_LOGIN, {"code": "sandbox:unlucky"}, "198.51.100.12") for _ in range(35)]
    assert {r.status_code for r in outages} == {502}
    assert post(client, WX_LOGIN, {"code": "sandbox:unlucky"}, "198.51.100.12").status_code == 200


@pytest.mark.parametrize("throttle_storage", ["redis"], indirect=True)  # memory is one process's own
def test_failed_logins_count_on_every_node(app, client, database, sandbox, config_overrides):
    """Two app nodes sharing Redis: failures on one node use up the address's budget on the other."""
    from tests.conftest import BASE_CONFIG
    from wsgi import assemble

    other = assemble({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database, "WECHAT_API_BASE_URL": sandbox.api_url,
                      "WECHAT_SANDBOX_DB": str(sandbox.store.path), **config_overrides})
    for i in range(30):
        assert post(client, WX_LOGIN, {"code": f"forged-{i}"}, "198.51.100.13").status_code == 401
    on_the_other_node = post(other.test_client(), WX_LOGIN, {"code": "forged-x"}, "198.51.100.13")
    assert error(on_the_other_node) == (429, "too_many_failed_logins")
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("throttle_storage", ["redis://127.0.0.1:1/0"])
def test_wx_login_still_works_when_the_throttle_storage_is_down(client):
    assert post(client, WX_LOGIN, {"code": "sandbox:during-outage"}, "198.51.100.14").status_code == 200
    assert post(client, WX_LOGIN, {"code": "bad"}, "198.51.100.14").status_code == 401


# Staff login --------------------------------------------------------------------------------------------------

@pytest.fixture
def reviewer(app):
    with app.app_context():
        staff = create_staff("zhao-reviewer", "reviewer", "right-password")
        return staff.id


def wrong(client, address, username="zhao-reviewer", guess="guess"):
    return post(client, LOGIN, {"username": username, "password": guess}, address)


def right(client, address):
    return post(client, LOGIN, {"username": "zhao-reviewer", "password": "right-password"}, address)


def test_the_outsider_locking_a_reviewer_locks_only_the_outsiders_address(app, client, reviewer):
    outsider, desk = "198.51.100.21", "203.0.113.21"
    assert {wrong(client, outsider, guess=f"g{i}").status_code for i in range(5)} == {401}
    locked = right(client, outsider)  # even the right password is not tested from there now
    assert error(locked) == (429, "account_locked")
    assert 14 * 60 < locked.get_json()["error"]["details"]["retry_after_seconds"] <= 15 * 60
    assert right(client, desk).status_code == 200  # the reviewer signs in from their own address
    [lock] = audit(app, "login_locked")
    assert (lock.entity_type, lock.entity_id, lock.actor_type) == ("staff_user", reviewer, "system")
    assert lock.data["address"] == outsider and lock.data["until"]


def test_every_lock_is_in_the_audit_log(app, client, reviewer):
    for address in ("198.51.100.31", "198.51.100.32"):
        for i in range(5):
            wrong(client, address, guess=f"g{i}")
    assert [row.data["address"] for row in audit(app, "login_locked")] == ["198.51.100.31", "198.51.100.32"]


@pytest.mark.parametrize("settings", [{"STAFF_LOGIN_SLOWDOWN_MAX_SECONDS": 2}])
def test_per_account_slow_down_still_bounds_distributed_guessing(app, client, reviewer):
    """A botnet: every address stays below the lock (4 tries each), 120 tries in all. Past 10 failures the account
    gives addresses it does not know one try per delay, so only a handful of passwords are ever tested."""
    assert right(client, "203.0.113.41").status_code == 200  # the reviewer's own desk, known from now on
    outcomes = [wrong(client, f"192.0.2.{i // 4}", guess=f"g{i}") for i in range(120)]
    tested = [r for r in outcomes if r.status_code == 401]
    slowed = [r for r in outcomes if r.status_code == 429]
    assert 10 <= len(tested) <= 13, len(tested)
    assert {error(r) for r in slowed} == {(429, "login_slowed")}
    assert all(1 <= r.get_json()["error"]["details"]["retry_after_seconds"] <= 2 for r in slowed)
    assert len(audit(app, "login_slowed")) == 1
    # Not locked out: the reviewer's own desk signs in at once, even while the guessing goes on ...
    assert right(client, "203.0.113.41").status_code == 200
    # ... which ends the slow-down for everybody.
    assert wrong(client, "192.0.2.200").status_code == 401


@pytest.mark.parametrize("settings", [{"STAFF_LOGIN_SLOWDOWN_MAX_SECONDS": 1}])
def test_the_slowed_reviewer_on_a_new_address_gets_in_after_the_delay(client, reviewer):
    import time

    for i in range(12):
        wrong(client, f"192.0.2.{i}", guess=f"g{i}")
    first = right(client, "203.0.113.42")
    if first.status_code == 429:
        assert error(first) == (429, "login_slowed")
        time.sleep(first.get_json()["error"]["details"]["retry_after_seconds"])
        first = right(client, "203.0.113.42")
    assert first.status_code == 200


def test_simultaneous_guesses_from_one_address_test_at_most_five_passwords(app, reviewer):
    def attempt(i):
        return wrong(app.test_client(), "198.51.100.51", guess=f"g{i}").status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(attempt, range(20)))
    assert statuses.count(401) <= 5
    assert statuses.count(429) >= 15


def test_unknown_usernames_are_answered_exactly_like_known_ones(app, client, reviewer):
    """Locks and slow-downs must not tell which usernames exist."""
    for username in ("zhao-reviewer", "nobody-here"):
        answers = [error(wrong(client, "198.51.100.61", username=username, guess=f"g{i}")) for i in range(6)]
        assert answers == [(401, "invalid_credentials")] * 5 + [(429, "account_locked")]
    assert len(audit(app, "login_locked")) == 1  # nobody's account was locked by the unknown name


def test_a_case_variant_of_the_username_is_not_a_fresh_budget(app, client, reviewer, database):
    if database.startswith("sqlite"):
        pytest.skip("SQLite compares usernames case-sensitively: the variant is an unknown username there")
    for i in range(5):
        wrong(client, "198.51.100.62", guess=f"g{i}")
    assert error(wrong(client, "198.51.100.62", username="ZHAO-Reviewer")) == (429, "account_locked")


@pytest.mark.parametrize("settings", [{"STAFF_LOGIN_ADDRESS_FAILURE_LIMIT": "6/hour"}])
def test_one_address_spraying_usernames_runs_out_of_its_own_budget(client, reviewer):
    answers = [error(wrong(client, "198.51.100.71", username=f"user-{i}")) for i in range(7)]
    assert answers == [(401, "invalid_credentials")] * 6 + [(429, "too_many_failed_logins")]
    assert right(client, "203.0.113.71").status_code == 200


def test_an_admin_unlocks_and_so_does_a_new_password(app, client, reviewer, staff):
    for i in range(5):
        wrong(client, "198.51.100.81", guess=f"g{i}")
    assert error(right(client, "198.51.100.81")) == (429, "account_locked")
    why = {"reason": "本人来电，确认是自己输错"}
    assert staff("reviewer").post(f"/api/v1/staff/accounts/{reviewer}/unlock", json=why).status_code == 403
    admin = staff("admin")
    assert admin.post("/api/v1/staff/accounts/nobody/unlock", json=why).status_code == 404
    unexplained = admin.post(f"/api/v1/staff/accounts/{reviewer}/unlock")  # every change says why (issue 16)
    assert unexplained.status_code == 422 and set(unexplained.get_json()["error"]["details"]) == {"reason"}
    assert error(right(client, "198.51.100.81")) == (429, "account_locked")  # still locked
    assert admin.post(f"/api/v1/staff/accounts/{reviewer}/unlock", json=why).status_code == 200
    assert right(client, "198.51.100.81").status_code == 200
    [unlock] = audit(app, "login_unlocked")
    assert unlock.actor_type == "staff" and unlock.entity_id == reviewer and unlock.reason == why["reason"]

    for i in range(5):
        wrong(client, "198.51.100.81", guess=f"g{i}")
    assert error(right(client, "198.51.100.81")) == (429, "account_locked")
    result = app.test_cli_runner().invoke(args=["staff", "set-password", "zhao-reviewer", "--password",
                                                "new-password-1"])
    assert result.exit_code == 0, result.output
    fresh = post(client, LOGIN, {"username": "zhao-reviewer", "password": "new-password-1"}, "198.51.100.81")
    assert fresh.status_code == 200
    with app.app_context():
        assert db.session.get(StaffUser, reviewer).login_lock_epoch == 2


@pytest.mark.parametrize("throttle_storage", ["redis://127.0.0.1:1/0"])
def test_staff_login_fails_closed_when_the_throttle_storage_is_down(client, reviewer):
    """Without its counters nothing would stop password guessing, so nobody signs in until they are back."""
    assert error(right(client, "203.0.113.91")) == (503, "login_unavailable")
