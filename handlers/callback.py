"""`/wechat/callback`: WeChat's echo check, then messages and events in plain or safe (encrypted) mode.

Verify (403 on a bad signature, a stale timestamp, the wrong mode, or a signed query that came before with another
body) → decrypt → parse → handle once (WeChat retries after 5 s) → reply. The mode is the account's configuration,
never the caller's choice: with `WECHAT_MP_AES_KEY` set only safe mode is accepted. Nothing here calls out over the
network: slow work (finding a new follower's unionid) is queued as a task by the services.
"""
from __future__ import annotations

import logging
import time

from flask import Blueprint, Response, current_app, request
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from backend.public_account import messages as public_account
from handlers import events, messages

log = logging.getLogger(__name__)
bp = Blueprint("wechat_callback", __name__)

EVENTS = {"subscribe": events.subscribe, "unsubscribe": events.unsubscribe, "click": events.click}
MESSAGES = {"text": messages.text}


def _forbidden() -> Response:
    return Response("forbidden", status=403, mimetype="text/plain")


def _signature_ok() -> bool:
    """WeChat's signature covers the token, timestamp and nonce, not the body: a captured URL could carry any
    body. So the timestamp must also be recent (WeChat's own retries come within seconds), and within that window
    the query carries only the body it first came with (`_first_body`)."""
    try:
        check_signature(current_app.config["WECHAT_MP_TOKEN"], request.args.get("signature", ""),
                        request.args.get("timestamp", ""), request.args.get("nonce", ""))
    except InvalidSignatureException:
        return False
    try:
        age = abs(time.time() - int(request.args.get("timestamp", "")))
    except ValueError:
        return False
    return age <= current_app.config["WECHAT_CALLBACK_MAX_AGE_SECONDS"]


def _crypto() -> WeChatCrypto:
    config = current_app.config
    return WeChatCrypto(config["WECHAT_MP_TOKEN"], config["WECHAT_MP_AES_KEY"], config["WECHAT_MP_APPID"])


def _first_body(body: bytes) -> bool:
    """The signature does not cover `body`: a signed query may come again with the body it first came with (a
    retry), never with another."""
    return public_account.first_body(request.method, request.args["timestamp"], request.args.get("nonce", ""), body)


def _mode_is_configured() -> bool:
    """Safe mode exactly when an AES key is configured, as WeChat posts it; a plain post to a safe-mode account is
    someone who knows a signed query but not the key."""
    asked = request.args.get("encrypt_type") or "raw"
    configured = "aes" if current_app.config["WECHAT_MP_AES_KEY"] else "raw"
    if asked != configured:
        log.warning("callback refused: encrypt_type %r, the account is configured for %r", asked[:8], configured)
    return asked == configured


@bp.get("/wechat/callback")
def echo():
    """WeChat checks the server URL once: answer its echostr when the signature is right."""
    echostr = request.args.get("echostr", "")
    if not _signature_ok() or not _first_body(echostr.encode()):
        return _forbidden()
    return Response(echostr, mimetype="text/plain")


@bp.post("/wechat/callback")
def receive():
    if not _signature_ok() or not _mode_is_configured():
        return _forbidden()
    safe_mode = bool(current_app.config["WECHAT_MP_AES_KEY"])
    body = request.get_data(as_text=True)
    if safe_mode:  # msg_signature covers the encrypted body: a signed query cannot carry another
        try:
            body = _crypto().decrypt_message(body, request.args.get("msg_signature", ""),
                                             request.args.get("timestamp", ""), request.args.get("nonce", ""))
        except (InvalidSignatureException, InvalidAppIdException):
            return _forbidden()
        except Exception:  # no <Encrypt> to check (not XML, another shape): not what msg_signature covers
            log.warning("safe-mode callback without a readable envelope")
            return _forbidden()
    elif not _first_body(request.get_data()):
        log.warning("callback refused: a signed query seen before came with another body")
        return _forbidden()
    try:
        message = parse_message(body)
    except Exception:  # not XML WeChat would send; WeChat itself never posts this
        log.warning("unparseable callback body")
        return _nothing()
    key = _dedupe_key(message)
    if not public_account.claim(key):
        return _nothing()  # a retry of a delivery already answered
    reply, record = _dispatch(message, key)
    if not public_account.record(record) or not reply:
        return _nothing()
    xml = TextReply(message=message, content=reply).render()
    if safe_mode:
        xml = _crypto().encrypt_message(xml, request.args.get("nonce", ""), request.args.get("timestamp"))
    return Response(xml, mimetype="application/xml")


def _nothing() -> Response:
    return Response("success", mimetype="text/plain")  # WeChat's "nothing to say"


def _dedupe_key(message) -> str:
    if message.type == "event":
        return f"evt:{message.source}:{message._data.get('CreateTime')}:{message.event}"
    return f"msg:{message.id}"


def _dispatch(message, key: str):
    """(reply text or None, what to store): handlers only read; storing is the service's."""
    if message.type == "event":
        handler = EVENTS.get(message.event, events.interaction)
    else:
        handler = MESSAGES.get(message.type, messages.other)
    return handler(message, key)


_SIGNED = [{"name": name, "in": "query", "required": True, "schema": {"type": "string"}}
           for name in ("signature", "timestamp", "nonce", "echostr")]
_OPTIONAL = [{"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
             for name in ("openid", "encrypt_type", "msg_signature")]
OPENAPI = {"/wechat/callback": {
    "get": {"summary": "微信服务器配置校验：签名正确时原样返回 echostr", "tags": ["public-account"],
            "operationId": "get_wechat_callback",
            "parameters": _SIGNED,
            "responses": {"200": {"description": "echostr", "content": {"text/plain": {"schema": {"type": "string"}}}},
                          "403": {"description": "签名错误、时间戳过期，或同一签名已带过另一个 echostr"}}},
    "post": {"summary": "公众号消息与事件（配置了 WECHAT_MP_AES_KEY 时只收安全模式，否则明文）；"
                        "同一消息只处理一次；5秒内应答",
             "tags": ["public-account"],
             "operationId": "post_wechat_callback",
             "parameters": [*_SIGNED[:3], *_OPTIONAL],
             "requestBody": {"required": True, "content": {"text/xml": {"schema": {"type": "string"}}}},
             "responses": {"200": {"description": "被动回复 XML（安全模式下加密），或 success 表示无回复",
                                   "content": {"application/xml": {"schema": {"type": "string"}},
                                               "text/plain": {"schema": {"type": "string"}}}},
                           "403": {"description": "签名或解密校验失败、时间戳过期、模式与配置不符，"
                                                  "或同一签名查询已带过另一个消息体"}}},
}}
