"""Bad input never reaches a 500: schemathesis generates requests from the served OpenAPI document (schema-valid
ones and ones the schema forbids, every operation, a resident's token and an admin's) and checks each answer:

- no 5xx; every status, content type and body as documented (`not_a_server_error`, `status_code_conformance`,
  `content_type_conformance`, `response_schema_conformance`, and the header and method checks);
- what the document forbids is refused (`negative_data_rejection`), and what it allows is accepted unless the
  answer names a field whose rule the document states under `x-rules` (`schema_valid_data_accepted`): the document
  is as strict as the validation;
- a request without credentials, or with made-up ones, is refused (`ignored_auth`, `missing_required_header`).

In-process (WSGI), on an app built like the `app` fixture, with the WeChat sandbox served over HTTP. Real records
are made first, and about half the ids the fuzzing phase generates become theirs (`fuzz.with_seeded_ids`). Bounded for
`make test` by FUZZ_EXAMPLES generated cases per operation and phase (coverage cases, which schemathesis derives
from every constraint, come on top); `make fuzz` runs deeper with random seeds, on SQLite and MariaDB.
"""
from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from backend.core.database.extensions import db
from tests.conftest import BASE_CONFIG
from tests.support import databases, fuzz
from tests.support.sandbox import ServedApp

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
DEEP = os.environ.get("FUZZ_DEEP") == "1"  # make fuzz: random seeds, every database
DATABASES = ["sqlite", "mariadb"] if DEEP else ["sqlite"]

# No schemathesis.toml is read, and nothing is written to the work tree (its crash cache is off).
DOCUMENT = fuzz.served_document()
schema = schemathesis.openapi.from_dict(DOCUMENT,
                                        config=schemathesis.Config.from_dict({"cache": {"enabled": False}}))
schema.auth(refresh_interval=None)(fuzz.Tokens)  # an identity per operation: nothing may be cached across them
schema.hook("map_path_parameters")(fuzz.with_seeded_ids)


@pytest.fixture(scope="module", params=DATABASES)
def fuzz_app(request, sandbox, tmp_path_factory):
    from wsgi import assemble

    scratch = tmp_path_factory.mktemp("fuzz")
    if request.param == "sqlite":
        url = databases.copy_sqlite(request.getfixturevalue("sqlite_template"), scratch / "db.sqlite3")
    else:
        url = request.getfixturevalue("mariadb_url")
        databases.clear_rows(url)
    app = assemble({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "WECHAT_API_BASE_URL": sandbox.api_url,
                    "WECHAT_SANDBOX_DB": str(sandbox.store.path), "UPLOAD_DIR": str(scratch / "uploads")})
    served = ServedApp(app)  # /_sandbox/wechat/simulate posts to the callback over HTTP, as WeChat does
    app.config["WECHAT_CALLBACK_URL"] = f"{served.url}/wechat/callback"
    yield app
    served.stop()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def tokens(fuzz_app):
    from backend.accounts.staff_accounts import create_staff

    client = fuzz_app.test_client()
    resident = client.post("/api/v1/auth/wx-login", json={"code": "sandbox:fuzz"})
    assert resident.status_code == 200, resident.get_json()
    with fuzz_app.app_context():
        create_staff("fuzz-admin", "admin", "correct-horse")
    staff = client.post("/api/v1/staff/auth/login", json={"username": "fuzz-admin", "password": "correct-horse"})
    assert staff.status_code == 200, staff.get_json()
    tokens = {"resident": resident.get_json()["token"], "staff": staff.get_json()["token"]}
    fuzz.seed_records(fuzz_app, tokens)
    yield tokens
    fuzz.SEEDED.clear()


@pytest.fixture(autouse=True)
def sandbox_left_as_found(request, sandbox):
    """Faults, expired tokens and followers the sandbox's own operations leave behind do not leak further."""
    yield
    sandbox.store.reset()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=not DEEP, database=None,
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case, fuzz_app, tokens):
    if (case.method.upper(), case.path) in fuzz.ENDS_THE_TOKENS:
        pytest.skip("ends the tokens the other operations are called with")
    if fuzz.claimed_by_a_fixed_path(case, DOCUMENT):
        return
    fuzz.authorise(case, tokens)
    case.operation.schema.app = fuzz_app  # every request, the checks' own replays included, goes to this app
    case.call_and_validate(app=fuzz_app, excluded_checks=[positive_data_acceptance],
                           additional_checks=[fuzz.schema_valid_data_accepted, fuzz.callback_never_fails])
