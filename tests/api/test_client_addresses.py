"""Client addresses behind nginx (TRUSTED_PROXY_HOPS, ProxyFix), written as the attacks and the rush.

The test client plays both the proxy and the clients: REMOTE_ADDR is the proxy's address, X-Forwarded-For what
nginx sends on (`$proxy_add_x_forwarded_for`: whatever the client wrote, then the address nginx saw)."""
import pytest

from backend.accounts.staff_accounts import create_staff
from backend.audit.models import StatusChange
from backend.core.database.extensions import db

PROXY = "10.0.0.2"
LIMITS_ON = {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"}


def through_proxy(client, path, body, client_address, *, written_by_client=None, proxy=PROXY):
    forwarded = ", ".join(a for a in (written_by_client, client_address) if a)
    return client.post(path, json=body, headers={"X-Forwarded-For": forwarded}, environ_base={"REMOTE_ADDR": proxy})


def direct(client, path, body, peer, headers=None):
    return client.post(path, json=body, headers=headers or {}, environ_base={"REMOTE_ADDR": peer})


def rush(client, count: int) -> list[int]:
    """`count` residents, each from an address of its own behind one proxy hop; each first sends yesterday's stale
    code (refused, counted against its address), then logs in with a fresh one."""
    statuses = []
    for i in range(count):
        address = f"203.0.113.{i + 1}"
        stale = through_proxy(client, "/api/v1/auth/wx-login", {"code": f"stale-{i}"}, address)
        assert stale.status_code in (401, 429)
        fresh = through_proxy(client, "/api/v1/auth/wx-login", {"code": f"sandbox:rush-{i}"}, address)
        statuses.append(fresh.status_code)
    return statuses


@pytest.mark.parametrize("config_overrides", [{**LIMITS_ON, "TRUSTED_PROXY_HOPS": 1}])
def test_the_proxy_rush_of_60_logins_from_60_addresses_through_one_hop_all_succeed(client):
    assert rush(client, 60) == [200] * 60


@pytest.mark.parametrize("config_overrides", [{**LIMITS_ON, "TRUSTED_PROXY_HOPS": 0}])
def test_without_the_hop_configured_the_same_rush_is_one_address_and_gets_throttled(client):
    """The rush above, with the proxy not declared: every refusal counts against the proxy's address, so the
    budget (30 a minute) is the whole city's. This is why TRUSTED_PROXY_HOPS exists."""
    statuses = rush(client, 60)
    assert statuses[:29] == [200] * 29  # the 30th stale code uses the budget up
    assert set(statuses[29:]) == {429}


@pytest.mark.parametrize("config_overrides", [{**LIMITS_ON, "TRUSTED_PROXY_HOPS": 0}])
def test_a_forged_x_forwarded_for_changes_nothing_without_trusted_proxies(client):
    """An attacker rotates the X-Forwarded-For header to look like a new client on every try."""
    statuses = [direct(client, "/api/v1/auth/wx-login", {"code": f"guess-{i}"}, "198.51.100.66",
                       headers={"X-Forwarded-For": f"192.0.2.{i}"}).status_code for i in range(40)]
    assert statuses[:30] == [401] * 30
    assert set(statuses[30:]) == {429}
    other = direct(client, "/api/v1/auth/wx-login", {"code": "sandbox:neighbour"}, "198.51.100.67")
    assert other.status_code == 200


@pytest.mark.parametrize("config_overrides", [{**LIMITS_ON, "TRUSTED_PROXY_HOPS": 1}])
def test_behind_one_hop_a_client_written_x_forwarded_for_entry_cannot_pick_its_address(client):
    """The attacker writes its own X-Forwarded-For; nginx appends the address it saw. Only that last entry is
    read, so rotating the first one does not make a new client."""
    statuses = [through_proxy(client, "/api/v1/auth/wx-login", {"code": f"guess-{i}"}, "198.51.100.66",
                              written_by_client=f"192.0.2.{i}").status_code for i in range(40)]
    assert statuses[:30] == [401] * 30
    assert set(statuses[30:]) == {429}
    # Claiming somebody else's address does not throttle them either.
    victim = through_proxy(client, "/api/v1/auth/wx-login", {"code": "sandbox:victim"}, "203.0.113.200",
                           written_by_client="198.51.100.66")
    assert victim.status_code == 200


@pytest.mark.parametrize("config_overrides", [{**LIMITS_ON, "TRUSTED_PROXY_HOPS": 2}])
def test_with_two_hops_the_address_the_outer_proxy_saw_is_the_client(client):
    """A load balancer in front of nginx: each appends; the client is the second entry from the right."""
    forwarded = lambda i: f"192.0.2.{i}, 198.51.100.66, 10.0.0.9"  # noqa: E731 - forged, client, balancer
    statuses = [client.post("/api/v1/auth/wx-login", json={"code": f"guess-{i}"},
                            headers={"X-Forwarded-For": forwarded(i)},
                            environ_base={"REMOTE_ADDR": PROXY}).status_code for i in range(32)]
    assert statuses[30:] == [429, 429]


@pytest.mark.parametrize("config_overrides", [{**LIMITS_ON, "TRUSTED_PROXY_HOPS": 1}])
def test_the_outsider_behind_the_proxy_locks_only_their_own_address(app, client):
    """Staff sign in through the same nginx: the lock falls on the outsider's address, the audit names it, and a
    reviewer coming through the same proxy from their own address signs in."""
    with app.app_context():
        create_staff("li-reviewer", "reviewer", "right-password")
    login = "/api/v1/staff/auth/login"
    for i in range(5):
        wrong = through_proxy(client, login, {"username": "li-reviewer", "password": f"guess-{i}"}, "198.51.100.7",
                              written_by_client=f"192.0.2.{i}")
        assert wrong.status_code == 401
    locked = through_proxy(client, login, {"username": "li-reviewer", "password": "right-password"},
                           "198.51.100.7", written_by_client="203.0.113.20")
    assert locked.status_code == 429 and locked.get_json()["error"]["code"] == "account_locked"
    own_desk = through_proxy(client, login, {"username": "li-reviewer", "password": "right-password"},
                             "203.0.113.20")
    assert own_desk.status_code == 200
    with app.app_context():
        lock = db.session.scalar(db.select(StatusChange).where(StatusChange.action == "login_locked"))
        assert lock.data["address"] == "198.51.100.7"


@pytest.mark.parametrize("config_overrides", [{**LIMITS_ON, "TRUSTED_PROXY_HOPS": 0}])
def test_a_forged_x_forwarded_for_does_not_escape_a_staff_lock(app, client):
    with app.app_context():
        create_staff("wang-reviewer", "reviewer", "right-password")
    login = "/api/v1/staff/auth/login"
    codes = [direct(client, login, {"username": "wang-reviewer", "password": f"guess-{i}"}, "198.51.100.8",
                    headers={"X-Forwarded-For": f"192.0.2.{i}"}).status_code for i in range(7)]
    assert codes == [401] * 5 + [429, 429]


@pytest.mark.parametrize("config_overrides", [{**LIMITS_ON, "TRUSTED_PROXY_HOPS": 1}])
def test_ipv6_clients_are_counted_by_their_64(client):
    """One subscriber holds a whole /64: stepping through it is not a new client."""
    statuses = [through_proxy(client, "/api/v1/auth/wx-login", {"code": f"guess-{i}"},
                              f"2001:db8:5:6::{i + 1:x}").status_code for i in range(32)]
    assert statuses[30:] == [429, 429]
    elsewhere = through_proxy(client, "/api/v1/auth/wx-login", {"code": "sandbox:v6"}, "2001:db8:5:7::1")
    assert elsewhere.status_code == 200
