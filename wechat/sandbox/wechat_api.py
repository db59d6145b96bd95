"""The simulated WeChat API, served under `/_sandbox/wechat/`. The real wechatpy clients talk to it over HTTP.

Identities (API.md): mini-program login code `sandbox:NAME` gives openid `sbx-mini-NAME`; the same person's
public-account openid is `sbx-mp-NAME`; both share unionid `sbx-union-NAME`. Codes may be reused here, so a
walk with curl can log in as the same person again.
"""
from __future__ import annotations

import base64
import re
import secrets
import time

from flask import Blueprint, current_app, jsonify, request

from wechat.sandbox.store import SandboxStore

bp = Blueprint("sandbox_wechat", __name__, url_prefix="/_sandbox/wechat")

NAME = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
TOKEN_TTL = 7200


def store() -> SandboxStore:
    return current_app.extensions["wechat.sandbox_store"]


def _known_apps() -> dict[str, str]:
    config = current_app.config
    return {config["WECHAT_MINI_APPID"]: config["WECHAT_MINI_SECRET"],
            config["WECHAT_MP_APPID"]: config["WECHAT_MP_SECRET"]}


def error(errcode: int, errmsg: str):
    # WeChat answers errors with HTTP 200 and an errcode, and so does the sandbox.
    return jsonify({"errcode": errcode, "errmsg": errmsg})


def injected_fault(api: str):
    """Apply a fault queued through POST /faults: a delay, an error code, or both."""
    fault = store().take_fault(api)
    if fault is None:
        return None
    errcode, delay_ms = fault
    if delay_ms:
        time.sleep(delay_ms / 1000)
    if errcode is not None:
        return error(errcode, f"sandbox injected error {errcode}")
    return None


def check_access_token():
    """None when the token is good, else the error response WeChat would give."""
    status = store().token_status(request.args.get("access_token", ""))
    if status == "expired":
        return error(42001, "access_token expired")
    if status == "invalid":
        return error(40001, "invalid credential, access_token is invalid or not latest")
    return None


@bp.get("/cgi-bin/token")
def token():
    appid, secret = request.args.get("appid", ""), request.args.get("secret", "")
    if request.args.get("grant_type") != "client_credential":
        return error(40002, "invalid grant_type")
    if _known_apps().get(appid) != secret:
        return error(40125, "invalid appsecret")
    fault = injected_fault("token")
    if fault is not None:
        return fault
    access_token = f"sbx-{secrets.token_urlsafe(24)}"
    store().add_token(access_token, appid, TOKEN_TTL)
    return jsonify({"access_token": access_token, "expires_in": TOKEN_TTL})


@bp.get("/sns/jscode2session")
def jscode2session():
    config = current_app.config
    if (request.args.get("appid") != config["WECHAT_MINI_APPID"]
            or request.args.get("secret") != config["WECHAT_MINI_SECRET"]):
        return error(40125, "invalid appsecret")
    fault = injected_fault("jscode2session")
    if fault is not None:
        return fault
    code = request.args.get("js_code", "")
    prefix, _, name = code.partition(":")
    if prefix != "sandbox" or not NAME.match(name):
        return error(40029, "invalid code")
    return jsonify({
        "openid": f"sbx-mini-{name}",
        "session_key": base64.b64encode(secrets.token_bytes(16)).decode(),
        "unionid": f"sbx-union-{name}",
    })


@bp.get("/sent")
def sent():
    """What the backend sent to WeChat: `[{"api", "touser", "template_id", "data", "text", "sent_at"}]`."""
    since = request.args.get("since_id", 0, type=int)
    items = store().sent(touser=request.args.get("touser"), api=request.args.get("api"), since_id=since)
    for item in items:
        item["sent_at"] = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(item["sent_at"]))
    return jsonify(items)


@bp.post("/faults")
def add_fault():
    """Queue failures: `{"api": "template_send"|"custom_send"|"subscribe_send"|"token"|"*", "errcode": 45009,
    "times": 3, "delay_ms": 0}`. errcode null with delay_ms makes the call slow instead."""
    body = request.get_json(silent=True) or {}
    api = str(body.get("api") or "*")
    errcode = body.get("errcode")
    times = int(body.get("times") or 1)
    delay_ms = int(body.get("delay_ms") or 0)
    store().add_fault(api, int(errcode) if errcode is not None else None, times, delay_ms)
    return jsonify({"queued": {"api": api, "errcode": errcode, "times": times, "delay_ms": delay_ms}}), 201


@bp.post("/expire-tokens")
def expire_tokens():
    """Expire every access token now: the next call gets 42001 and the backend must refresh."""
    return jsonify({"expired": store().expire_tokens()})


@bp.post("/reset")
def reset():
    store().reset()
    return jsonify({"reset": True})
