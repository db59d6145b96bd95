"""The simulated WeChat API, served under `/_sandbox/wechat/`. The real wechatpy clients talk to it over HTTP.

Identities (API.md): mini-program login code `sandbox:NAME` gives openid `sbx-mini-NAME`; the same person's
public-account openid is `sbx-mp-NAME`; both share unionid `sbx-union-NAME`. Codes may be reused here, so a
walk with curl can log in as the same person again.
"""
from __future__ import annotations

import base64
import json
import re
import secrets
import time

from flask import Blueprint, Response, current_app, jsonify, request

from wechat.sandbox import bodies
from wechat.sandbox.store import SandboxStore

bp = Blueprint("sandbox_wechat", __name__, url_prefix="/_sandbox/wechat")

NAME = re.compile(r"[A-Za-z0-9_-]{1,32}")  # always fullmatch: "$" would also take a trailing newline
TOKEN_TTL = 7200


def store() -> SandboxStore:
    return current_app.extensions["wechat.sandbox_store"]


def _known_apps() -> dict[str, str]:
    config = current_app.config
    return {config["WECHAT_MINI_APPID"]: config["WECHAT_MINI_SECRET"],
            config["WECHAT_MP_APPID"]: config["WECHAT_MP_SECRET"]}


def answer(payload) -> Response:
    """A JSON answer as WeChat gives it. Plainer than jsonify (no sorting, no pretty-printing, no provider): the
    notice benchmark sends thousands a second through here, on the CPUs of the worker it measures."""
    return Response(json.dumps(payload, ensure_ascii=False), mimetype="application/json")


def error(errcode: int, errmsg: str):
    # WeChat answers errors with HTTP 200 and an errcode, and so does the sandbox.
    return answer({"errcode": errcode, "errmsg": errmsg})


def injected_fault(api: str, touser: str | None = None):
    """Apply a fault queued through POST /faults: a delay, an error code, or both."""
    fault = store().take_fault(api, touser)
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
    if prefix != "sandbox" or not NAME.fullmatch(name):
        return error(40029, "invalid code")
    return jsonify({
        "openid": f"sbx-mini-{name}",
        "session_key": base64.b64encode(secrets.token_bytes(16)).decode(),
        "unionid": f"sbx-union-{name}",
    })


REPLY_WINDOW_SECONDS = 48 * 3600
REPLIES_PER_WINDOW = 5


def _name_of(openid: str) -> str | None:
    for prefix in ("sbx-mp-", "sbx-mini-"):
        if openid.startswith(prefix):
            return openid[len(prefix):]
    return None


def _json_body() -> dict:
    try:
        body = json.loads(request.get_data())
    except ValueError:  # not JSON (UnicodeDecodeError is a ValueError too)
        return {}
    return body if isinstance(body, dict) else {}


def _guarded(api: str):
    """Token check and injected faults, in the order WeChat would meet them."""
    return check_access_token() or injected_fault(api)


def _message_to_person(api: str):
    """What every send call checks first: token and faults, then an openid the sandbox knows."""
    body = _json_body()
    openid = body.get("touser", "")
    refused = check_access_token() or injected_fault(api, openid)
    if refused is not None:
        return None, None, refused
    if _name_of(openid) is None:
        return body, openid, error(40003, "invalid openid")
    return body, openid, None


@bp.get("/cgi-bin/user/info")
def user_info():
    refused = _guarded("user_info")
    if refused is not None:
        return refused
    openid = request.args.get("openid", "")
    name = _name_of(openid)
    if name is None:
        return error(40003, "invalid openid")
    follower = store().follower(openid)
    subscribed = 1 if follower is None or follower["subscribed"] else 0
    return jsonify({"subscribe": subscribed, "openid": openid, "unionid": f"sbx-union-{name}",
                    "language": "zh_CN", "subscribe_time": int(time.time()), "remark": "", "groupid": 0,
                    "tagid_list": [], "subscribe_scene": "ADD_SCENE_SEARCH"})


@bp.post("/cgi-bin/message/template/send")
def template_send():
    body, openid, refused = _message_to_person("template_send")
    if refused is not None:
        return refused
    follower = store().follower(openid)
    if follower is not None and not follower["subscribed"]:
        return error(43004, "require subscribe")
    # Like WeChat: the same client_msg_id to the same person is sent once.
    msgid, _new = store().record_sent("template_send", current_app.config["WECHAT_MP_APPID"], openid,
                                      body.get("template_id"), body.get("data"), None, body,
                                      client_msg_id=body.get("client_msg_id"),
                                      page=(body.get("miniprogram") or {}).get("pagepath"))
    return answer({"errcode": 0, "errmsg": "ok", "msgid": msgid})


@bp.post("/cgi-bin/message/subscribe/send")
def subscribe_send():
    body, openid, refused = _message_to_person("subscribe_send")
    if refused is not None:
        return refused
    store().record_sent("subscribe_send", current_app.config["WECHAT_MINI_APPID"], openid, body.get("template_id"),
                        body.get("data"), None, body, page=body.get("page"))
    return answer({"errcode": 0, "errmsg": "ok"})


