"""Production never runs on the sandbox or a development secret (issue 14).

Each refusal is the attack's precondition: a server that would start on the published `sandbox-token` lets anyone
sign callbacks; one with `WECHAT_SANDBOX` lets `sandbox:NAME` log in as anyone and `/_sandbox/pay/complete` pay any
order; `flask demo seed` would make `admin/admin-demo` an admin. A complete production configuration (generated keys
in real files) starts, and every case below differs from it in one setting, so each test fails if that setting stops
being checked, and the message must name it.
"""
from __future__ import annotations

import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from backend.core.config import DEV_SECRET, PROJECT_ROOT
from backend.production import ProductionConfigError
from tests.support.payments import DEMO_FEES
from wsgi import assemble

SECRET = secrets.token_urlsafe(48)


def _write_key(path: Path, pkcs1: bool = False, public: bool = False) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if public:
        data = key.public_key().public_bytes(serialization.Encoding.PEM,
                                             serialization.PublicFormat.SubjectPublicKeyInfo)
    else:
        data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL if pkcs1
                                 else serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path.write_bytes(data)
    return str(path)


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("production-keys")
    (home / "wechatpay-certs").mkdir()
    return {"WECHATPAY_PRIVATE_KEY_FILE": _write_key(home / "apiclient_key.pem"),
            "WECHATPAY_PUBLIC_KEY_FILE": _write_key(home / "pub_key.pem", public=True),
            "ALIPAY_APP_PRIVATE_KEY_FILE": _write_key(home / "app_private_key.pem", pkcs1=True),
            "ALIPAY_PUBLIC_KEY_FILE": _write_key(home / "alipay_public_key.pem", public=True),
            "cert_dir": str(home / "wechatpay-certs"), "home": str(home)}


@pytest.fixture
def production(keys, tmp_path) -> dict:
    """Every setting production requires, with real values; everything the environment might add is overridden
    (`make test` exports WECHAT_SANDBOX=1)."""
    return {
        "DOGPASS_ENV": "production", "WECHAT_SANDBOX": False,
        "SECRET_KEY": SECRET, "ID_HASH_KEY": secrets.token_urlsafe(48),
        "ID_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.sqlite3'}", "UPLOAD_DIR": str(tmp_path / "up"),
        "CELERY_BROKER_URL": "", "REDIS_URL": "", "RATELIMIT_STORAGE_URI": "memory://",
        "PUBLIC_BASE_URL": "https://dogpass.example.gov.cn",
        "WECHAT_MP_APPID": "wx8a1f2c3d4e5f6a7b", "WECHAT_MP_SECRET": secrets.token_hex(16),
        "WECHAT_MP_TOKEN": secrets.token_hex(16), "WECHAT_MP_AES_KEY": "",
        "WECHAT_MINI_APPID": "wx1b2c3d4e5f6a7b8c", "WECHAT_MINI_SECRET": secrets.token_hex(16),
        "WECHAT_API_BASE_URL": "", "WECHATPAY_API_BASE_URL": "", "ALIPAY_GATEWAY_URL": "",
        "FEE_SCHEDULE_FILE": DEMO_FEES, "PAYMENT_CHANNELS": ["wechat", "alipay"],
        "WECHATPAY_MCHID": "1230000109", "WECHATPAY_PRIVATE_KEY_FILE": keys["WECHATPAY_PRIVATE_KEY_FILE"],
        "WECHATPAY_CERT_SERIAL_NO": "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
        "WECHATPAY_APIV3_KEY": secrets.token_hex(16),
        "WECHATPAY_PUBLIC_KEY_FILE": keys["WECHATPAY_PUBLIC_KEY_FILE"],
        "WECHATPAY_PUBLIC_KEY_ID": "PUB_KEY_ID_0112345678902025010100000000000",
        "WECHATPAY_PLATFORM_CERT_DIR": "", "WECHATPAY_NOTIFY_URL": "", "ALIPAY_NOTIFY_URL": "",
        "ALIPAY_APPID": "2021004112345678", "ALIPAY_SELLER_ID": "2088123456789012",
        "ALIPAY_APP_PRIVATE_KEY_FILE": keys["ALIPAY_APP_PRIVATE_KEY_FILE"],
        "ALIPAY_PUBLIC_KEY_FILE": keys["ALIPAY_PUBLIC_KEY_FILE"],
    }


def refusal(config: dict) -> ProductionConfigError:
    with pytest.raises(ProductionConfigError) as refused:
        assemble(config)
    return refused.value


