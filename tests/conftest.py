"""Fixtures in layers: database → app → client → helpers (`resident("alice")`, `staff("reviewer")`).

API tests run on SQLite and on MariaDB (`database` is parametrised); the WeChat sandbox is served over real HTTP
for the whole session, and the real wechatpy clients talk to it.
"""
from __future__ import annotations

import itertools
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

# Before any app is built: test apps (and the servers and workers tests start) use test secrets and the sandbox,
# which production refuses. Forced, so that a shell with DOGPASS_ENV=production still runs the tests.
os.environ["DOGPASS_ENV"] = "development"

from backend.core.database.extensions import db
from tests.support import databases, factories, services
from tests.support.sandbox import serve_sandbox
from wechat.sandbox.store import SandboxStore

BASE_CONFIG = {
    "SECRET_KEY": "test-secret",
    "WECHAT_SANDBOX": True,
    "WECHAT_MINI_APPID": "wx-sandbox-mini",
    "WECHAT_MINI_SECRET": "sandbox-mini-secret",
    "WECHAT_MP_APPID": "wx-sandbox-mp",
    "WECHAT_MP_SECRET": "sandbox-mp-secret",
    "WECHAT_MP_TOKEN": "sandbox-token",
    "CELERY_BROKER_URL": "",
    "RATELIMIT_ENABLED": False,
    "VALIDATE_RESPONSES": True,
    "PUBLIC_BASE_URL": "https://dogpass.example.cn",
}


@dataclass
class Sandbox:
    api_url: str
    store: SandboxStore


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory) -> Sandbox:
    path = tmp_path_factory.mktemp("sandbox") / "wechat.sqlite3"
    served = serve_sandbox({**BASE_CONFIG, "WECHAT_SANDBOX_DB": str(path)})
    yield Sandbox(api_url=f"{served.url}/_sandbox/wechat/", store=SandboxStore(path))
    served.stop()


def _load_reference(url: str) -> None:
    from backend import create_app
    from backend.reference.catalogue import load_reference_data

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        load_reference_data()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def fresh_sandbox(request):
    """Followers, faults and sent messages of one test never leak into the next."""
    if "sandbox" in request.fixturenames:
        request.getfixturevalue("sandbox").store.reset()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    url = f"sqlite:///{path}"
    databases.alembic_upgrade(url)
    _load_reference(url)
    return path


@pytest.fixture(scope="session")
def mariadb_url() -> str:
    services.require("mariadb")
    url = services.MARIADB_URL
    databases.drop_everything(url)
    databases.alembic_upgrade(url)
    _load_reference(url)
    return url


@pytest.fixture(params=["sqlite", "mariadb"])
def database(request, tmp_path) -> str:
    """A migrated database with reference data and nothing else, on each backend."""
    if request.param == "sqlite":
        yield databases.copy_sqlite(request.getfixturevalue("sqlite_template"), tmp_path / "db.sqlite3")
        return
    url = request.getfixturevalue("mariadb_url")
    databases.clear_rows(url)
    yield url
    databases.clear_rows(url)


@pytest.fixture
def config_overrides() -> dict:
    """Override in a test module or with `@pytest.mark.parametrize` to change settings for one test."""
    return {}


@pytest.fixture
def app(database, sandbox, tmp_path, config_overrides):
    from wsgi import assemble

    application = assemble({
        **BASE_CONFIG,
        "SQLALCHEMY_DATABASE_URI": database,
        "WECHAT_API_BASE_URL": sandbox.api_url,
        "WECHAT_SANDBOX_DB": str(sandbox.store.path),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        **config_overrides,
    })
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


class Api:
    """A test client that sends one person's bearer token with every request."""

    def __init__(self, client, token: str | None = None, **facts) -> None:
        self.client = client
        self.token = token
        self.__dict__.update(facts)

    def _headers(self, headers: dict | None) -> dict:
        merged = dict(headers or {})
        if self.token:
            merged.setdefault("Authorization", f"Bearer {self.token}")
        return merged

    def get(self, path, headers=None, **kw):
        return self.client.get(path, headers=self._headers(headers), **kw)

    def post(self, path, json=None, headers=None, **kw):
        return self.client.post(path, json=json, headers=self._headers(headers), **kw)

    def put(self, path, json=None, headers=None, **kw):
        return self.client.put(path, json=json, headers=self._headers(headers), **kw)

    def patch(self, path, json=None, headers=None, **kw):
        return self.client.patch(path, json=json, headers=self._headers(headers), **kw)

    def delete(self, path, headers=None, **kw):
        return self.client.delete(path, headers=self._headers(headers), **kw)

    def upload_photo(self, data: bytes | None = None) -> str:
        import io

        response = self.client.post("/api/v1/uploads", headers=self._headers(None),
                                    data={"file": (io.BytesIO(data or factories.png_bytes()), "dog.png")},
                                    content_type="multipart/form-data")
        assert response.status_code == 201, response.get_json()
        return response.get_json()["upload_id"]


@pytest.fixture
def resident(client):
    """`resident("alice")`: logged in through wx-login and the sandbox (same name, same person)."""
    cache: dict[str, Api] = {}

    def login(name: str) -> Api:
        if name not in cache:
            response = client.post("/api/v1/auth/wx-login", json={"code": f"sandbox:{name}"})
            assert response.status_code == 200, response.get_json()
            body = response.get_json()
            cache[name] = Api(client, body["token"], user_id=body["user"]["id"], name=name)
        return cache[name]

    return login


_staff_counter = itertools.count()


@pytest.fixture
def staff(app, client):
    """`staff("reviewer")`: a new staff account of that role, logged in through the API."""

    def login(role: str) -> Api:
        from backend.accounts.staff_accounts import create_staff

        username = f"{role}-{next(_staff_counter)}-{uuid.uuid4().hex[:6]}"
        with app.app_context():
            create_staff(username, role, "correct-horse")
        response = client.post("/api/v1/staff/auth/login", json={"username": username, "password": "correct-horse"})
        assert response.status_code == 200, response.get_json()
        return Api(client, response.get_json()["token"], username=username, role=role)

    return login


@pytest.fixture
def submitted(resident):
    """`submitted(who, **fields)`: an application submitted by `who` with a fresh photo; returns its id."""

    def submit(who: Api, **fields) -> str:
        body = factories.application([who.upload_photo()], **fields)
        response = who.post("/api/v1/licence-applications", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    return submit


@pytest.fixture
def licensed(submitted, staff):
    """`licensed(who, **fields)`: submitted and approved; returns the licence as the owner sees it."""
    reviewers: list[Api] = []

    def issue(who: Api, **fields) -> dict:
        if not reviewers:
            reviewers.append(staff("reviewer"))
        application_id = submitted(who, **fields)
        response = reviewers[0].post(f"/api/v1/staff/licence-applications/{application_id}/approve")
        assert response.status_code == 200, response.get_json()
        licence_id = response.get_json()["licence_id"]
        return who.get(f"/api/v1/licences/{licence_id}").get_json()

    return issue


@pytest.fixture
def follower(app, client, sandbox):
    """`follower("alice")`: the public-account follower sbx-mp-alice (the same person as resident "alice")."""
    from tests.support.wechat import Follower

    return lambda name: Follower(client, app, sandbox.store, name)


@pytest.fixture
def sent(sandbox):
    """What reached the WeChat sandbox in this test: `sent()` or `sent(api="template_send")`."""
    return lambda **filters: sandbox.store.sent(**filters)
