"""What production refuses to start with (`DOGPASS_ENV=production`, the default).

Every development convenience is an open door on a public server: the published development secret lets anyone sign
resident tokens; the sandbox's public-account token (`sandbox-token`) lets anyone sign callbacks and forge a
follower's menu tap; `WECHAT_SANDBOX` turns `sandbox:NAME` into a login as anyone and `/_sandbox/pay/complete` into
a way to pay any order. So production checks its configuration before it serves anything and refuses, naming each
setting that is missing or wrong, all at once (an operator fixes them in one go). README, "Running in production",
lists the same settings and how to make each secret.

Payments are switched on by the fee schedule: without `FEE_SCHEDULE_FILE` every fee is zero, nobody is ever asked
to pay, and no gateway key is needed. With one, every channel in `PAYMENT_CHANNELS` needs its keys.
"""
from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.fernet import Fernet

from backend.core.config import DEVELOPMENT_DEFAULTS, ENVIRONMENTS

CHANNELS = ("wechat", "alipay")
MIN_SECRET_LENGTH = 32
MIN_MP_TOKEN_LENGTH = 16
# How to make each kind of value (the messages and the README give the same commands).
MAKE_RANDOM_64 = "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
MAKE_FERNET_KEY = "python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
MAKE_HEX_32 = "python3 -c 'import secrets; print(secrets.token_hex(16))'"


