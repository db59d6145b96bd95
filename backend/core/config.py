"""Configuration from the environment (a `.env` file is read too).

Every setting has a safe default for a laptop (`make run`); production sets the secrets.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parents[2]
INSTANCE_DIR = PROJECT_ROOT / "instance"


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(value: str | None, default: int) -> int:
    return int(value) if value not in (None, "") else default


def _json(value: str | None, default):
    return json.loads(value) if value not in (None, "") else default


def normalise_database_url(url: str) -> str:
    """Production MySQL/MariaDB URLs always talk utf8mb4 (Chinese names, emoji in notes)."""
    if url.startswith("mysql://"):
        url = "mysql+pymysql://" + url[len("mysql://"):]
    if url.startswith("mysql+pymysql://") and "charset=" not in url:
        url += ("&" if "?" in url else "?") + "charset=utf8mb4"
    return url


DEV_SECRET = "dev-only-secret-change-me"  # noqa: S105 - refused in production (backend/production.py)
ENVIRONMENTS = ("development", "production")
# What a laptop runs on when a setting is unset. Every one of them is public (this file, the README), so production
# refuses each of them, wherever it appears (backend/production.py).
DEVELOPMENT_DEFAULTS = {
    "SECRET_KEY": DEV_SECRET,
    "WECHAT_MP_APPID": "wx-sandbox-mp",
    "WECHAT_MP_SECRET": "sandbox-mp-secret",
    "WECHAT_MP_TOKEN": "sandbox-token",
    "WECHAT_MINI_APPID": "wx-sandbox-mini",
    "WECHAT_MINI_SECRET": "sandbox-mini-secret",
    "WECHATPAY_MCHID": "1900000109",
    "ALIPAY_APPID": "2021000000000001",
    "ALIPAY_SELLER_ID": "2088000000000001",
}


def _dev(env, name: str) -> str:
    return env.get(name) or DEVELOPMENT_DEFAULTS[name]


def load_config(overrides: dict | None = None) -> dict:
    """Build the Flask config dict from the environment, then apply explicit overrides (tests)."""
    load_dotenv(PROJECT_ROOT / ".env", override=False)
    env = os.environ
    port = _int(env.get("PORT"), 5000)
    default_db = f"sqlite:///{INSTANCE_DIR / 'dogpass.sqlite3'}"
    sandbox = _bool(env.get("WECHAT_SANDBOX"), False)
    config = {
        # production (the default) refuses the sandbox and every development default (backend/production.py);
        # development, which the make targets and the tests set, allows both.
        "DOGPASS_ENV": (env.get("DOGPASS_ENV") or "production").strip().lower(),
        "SECRET_KEY": _dev(env, "SECRET_KEY"),
        # Separate keys so a leaked session secret does not also open the ID numbers.
        "ID_ENCRYPTION_KEY": env.get("ID_ENCRYPTION_KEY") or "",
        "ID_HASH_KEY": env.get("ID_HASH_KEY") or "",
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(env.get("DATABASE_URL") or default_db),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "pool_recycle": 3600},
        "CELERY_BROKER_URL": env.get("CELERY_BROKER_URL") or "",
        "CELERY_VISIBILITY_TIMEOUT": _int(env.get("CELERY_VISIBILITY_TIMEOUT"), 300),
        # Worker processes: two per CPU, because a process spends most of a task waiting on WeChat or the database.
        "CELERY_WORKER_CONCURRENCY": _int(env.get("CELERY_WORKER_CONCURRENCY"), 2 * (os.cpu_count() or 1)),
        "REDIS_URL": env.get("REDIS_URL") or "",
        "PORT": port,
        "PUBLIC_BASE_URL": (env.get("PUBLIC_BASE_URL") or f"http://localhost:{port}").rstrip("/"),
        "UPLOAD_DIR": env.get("UPLOAD_DIR") or str(INSTANCE_DIR / "uploads"),
        "MAX_UPLOAD_BYTES": _int(env.get("MAX_UPLOAD_BYTES"), 5 * 1024 * 1024),
        # An application (6 photos), its corrected resubmission, a found and a stray report (9 each), and room to
        # retry; 0 turns the quota off.
        "UPLOAD_DAILY_QUOTA": _int(env.get("UPLOAD_DAILY_QUOTA"), 40),
        "UPLOAD_ORPHAN_HOURS": _int(env.get("UPLOAD_ORPHAN_HOURS"), 24),
        "WECHAT_SANDBOX": sandbox,
        "WECHAT_API_BASE_URL": env.get("WECHAT_API_BASE_URL") or "",
        "WECHAT_SANDBOX_DB": env.get("WECHAT_SANDBOX_DB") or "",
        "WECHAT_CALLBACK_URL": env.get("WECHAT_CALLBACK_URL") or "",
        "WECHAT_CALLBACK_MAX_AGE_SECONDS": _int(env.get("WECHAT_CALLBACK_MAX_AGE_SECONDS"), 600),
        "WECHAT_FAQ_FILE": env.get("WECHAT_FAQ_FILE") or "",
        "WECHAT_MP_APPID": _dev(env, "WECHAT_MP_APPID"),
        "WECHAT_MP_SECRET": _dev(env, "WECHAT_MP_SECRET"),
        "WECHAT_MP_TOKEN": _dev(env, "WECHAT_MP_TOKEN"),
        "WECHAT_MP_AES_KEY": env.get("WECHAT_MP_AES_KEY") or "",
        "WECHAT_MINI_APPID": _dev(env, "WECHAT_MINI_APPID"),
        "WECHAT_MINI_SECRET": _dev(env, "WECHAT_MINI_SECRET"),
        "WECHAT_TIMEOUT_SECONDS": float(env.get("WECHAT_TIMEOUT_SECONDS") or 5),
        # Payment gateways (issue 6). With WECHAT_SANDBOX on and no key files, the sandbox's generated keys are used
        # (kept in PAYMENT_SANDBOX_KEY_DIR, else beside WECHAT_SANDBOX_DB, else instance/sandbox-pay-keys).
        "WECHATPAY_MCHID": _dev(env, "WECHATPAY_MCHID"),
        "WECHATPAY_APPID": env.get("WECHATPAY_APPID") or "",  # empty: WECHAT_MINI_APPID
        "WECHATPAY_PRIVATE_KEY_FILE": env.get("WECHATPAY_PRIVATE_KEY_FILE") or "",
        "WECHATPAY_CERT_SERIAL_NO": env.get("WECHATPAY_CERT_SERIAL_NO") or "",
        "WECHATPAY_APIV3_KEY": env.get("WECHATPAY_APIV3_KEY") or "",
        "WECHATPAY_PUBLIC_KEY_FILE": env.get("WECHATPAY_PUBLIC_KEY_FILE") or "",
        "WECHATPAY_PUBLIC_KEY_ID": env.get("WECHATPAY_PUBLIC_KEY_ID") or "",
        "WECHATPAY_PLATFORM_CERT_DIR": env.get("WECHATPAY_PLATFORM_CERT_DIR") or "",
        "WECHATPAY_NOTIFY_URL": env.get("WECHATPAY_NOTIFY_URL") or "",  # empty: PUBLIC_BASE_URL + API.md's path
        "WECHATPAY_API_BASE_URL": env.get("WECHATPAY_API_BASE_URL") or "",  # empty: real, or the app's sandbox
        "WECHATPAY_NOTIFY_MAX_AGE_SECONDS": _int(env.get("WECHATPAY_NOTIFY_MAX_AGE_SECONDS"), 300),
        # A notify naming a serial the SDK does not hold makes it download the certificates: once per this, per process.
        "WECHATPAY_CERT_REFRESH_SECONDS": _int(env.get("WECHATPAY_CERT_REFRESH_SECONDS"), 60),
        "ALIPAY_APPID": _dev(env, "ALIPAY_APPID"),
        # The merchant's Alipay user id (2088…): a notify must name it as seller as well as our app_id.
        "ALIPAY_SELLER_ID": _dev(env, "ALIPAY_SELLER_ID"),
        "ALIPAY_APP_PRIVATE_KEY_FILE": env.get("ALIPAY_APP_PRIVATE_KEY_FILE") or "",
        "ALIPAY_PUBLIC_KEY_FILE": env.get("ALIPAY_PUBLIC_KEY_FILE") or "",
        "ALIPAY_GATEWAY_URL": env.get("ALIPAY_GATEWAY_URL") or "",  # empty: real, or the app's sandbox
        "ALIPAY_NOTIFY_URL": env.get("ALIPAY_NOTIFY_URL") or "",
        "ALIPAY_RETURN_URL": env.get("ALIPAY_RETURN_URL") or "",
        "PAYMENT_SANDBOX_KEY_DIR": env.get("PAYMENT_SANDBOX_KEY_DIR") or "",
        "PAYMENT_TIMEOUT_SECONDS": float(env.get("PAYMENT_TIMEOUT_SECONDS") or 10),
        # Fees (backend/payments/fees.py): no schedule file means every fee is zero and nobody is asked to pay.
        "FEE_SCHEDULE_FILE": env.get("FEE_SCHEDULE_FILE") or "",
        "PAYMENT_CHANNELS": [c.strip() for c in (env.get("PAYMENT_CHANNELS") or "wechat,alipay").split(",")
                             if c.strip()],
        "PAYMENT_ORDER_TTL_HOURS": _int(env.get("PAYMENT_ORDER_TTL_HOURS"), 72),
        "PAYMENT_TRADE_TTL_MINUTES": _int(env.get("PAYMENT_TRADE_TTL_MINUTES"), 30),
        "PAYMENT_RECONCILE_AFTER_MINUTES": _int(env.get("PAYMENT_RECONCILE_AFTER_MINUTES"), 10),
        "PAYMENT_RECONCILE_SECONDS": _int(env.get("PAYMENT_RECONCILE_SECONDS"), 300),
        "PAYMENT_REFUND_ON_CANCEL_DAYS": _int(env.get("PAYMENT_REFUND_ON_CANCEL_DAYS"), 30),
        "LICENCE_RENEWAL_WINDOW_DAYS": _int(env.get("LICENCE_RENEWAL_WINDOW_DAYS"), 30),
        "LICENCE_RENEWAL_GRACE_DAYS": _int(env.get("LICENCE_RENEWAL_GRACE_DAYS"), 30),
        "LICENCE_NO_PREFIX": env.get("LICENCE_NO_PREFIX") or "DP",
        # Rabies vaccines in China protect for one year (some three); anything longer is a typing mistake.
        "VACCINATION_MAX_VALID_DAYS": _int(env.get("VACCINATION_MAX_VALID_DAYS"), 3 * 366),
        "INSPECTION_REQUIRES_REVIEW": _bool(env.get("INSPECTION_REQUIRES_REVIEW"), False),
        # Notice delivery: how long a worker holds a claimed notice, how often to try, how soon to look again.
        "NOTICE_CLAIM_SECONDS": _int(env.get("NOTICE_CLAIM_SECONDS"), 60),
        "NOTICE_MAX_ATTEMPTS": _int(env.get("NOTICE_MAX_ATTEMPTS"), 8),
        "NOTICE_REQUEUE_SECONDS": _int(env.get("NOTICE_REQUEUE_SECONDS"), 30),
        "FOLLOWER_LINK_SECONDS": _int(env.get("FOLLOWER_LINK_SECONDS"), 600),
        "WECHAT_TEMPLATES_FILE": env.get("WECHAT_TEMPLATES_FILE") or "",
        "RENEWAL_REMINDER_DAYS": [int(d) for d in (env.get("RENEWAL_REMINDER_DAYS") or "30,7,0").split(",")],
        "TRANSFER_CODE_TTL_DAYS": _int(env.get("TRANSFER_CODE_TTL_DAYS"), 7),
        # Shelter and adoption (issue 4). The weekly open-day rule itself is data, edited by staff.
        "SHELTER_QUARANTINE_DAYS": _int(env.get("SHELTER_QUARANTINE_DAYS"), 14),
        "SHELTER_DOG_NO_PREFIX": env.get("SHELTER_DOG_NO_PREFIX") or "SD",
        "BOOKING_CANCEL_CUTOFF_HOURS": _int(env.get("BOOKING_CANCEL_CUTOFF_HOURS"), 2),
        "BOOKING_NO_SHOW_LIMIT": _int(env.get("BOOKING_NO_SHOW_LIMIT"), 2),
        "BOOKING_NO_SHOW_WINDOW_DAYS": _int(env.get("BOOKING_NO_SHOW_WINDOW_DAYS"), 90),
        "BOOKING_NO_SHOW_HOLD_DAYS": _int(env.get("BOOKING_NO_SHOW_HOLD_DAYS"), 30),
        "ADOPTION_MIN_AGE": _int(env.get("ADOPTION_MIN_AGE"), 18),
        "ADOPTION_SURRENDER_BAR_DAYS": _int(env.get("ADOPTION_SURRENDER_BAR_DAYS"), 365),
        "ADOPTION_OPEN_APPLICATIONS_MAX": _int(env.get("ADOPTION_OPEN_APPLICATIONS_MAX"), 2),
        # Lost, found and strays (issue 5). Matching: weights of each part of the score, the score that tells
        # people, and the hard limits beyond which a pair is never a match.
        "MATCH_WEIGHTS": _json(env.get("MATCH_WEIGHTS"), {"breed": 0.25, "sex": 0.1, "colour": 0.25, "size": 0.1,
                                                           "distance": 0.2, "time": 0.1}),
        "MATCH_THRESHOLD": float(env.get("MATCH_THRESHOLD") or 0.6),
        "MATCH_MAX_KM": float(env.get("MATCH_MAX_KM") or 20),
        "MATCH_MAX_DAYS": float(env.get("MATCH_MAX_DAYS") or 60),
        "MATCH_DISTANCE_DECAY_KM": float(env.get("MATCH_DISTANCE_DECAY_KM") or 5),
        "MATCH_TIME_DECAY_DAYS": float(env.get("MATCH_TIME_DECAY_DAYS") or 7),
        "MATCH_NOTIFY_MAX": _int(env.get("MATCH_NOTIFY_MAX"), 3),
        # Messages written by scanning a tag in any 24 hours: per finder and tag, and per tag from all finders
        # together (a backstop many times the first, so one account cannot use up a lost dog's tag).
        "TAG_RELAY_PER_FINDER_PER_TAG_PER_DAY": _int(env.get("TAG_RELAY_PER_FINDER_PER_TAG_PER_DAY"), 3),
        "TAG_RELAY_PER_TAG_PER_DAY": _int(env.get("TAG_RELAY_PER_TAG_PER_DAY"), 50),
        "STRAY_DUPLICATE_RADIUS_M": _int(env.get("STRAY_DUPLICATE_RADIUS_M"), 200),
        "STRAY_DUPLICATE_HOURS": _int(env.get("STRAY_DUPLICATE_HOURS"), 6),
        # Where the city's map is centred (Hohhot by default): grid cells for hotspots are square around here.
        "MAP_CENTRE": tuple(float(v) for v in (env.get("MAP_CENTRE") or "40.842,111.749").split(",")),
        # Optional service area "lat_min,lng_min,lat_max,lng_max": places outside it are refused.
        "SERVICE_AREA": tuple(float(v) for v in env["SERVICE_AREA"].split(",")) if env.get("SERVICE_AREA") else None,
        # The console's maps (issue 17): tile layers drawn under the city's district boundaries, off by default (the
        # maps then load nothing from elsewhere). URL templates separated by spaces (base, then labels), with {z}
        # {x} {y} and {s} for one of the subdomains; the datum of the tiles: wgs84 (Tianditu, CGCS2000) or gcj02
        # (AMap, Tencent), so that reports (GCJ-02, from the mini-program) land where they were made.
        "CONSOLE_MAP_TILE_URLS": (env.get("CONSOLE_MAP_TILE_URLS") or "").split(),
        "CONSOLE_MAP_TILE_SUBDOMAINS": env.get("CONSOLE_MAP_TILE_SUBDOMAINS") or "",
        "CONSOLE_MAP_TILE_DATUM": env.get("CONSOLE_MAP_TILE_DATUM") or "wgs84",
        "CONSOLE_MAP_TILE_ATTRIBUTION": env.get("CONSOLE_MAP_TILE_ATTRIBUTION") or "",
        # When WeChat's content check cannot be reached, accept the text and flag it for staff (True), or refuse.
        "CONTENT_CHECK_FAIL_OPEN": _bool(env.get("CONTENT_CHECK_FAIL_OPEN"), True),
        "RESIDENT_TOKEN_TTL_SECONDS": _int(env.get("RESIDENT_TOKEN_TTL_SECONDS"), 7 * 24 * 3600),
        "STAFF_TOKEN_TTL_SECONDS": _int(env.get("STAFF_TOKEN_TTL_SECONDS"), 12 * 3600),
        # Issue 14. Proxies in front of the app that append X-Forwarded-For (nginx: 1); 0 trusts no such header.
        "TRUSTED_PROXY_HOPS": _int(env.get("TRUSTED_PROXY_HOPS"), 0),
        # Failed mini-program logins (invalid or used codes) one client address may make; genuine ones are never
        # counted, so a carrier NAT's rush passes.
        "WX_LOGIN_FAILURE_LIMIT": env.get("WX_LOGIN_FAILURE_LIMIT") or "30/minute;300/hour",
        # Staff passwords: an account is locked for one address after MAX_FAILURES from it (never for everybody);
        # past SLOWDOWN_AFTER failures from anywhere, addresses it has not signed in from get one try per delay.
        "STAFF_LOGIN_MAX_FAILURES": _int(env.get("STAFF_LOGIN_MAX_FAILURES"), 5),
        # A console (cookie) session unused for this long is refused; the staff member signs in again.
        "STAFF_SESSION_IDLE_SECONDS": _int(env.get("STAFF_SESSION_IDLE_SECONDS"), 30 * 60),
        # Unset: the console's cookies are Secure over HTTPS and always in production; "1"/"0" decide.
        "STAFF_SESSION_COOKIE_SECURE": _bool(env.get("STAFF_SESSION_COOKIE_SECURE"), None),
        "STAFF_LOGIN_LOCK_MINUTES": _int(env.get("STAFF_LOGIN_LOCK_MINUTES"), 15),
        "STAFF_LOGIN_SLOWDOWN_AFTER": _int(env.get("STAFF_LOGIN_SLOWDOWN_AFTER"), 10),
        "STAFF_LOGIN_SLOWDOWN_MAX_SECONDS": _int(env.get("STAFF_LOGIN_SLOWDOWN_MAX_SECONDS"), 300),
        "STAFF_LOGIN_FAILURE_WINDOW_HOURS": _int(env.get("STAFF_LOGIN_FAILURE_WINDOW_HOURS"), 24),
        "STAFF_LOGIN_FAMILIAR_DAYS": _int(env.get("STAFF_LOGIN_FAMILIAR_DAYS"), 30),
        "STAFF_LOGIN_ADDRESS_FAILURE_LIMIT": env.get("STAFF_LOGIN_ADDRESS_FAILURE_LIMIT") or "30/hour",
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or env.get("REDIS_URL") or "memory://",
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        "VALIDATE_RESPONSES": _bool(env.get("VALIDATE_RESPONSES"), False),
        # Issue 18. Log lines as JSON objects (production's default) or plain text (development's); /metrics is
        # answered only to these networks, and only to requests that came through no proxy (backend.ops.metrics).
        "LOG_FORMAT": (env.get("LOG_FORMAT") or "").strip().lower(),
        "METRICS_ALLOW_FROM": [n.strip() for n in (env.get("METRICS_ALLOW_FROM") or
                                                   "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16")
                               .split(",") if n.strip()],
    }
    if overrides:
        config.update(overrides)
    config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(config["SQLALCHEMY_DATABASE_URI"])
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # SQLite has no server to ping and no stale connections to recycle.
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    else:
        # READ COMMITTED: a read made after taking a row lock sees what the previous holder committed. Under
        # MariaDB's default REPEATABLE READ it would see the transaction's older snapshot, and two
        # simultaneous applications from one household could both pass the dogs-per-household count.
        # pool_reset_on_return=None: the session ends every transaction itself (commit in backend.core.database.uow,
        # rollback when the request's session closes), so the pool's own reset was a second ROLLBACK on every request.
        # connect_timeout: a database host that does not answer makes a request fail (503) in 5 s, not pymysql's 10.
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {**config["SQLALCHEMY_ENGINE_OPTIONS"],
                                               "isolation_level": "READ COMMITTED", "pool_reset_on_return": None,
                                               "connect_args": {"connect_timeout": 5}}
    config["MAX_CONTENT_LENGTH"] = config["MAX_UPLOAD_BYTES"] + 64 * 1024
    if config["LOG_FORMAT"] not in ("json", "text"):
        config["LOG_FORMAT"] = "json" if config["DOGPASS_ENV"] == "production" else "text"
    return config
