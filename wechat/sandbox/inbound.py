"""Messages and events as WeChat posts them to a public account's callback: XML, signature, and in safe mode the
encrypted envelope. Used by the sandbox's /simulate helper and by tests, so both send exactly what WeChat sends."""
from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from wechatpy.crypto import WeChatCrypto

ACCOUNT = "gh_dogpass_sandbox"


@dataclass(frozen=True)
class Inbound:
    query: dict[str, str]
    body: str
    openid: str
    dedupe_key: str


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def message_xml(openid: str, *, msg_type: str = "text", content: str = "", event: str = "", event_key: str = "",
                msg_id: int | None = None, create_time: int | None = None) -> tuple[str, str]:
    """The plain XML and the key WeChat's retries share (MsgId, or sender + CreateTime for events)."""
    create_time = create_time or int(time.time())
    parts = [f"<ToUserName>{_cdata(ACCOUNT)}</ToUserName>", f"<FromUserName>{_cdata(openid)}</FromUserName>",
             f"<CreateTime>{create_time}</CreateTime>", f"<MsgType>{_cdata(msg_type)}</MsgType>"]
    if msg_type == "event":
        parts.append(f"<Event>{_cdata(event)}</Event>")
        if event_key:
            parts.append(f"<EventKey>{_cdata(event_key)}</EventKey>")
        key = f"{openid}:{create_time}:{event}"
    else:
        msg_id = msg_id or secrets.randbelow(10**18)
        if msg_type == "text":
            parts.append(f"<Content>{_cdata(content)}</Content>")
        else:
            parts.append(f"<MediaId>{_cdata('sandbox-media')}</MediaId>")
        parts.append(f"<MsgId>{msg_id}</MsgId>")
        key = str(msg_id)
    return "<xml>" + "".join(parts) + "</xml>", key


def signed(xml: str, openid: str, dedupe_key: str, *, token: str, aes_key: str = "", appid: str = "",
           encrypt: bool | None = None, timestamp: str | None = None, nonce: str | None = None) -> Inbound:
    """The query and body WeChat posts. Safe mode exactly when the account has an AES key, as WeChat does;
    `encrypt=False` with a key is what a forger without the key would send."""
    if encrypt is None:
        encrypt = bool(aes_key)
    timestamp = timestamp or str(int(time.time()))
    nonce = nonce or secrets.token_hex(8)
    signature = hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()  # noqa: S324
    query = {"signature": signature, "timestamp": timestamp, "nonce": nonce, "openid": openid}
    if not encrypt:
        return Inbound(query, xml, openid, dedupe_key)
    envelope = WeChatCrypto(token, aes_key, appid).encrypt_message(xml, nonce, timestamp)
    msg_signature = envelope.split("<MsgSignature><![CDATA[", 1)[1].split("]]>", 1)[0]
    query.update(encrypt_type="aes", msg_signature=msg_signature)
    return Inbound(query, envelope, openid, dedupe_key)


def decrypt_reply(body: str, query: dict, *, token: str, aes_key: str, appid: str) -> str:
    """What the follower would see, from a safe-mode reply."""
    if "<Encrypt>" not in body:
        return body
    crypto = WeChatCrypto(token, aes_key, appid)
    signature = body.split("<MsgSignature><![CDATA[", 1)[1].split("]]>", 1)[0]
    stamp = body.split("<TimeStamp>", 1)[1].split("</TimeStamp>", 1)[0]
    nonce = body.split("<Nonce><![CDATA[", 1)[1].split("]]>", 1)[0]
    return crypto.decrypt_message(body, signature, stamp, nonce)