def test_a_complete_production_configuration_starts_without_any_sandbox_route(production):
    app = assemble(production)

    assert app.config["DOGPASS_ENV"] == "production"
    assert not [rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/_sandbox")]
    client = app.test_client()
    assert client.post("/_sandbox/pay/complete", json={"order_id": "x", "channel": "wechat"}).status_code == 404
    assert client.get("/_sandbox/wechat/sent").status_code == 404


ONE_SETTING_WRONG = [
    # the secrets that sign tokens and protect ID numbers
    ("SECRET_KEY", ""), ("SECRET_KEY", DEV_SECRET), ("SECRET_KEY", "too-short-to-resist-guessing"),
    ("ID_HASH_KEY", ""), ("ID_HASH_KEY", SECRET), ("ID_ENCRYPTION_KEY", ""), ("ID_ENCRYPTION_KEY", "not-a-fernet-key"),
    # the public account and the mini-program: the sandbox's published values, or nothing
    ("WECHAT_MP_TOKEN", "sandbox-token"), ("WECHAT_MP_TOKEN", ""), ("WECHAT_MP_TOKEN", "abc123"),
    ("WECHAT_MP_APPID", "wx-sandbox-mp"), ("WECHAT_MP_SECRET", "sandbox-mp-secret"), ("WECHAT_MP_SECRET", ""),
    ("WECHAT_MP_SECRET", "sandbox-mini-secret"),  # another setting's default is just as public
    ("WECHAT_MINI_APPID", "wx-sandbox-mini"), ("WECHAT_MINI_SECRET", "sandbox-mini-secret"),
    ("WECHAT_MP_AES_KEY", "too-short"),
    ("WECHAT_API_BASE_URL", "http://127.0.0.1:5001/_sandbox/wechat/"),
    # what tag QR codes print
    ("PUBLIC_BASE_URL", "http://localhost:5000"), ("PUBLIC_BASE_URL", "https://127.0.0.1"),
    ("PUBLIC_BASE_URL", "http://dogpass.example.gov.cn"), ("PUBLIC_BASE_URL", ""),
    # payments, with a fee schedule and both channels
    ("FEE_SCHEDULE_FILE", "/nonexistent/fees.json"), ("PAYMENT_CHANNELS", []),
    ("PAYMENT_CHANNELS", ["wechat", "alipay", "paypal"]),
    ("WECHATPAY_MCHID", "1900000109"), ("WECHATPAY_PRIVATE_KEY_FILE", ""),
    ("WECHATPAY_PRIVATE_KEY_FILE", "/nonexistent/apiclient_key.pem"), ("WECHATPAY_CERT_SERIAL_NO", ""),
    ("WECHATPAY_APIV3_KEY", ""), ("WECHATPAY_APIV3_KEY", "sixteen-chars-no"), ("WECHATPAY_PUBLIC_KEY_FILE", ""),
    ("WECHATPAY_PUBLIC_KEY_ID", ""), ("WECHATPAY_NOTIFY_URL", "http://127.0.0.1:9/notify"),
    ("WECHATPAY_API_BASE_URL", "http://127.0.0.1:5001/_sandbox/wechatpay"),
    ("ALIPAY_APPID", "2021000000000001"), ("ALIPAY_SELLER_ID", "2088000000000001"), ("ALIPAY_SELLER_ID", ""),
    ("ALIPAY_APP_PRIVATE_KEY_FILE", ""),
    ("ALIPAY_PUBLIC_KEY_FILE", "/nonexistent/alipay_public_key.pem"),
    ("ALIPAY_NOTIFY_URL", "http://localhost/alipay"),
    ("ALIPAY_GATEWAY_URL", "http://127.0.0.1:5001/_sandbox/alipay/gateway.do"),
    # the sandbox itself, and the switch that also turns off the staff login lock
    ("WECHAT_SANDBOX", True), ("RATELIMIT_ENABLED", False),
]


@pytest.mark.parametrize(("setting", "value"), ONE_SETTING_WRONG, ids=lambda v: str(v)[:24])
def test_production_refuses_to_start_naming_the_setting(production, setting, value):
    refused = refusal({**production, setting: value})

    assert len(refused.problems) == 1, refused.problems
    assert refused.problems[0].startswith(setting), refused.problems
    assert setting in str(refused) and "Running in production" in str(refused)


def test_every_problem_is_named_at_once(production):
    refused = refusal({**production, "SECRET_KEY": DEV_SECRET, "WECHAT_MP_TOKEN": "sandbox-token",
                       "WECHAT_SANDBOX": True, "ALIPAY_APPID": "2021000000000001"})

    assert {p.split()[0] for p in refused.problems} == {"SECRET_KEY", "WECHAT_MP_TOKEN", "WECHAT_SANDBOX",
                                                        "ALIPAY_APPID"}


def test_an_unknown_environment_name_is_refused_rather_than_taken_for_development(production):
    with pytest.raises(RuntimeError, match="DOGPASS_ENV='prod'"):
        assemble({**production, "DOGPASS_ENV": "prod", "WECHAT_SANDBOX": True, "SECRET_KEY": DEV_SECRET})


def test_without_a_fee_schedule_nobody_pays_and_no_payment_key_is_needed(production):
    unset = {name: "" for name in production if name.startswith(("WECHATPAY_", "ALIPAY_"))}

    assert refusal({**production, **unset}).problems  # with the schedule, the missing keys are refused
    assemble({**production, **unset, "FEE_SCHEDULE_FILE": ""})


def test_only_the_enabled_channels_need_keys(production):
    no_alipay = {name: "" for name in production if name.startswith("ALIPAY_")}

    assert [p.split()[0] for p in refusal({**production, **no_alipay}).problems] == [
        "ALIPAY_APPID", "ALIPAY_SELLER_ID", "ALIPAY_APP_PRIVATE_KEY_FILE", "ALIPAY_PUBLIC_KEY_FILE"]
    assemble({**production, **no_alipay, "PAYMENT_CHANNELS": ["wechat"]})


def test_wechat_pay_in_platform_certificate_mode_needs_the_certificate_directory(production, keys):
    certificate_mode = {**production, "WECHATPAY_PUBLIC_KEY_FILE": "", "WECHATPAY_PUBLIC_KEY_ID": "",
                        "WECHATPAY_PLATFORM_CERT_DIR": keys["cert_dir"]}
    assemble(certificate_mode)

    refused = refusal({**certificate_mode, "WECHATPAY_PLATFORM_CERT_DIR": f"{keys['cert_dir']}/missing"})
    assert [p.split()[0] for p in refused.problems] == ["WECHATPAY_PLATFORM_CERT_DIR"]


# From the environment, as gunicorn and the flask command build the app ----------------------------------------

def as_environment(config: dict) -> dict:
    env = {name: ",".join(value) if isinstance(value, list) else str(value) for name, value in config.items()
           if name not in ("SQLALCHEMY_DATABASE_URI", "WECHAT_SANDBOX")}
    return {**env, "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"]}