class ProductionConfigError(RuntimeError):
    """The configuration production refuses; `problems` holds one line per setting."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(
            f"DOGPASS_ENV=production refuses to start:\n{lines}\nSee README, \"Running in production\". For a "
            "laptop: make run (it sets DOGPASS_ENV=development and WECHAT_SANDBOX=1).")


def check_environment(config: dict) -> None:
    """Refuse an unknown DOGPASS_ENV (a typo such as `prod` must not fall back to either mode), then, in
    production, everything `production_problems` finds."""
    if config.get("DOGPASS_ENV") not in ENVIRONMENTS:
        raise RuntimeError(f"DOGPASS_ENV={config.get('DOGPASS_ENV')!r} is neither of {', '.join(ENVIRONMENTS)}.")
    if config["DOGPASS_ENV"] == "production":
        problems = production_problems(config)
        if problems:
            raise ProductionConfigError(problems)


def production_problems(config: dict) -> list[str]:
    problems = []
    if config.get("WECHAT_SANDBOX"):
        problems.append("WECHAT_SANDBOX is on: the sandbox is a development mode (sandbox:NAME logs in as anyone, "
                        "/_sandbox/pay/complete pays any order). Unset it in production.")
    if not config.get("RATELIMIT_ENABLED", True):
        problems.append("RATELIMIT_ENABLED is off: it also turns off the staff login lock and slow-down (password "
                        "guessing). It is for tests and benchmarks only; unset it in production.")
    problems += _secrets(config)
    problems += _wechat(config)
    problems += _public_url("PUBLIC_BASE_URL", config.get("PUBLIC_BASE_URL"),
                            "the address printed in tag QR codes and payment notify URLs")
    problems += _payments(config)
    return problems


def _is_default(config: dict, name: str) -> bool:
    """Unset, or any development default (a value copied from one default setting into another counts too)."""
    value = config.get(name) or ""
    return not value or value in DEVELOPMENT_DEFAULTS.values()


def _secrets(config: dict) -> list[str]:
    problems = []
    for name in ("SECRET_KEY", "ID_HASH_KEY"):
        value = config.get(name) or ""
        if _is_default(config, name) or len(value) < MIN_SECRET_LENGTH:
            problems.append(f"{name} is unset, a development default or shorter than {MIN_SECRET_LENGTH} characters:"
                            f" generate one with {MAKE_RANDOM_64}")
    if config.get("SECRET_KEY") and config.get("SECRET_KEY") == config.get("ID_HASH_KEY"):
        problems.append("ID_HASH_KEY equals SECRET_KEY: a leaked token secret must not also open the ID numbers")
    keys = [k.strip() for k in (config.get("ID_ENCRYPTION_KEY") or "").split(",") if k.strip()]
    if not keys:
        problems.append(f"ID_ENCRYPTION_KEY is unset (ID numbers would be encrypted with a key derived from "
                        f"SECRET_KEY): generate one with {MAKE_FERNET_KEY}")
    for key in keys:
        try:
            Fernet(key.encode())
        except ValueError:
            problems.append(f"ID_ENCRYPTION_KEY holds {key[:4]}…, which is not a Fernet key: generate one with "
                            f"{MAKE_FERNET_KEY}")
    return problems


def _wechat(config: dict) -> list[str]:
    problems = [f"{name} is unset or the sandbox's value: set the {what} from mp.weixin.qq.com"
                for name, what in (("WECHAT_MP_APPID", "public account's AppID"),
                                   ("WECHAT_MP_SECRET", "public account's AppSecret"),
                                   ("WECHAT_MINI_APPID", "mini-program's AppID"),
                                   ("WECHAT_MINI_SECRET", "mini-program's AppSecret"))
                if _is_default(config, name)]
    token = config.get("WECHAT_MP_TOKEN") or ""
    if _is_default(config, "WECHAT_MP_TOKEN") or not re.fullmatch(rf"[A-Za-z0-9]{{{MIN_MP_TOKEN_LENGTH},32}}", token):
        problems.append(f"WECHAT_MP_TOKEN is unset, the sandbox's published token or not {MIN_MP_TOKEN_LENGTH}-32 "
                        "letters and digits (whoever knows it can sign callbacks as WeChat): generate one with "
                        f"{MAKE_HEX_32} and enter the same in the public account's server settings")
    aes_key = config.get("WECHAT_MP_AES_KEY") or ""
    if aes_key and not re.fullmatch(r"[A-Za-z0-9]{43}", aes_key):
        problems.append("WECHAT_MP_AES_KEY must be the 43-character EncodingAESKey from the public account's "
                        "server settings (or unset for plain mode)")
    problems += [f"{name} points at the sandbox ({config[name]}): unset it or give the real service's address"
                 for name in ("WECHAT_API_BASE_URL", "WECHATPAY_API_BASE_URL", "ALIPAY_GATEWAY_URL")
                 if "/_sandbox/" in (config.get(name) or "")]
    return problems


def _public_url(name: str, url: str | None, what: str) -> list[str]:
    """An https address the world can reach: never localhost, a loopback or an unspecified address."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower()
    local = not host or host == "localhost" or host.endswith(".localhost")
    try:
        address = ipaddress.ip_address(host)
        local = local or address.is_loopback or address.is_unspecified or address.is_link_local
    except ValueError:
        pass
    if parts.scheme != "https" or local:
        return [f"{name} is {url or 'unset'}: it must be the public https address ({what}), "
                "e.g. https://dogpass.example.gov.cn"]
    return []


def _readable_file(name: str, path: str | None, what: str) -> list[str]:
    if not path:
        return [f"{name} is unset: the path of {what}"]
    file = Path(path)
    try:
        if not file.is_file() or not file.read_bytes().strip():
            return [f"{name} is {path}, which is not a readable, non-empty file ({what})"]
    except OSError as exc:
        return [f"{name} is {path}, which cannot be read ({exc.strerror}): {what}"]
    return []