@bp.post("/cgi-bin/message/custom/send")
def custom_send():
    body, openid, refused = _message_to_person("custom_send")
    if refused is not None:
        return refused
    blocked = store().take_reply(openid, time.time(), REPLY_WINDOW_SECONDS, REPLIES_PER_WINDOW)
    if blocked == 45015:
        return error(45015, "response out of time limit or subscription is canceled")
    if blocked == 45047:
        return error(45047, "out of response count limit")
    store().record_sent("custom_send", current_app.config["WECHAT_MP_APPID"], openid, None, None,
                        (body.get("text") or {}).get("content"), body)
    return answer({"errcode": 0, "errmsg": "ok"})


@bp.post("/cgi-bin/menu/create")
def menu_create():
    refused = _guarded("menu_create")
    if refused is not None:
        return refused
    store().set_setting("menu", _json_body())
    return jsonify({"errcode": 0, "errmsg": "ok"})


@bp.get("/menu")
def menu():
    """The public-account menu as last pushed (`flask --app wsgi wechat push-menu`)."""
    return jsonify(store().setting("menu") or {})


# Content security (msgSecCheck v2). Content with a RISKY word is "risky" (with that word's label), else with a
# REVIEW word "review" (label 10001 advertising), else "pass" (label 100); ASCII words match in any case.
RISKY_WORDS = {"赌博": 20006, "色情": 20002, "毒品": 20006, "枪支": 20006, "sandbox-risky": 20006}
REVIEW_WORDS = ("代购", "加微信", "sandbox-review")
SEC_CHECK_SCENES = (1, 2, 3, 4)  # profile, comment, forum, social log


def _content_verdict(content: str) -> tuple[str, int]:
    text = content.lower()
    for word, label in RISKY_WORDS.items():
        if word in text:
            return "risky", label
    if any(word in text for word in REVIEW_WORDS):
        return "review", 10001
    return "pass", 100


@bp.post("/wxa/msg_sec_check")
def msg_sec_check():
    """Text security v2: `{"content", "version": 2, "scene": 1-4, "openid": "sbx-mini-NAME"}`. Trigger words:
    赌博/毒品/枪支/sandbox-risky → risky 20006, 色情 → risky 20002, 代购/加微信/sandbox-review → review 10001."""
    refused = _guarded("msg_sec_check")
    if refused is not None:
        return refused
    body = _json_body()
    if body.get("version") != 2 or body.get("scene") not in SEC_CHECK_SCENES or isinstance(body.get("scene"), bool):
        return error(40097, "invalid args")
    openid = str(body.get("openid") or "")
    if not openid.startswith("sbx-mini-") or not NAME.fullmatch(openid[len("sbx-mini-"):]):
        return error(40003, "invalid openid")
    if not isinstance(body.get("content"), str):
        return error(40097, "invalid args")
    suggest, label = _content_verdict(body["content"])
    return jsonify({"errcode": 0, "errmsg": "ok", "result": {"suggest": suggest, "label": label},
                    "detail": [{"strategy": "content_model", "errcode": 0, "suggest": suggest, "label": label,
                                "prob": 90}],
                    "trace_id": secrets.token_hex(12)})


@bp.post("/simulate")
def simulate():
    """Play a follower. `{"from": "alice", "type": "text", "content": "年检"}`, or `{"from": "alice", "type":
    "event", "event": "subscribe" | "unsubscribe" | "CLICK", "event_key": "MY_LICENCES"}`; safe mode exactly when
    WECHAT_MP_AES_KEY is configured, as WeChat posts (`"encrypt"`, if given, must agree); `"msg_id"` and
    `"create_time"` repeat a delivery as WeChat's retries do. Posts the signed XML to the callback like WeChat and
    returns the request and what the follower would see."""
    import requests as http

    from wechat.sandbox.inbound import decrypt_reply, message_xml, signed

    body, refused = bodies.parse(bodies.SimulateBody)
    if refused is not None:
        return refused
    name = body.sender
    openid, config = f"sbx-mp-{name}", current_app.config
    safe_mode = bool(config["WECHAT_MP_AES_KEY"])
    if body.encrypt is not None and body.encrypt != safe_mode:
        return jsonify({"error": "encrypt: WeChat posts safe mode exactly when WECHAT_MP_AES_KEY is configured "
                                 f"(it is {'set' if safe_mode else 'not set'})"}), 422
    xml, key = message_xml(openid, msg_type=body.type, content=body.content, event=body.event,
                           event_key=body.event_key, msg_id=body.msg_id, create_time=body.create_time)
    inbound = signed(xml, openid, key, token=config["WECHAT_MP_TOKEN"], aes_key=config["WECHAT_MP_AES_KEY"],
                     appid=config["WECHAT_MP_APPID"], encrypt=safe_mode)
    _follower_side_effects(openid, f"sbx-union-{name}", body.type, body.event)
    url = config.get("WECHAT_CALLBACK_URL") or f"http://127.0.0.1:{config['PORT']}/wechat/callback"
    try:
        answer = http.post(url, params=inbound.query, data=inbound.body.encode(), timeout=10,
                           headers={"Content-Type": "text/xml"})
    except http.RequestException as exc:
        return jsonify({"error": f"the callback {url} did not answer: {exc}"}), 502
    shown = answer.text
    if safe_mode and answer.status_code == 200:
        shown = decrypt_reply(answer.text, inbound.query, token=config["WECHAT_MP_TOKEN"],
                              aes_key=config["WECHAT_MP_AES_KEY"], appid=config["WECHAT_MP_APPID"])
    return jsonify({"request": {"query": inbound.query, "body": inbound.body}, "status": answer.status_code,
                    "reply": shown, "reply_text": _reply_text(shown)})