def test_production_is_the_default_and_the_sandbox_no_longer_implies_development(production, monkeypatch):
    for name, value in as_environment(production).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DOGPASS_ENV")
    monkeypatch.setenv("WECHAT_SANDBOX", "1")

    refused = refusal({})  # no overrides: everything from the environment

    assert [p.split()[0] for p in refused.problems] == ["WECHAT_SANDBOX"]
    monkeypatch.setenv("WECHAT_SANDBOX", "0")
    assert assemble().config["DOGPASS_ENV"] == "production"


def flask(env: dict, *args: str) -> subprocess.CompletedProcess:
    """The real command line, in a process of its own with only the given environment (and PATH)."""
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=PROJECT_ROOT,
                          env={"PATH": os.environ["PATH"], **env}, capture_output=True, text=True, timeout=120)


def staff_usernames(database: str) -> list[str]:
    with sqlite3.connect(database) as conn:
        return [row[0] for row in conn.execute("SELECT username FROM staff_users ORDER BY username")]


@pytest.mark.slow
def test_demo_seed_is_refused_in_production_on_the_command_line(production, tmp_path):
    env = as_environment(production)
    database = production["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")

    sandbox = flask({**env, "WECHAT_SANDBOX": "1"}, "db", "upgrade")
    assert sandbox.returncode != 0 and "WECHAT_SANDBOX" in sandbox.stderr  # the server would not start either
    assert flask(env, "db", "upgrade").returncode == 0  # an operator's first command works in production

    seeded = flask(env, "demo", "seed")

    assert seeded.returncode != 0
    assert "DOGPASS_ENV=production" in seeded.stderr and "demo seed is refused" in seeded.stderr
    assert staff_usernames(database) == []  # no admin/admin-demo
    created = flask(env, "staff", "create", "ops-lead", "--role", "admin", "--password", secrets.token_urlsafe(16))
    assert created.returncode == 0, created.stderr  # real accounts are made the real way
    # The same database in development: seeding works, so the refusal above is production's, not an accident.
    assert flask({**env, "DOGPASS_ENV": "development"}, "demo", "seed", "--quiet").returncode == 0
    assert "admin" in staff_usernames(database)