def _payments(config: dict) -> list[str]:
    if not config.get("FEE_SCHEDULE_FILE"):
        return []  # every fee is zero: nobody is asked to pay, no gateway is called
    from backend.payments.fees import FeeSchedule

    problems = []
    try:
        FeeSchedule.from_file(config["FEE_SCHEDULE_FILE"])
    except (OSError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
        problems.append(f"FEE_SCHEDULE_FILE {config['FEE_SCHEDULE_FILE']} cannot be used: {exc}")
    channels = config.get("PAYMENT_CHANNELS") or []
    unknown = [c for c in channels if c not in CHANNELS]
    if unknown:
        problems.append(f"PAYMENT_CHANNELS names {', '.join(unknown)}: only {', '.join(CHANNELS)} exist")
    if not [c for c in channels if c in CHANNELS]:
        problems.append("PAYMENT_CHANNELS is empty while FEE_SCHEDULE_FILE charges fees: residents could not pay")
    if "wechat" in channels:
        problems += _wechatpay(config)
    if "alipay" in channels:
        problems += _alipay(config)
    return problems


def _wechatpay(config: dict) -> list[str]:
    problems = []
    if _is_default(config, "WECHATPAY_MCHID"):
        problems.append("WECHATPAY_MCHID is unset or the sandbox's 1900000109: set the merchant number (商户号)")
    problems += _readable_file("WECHATPAY_PRIVATE_KEY_FILE", config.get("WECHATPAY_PRIVATE_KEY_FILE"),
                               "the merchant API certificate's private key, apiclient_key.pem")
    if not config.get("WECHATPAY_CERT_SERIAL_NO"):
        problems.append("WECHATPAY_CERT_SERIAL_NO is unset: the merchant API certificate's serial number")
    apiv3_key = config.get("WECHATPAY_APIV3_KEY") or ""
    if len(apiv3_key) != 32 or _is_default(config, "WECHATPAY_APIV3_KEY"):
        problems.append(f"WECHATPAY_APIV3_KEY must be the 32-character APIv3 key set in the merchant platform "
                        f"(generate one with {MAKE_HEX_32})")
    if config.get("WECHATPAY_PUBLIC_KEY_FILE") or not config.get("WECHATPAY_PLATFORM_CERT_DIR"):
        # Public-key mode (WeChat Pay's current one, and what keys.py uses when both are set).
        problems += _readable_file("WECHATPAY_PUBLIC_KEY_FILE", config.get("WECHATPAY_PUBLIC_KEY_FILE"),
                                   "WeChat Pay's public key, pub_key.pem (or set WECHATPAY_PLATFORM_CERT_DIR instead "
                                   "for platform-certificate mode)")
        if not config.get("WECHATPAY_PUBLIC_KEY_ID"):
            problems.append("WECHATPAY_PUBLIC_KEY_ID is unset: the PUB_KEY_ID_… shown beside WeChat Pay's public key")
    elif not Path(config["WECHATPAY_PLATFORM_CERT_DIR"]).is_dir():
        problems.append(f"WECHATPAY_PLATFORM_CERT_DIR is {config['WECHATPAY_PLATFORM_CERT_DIR']}, which is not a "
                        "directory (wechatpayv3 keeps the downloaded platform certificates there)")
    if config.get("WECHATPAY_NOTIFY_URL"):
        problems += _public_url("WECHATPAY_NOTIFY_URL", config["WECHATPAY_NOTIFY_URL"], "where WeChat Pay notifies")
    return problems


def _alipay(config: dict) -> list[str]:
    problems = []
    if _is_default(config, "ALIPAY_APPID"):
        problems.append("ALIPAY_APPID is unset or the sandbox's 2021000000000001: set the Alipay app's APPID")
    if _is_default(config, "ALIPAY_SELLER_ID"):
        problems.append("ALIPAY_SELLER_ID is unset or the sandbox's 2088000000000001: set the merchant's Alipay "
                        "user id (2088…, 合作伙伴身份 PID); notifies naming another seller are refused")
    problems += _readable_file("ALIPAY_APP_PRIVATE_KEY_FILE", config.get("ALIPAY_APP_PRIVATE_KEY_FILE"),
                               "the app's RSA2 private key (应用私钥)")
    problems += _readable_file("ALIPAY_PUBLIC_KEY_FILE", config.get("ALIPAY_PUBLIC_KEY_FILE"),
                               "Alipay's public key (支付宝公钥), not the app's own")
    if config.get("ALIPAY_NOTIFY_URL"):
        problems += _public_url("ALIPAY_NOTIFY_URL", config["ALIPAY_NOTIFY_URL"], "where Alipay notifies")
    return problems