def _follower_side_effects(openid: str, unionid: str, msg_type: str, event: str) -> None:
    """What WeChat itself would know: who follows, and when they last interacted (the reply window)."""
    if msg_type == "event" and event == "unsubscribe":
        store().set_follower(openid, unionid, subscribed=False)
        return
    store().record_interaction(openid, unionid, time.time())


def _reply_text(xml: str) -> str | None:
    if "<Content><![CDATA[" not in xml:
        return None
    return xml.split("<Content><![CDATA[", 1)[1].split("]]></Content>", 1)[0]


@bp.get("/sent")
def sent():
    """What the backend sent to WeChat: `[{"api", "touser", "template_id", "data", "text", "sent_at"}]`."""
    since = request.args.get("since_id", "0")
    if not since.isascii() or not since.isdigit() or len(since) > 18:
        return jsonify({"error": "since_id: 应为非负整数"}), 422
    since = int(since)
    items = store().sent(touser=request.args.get("touser"), api=request.args.get("api"), since_id=since)
    for item in items:
        item["sent_at"] = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(item["sent_at"]))
    return jsonify(items)


@bp.get("/sent/count")
def sent_count():
    return jsonify({"count": store().sent_count(request.args.get("api"))})


@bp.post("/faults")
def add_fault():
    """Queue failures: `{"api": "template_send"|"custom_send"|"subscribe_send"|"user_info"|"menu_create"|"token"|
    "jscode2session"|"msg_sec_check"|"*", "errcode": 45009, "times": 3, "delay_ms": 0, "touser": null}`. errcode null
    with delay_ms makes the call slow instead; a `touser` limits a send API's fault to messages to that openid."""
    body, refused = bodies.parse(bodies.FaultBody)
    if refused is not None:
        return refused
    store().add_fault(body.api, body.errcode, body.times, body.delay_ms, body.touser)
    return jsonify({"queued": body.model_dump()}), 201


@bp.post("/expire-tokens")
def expire_tokens():
    """Expire every access token now: the next call gets 42001 and the backend must refresh."""
    return jsonify({"expired": store().expire_tokens()})


@bp.post("/reset")
def reset():
    store().reset()
    return jsonify({"reset": True})


_S = "/_sandbox/wechat"
_SENT_QUERY = [{"name": "touser", "in": "query", "schema": {"type": "string"}},
               {"name": "api", "in": "query", "schema": {"type": "string"}},
               {"name": "since_id", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 10**18 - 1},
                "description": "只列出此 id 之后的消息"}]
OPENAPI = {
    f"{_S}/sent": {"get": bodies.operation("sandbox_get_sent", "沙箱：后端发往微信的消息（模板、订阅、客服消息）",
                                           query=_SENT_QUERY, errors={422: "since_id 不是非负整数"})},
    f"{_S}/sent/count": {"get": bodies.operation("sandbox_get_sent_count", "沙箱：已发消息数",
                                                 query=_SENT_QUERY[1:2])},
    f"{_S}/simulate": {"post": bodies.operation(
        "sandbox_post_simulate", "沙箱：模拟粉丝发消息或事件，签名后投递到回调并返回回复", body=bodies.SimulateBody,
        errors={422: "请求体不符合要求，或 encrypt 与配置不符", 502: "回调地址没有应答"})},
    f"{_S}/faults": {"post": bodies.operation("sandbox_post_faults", "沙箱：让后续调用失败或变慢（错误码、次数、延迟）",
                                              body=bodies.FaultBody, status=201)},
    f"{_S}/expire-tokens": {"post": bodies.operation("sandbox_post_expire_tokens",
                                                     "沙箱：让所有 access_token 立即过期")},
    f"{_S}/menu": {"get": bodies.operation("sandbox_get_menu", "沙箱：最近推送的公众号菜单")},
    f"{_S}/reset": {"post": bodies.operation("sandbox_post_reset", "沙箱：清空沙箱状态")},
}
