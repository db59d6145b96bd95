"""Sending to residents through WeChat: the `message_sender` port.

Outcomes come back as plain data (`Sent`), never as WeChat exceptions, so the core and the notice code decide what
to do from a category without knowing WeChat's error codes:

    sent            delivered (msgid when WeChat gives one)
    transient       try again later: system busy (-1), quota (45009), frequency (45011), network, HTTP 5xx
    not_following   the person unfollowed the public account (43004): use another channel
    window_closed   customer-service window over (45015) or too many replies (45047)
    refused         the person refused or has no grant for this subscribe message (43101)
    rejected        anything else WeChat refuses; permanent
"""
from __future__ import annotations

from dataclasses import dataclass

import requests
from wechatpy.exceptions import WeChatClientException

from wechat.tokens import SharedTokenClient

TRANSIENT = {-1, 45009, 45011, 45033}
CATEGORY = {43004: "not_following", 45015: "window_closed", 45047: "window_closed", 43101: "refused"}


@dataclass(frozen=True)
class Sent:
    category: str
    msgid: str | None = None
    errcode: int | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.category == "sent"


def _outcome(call) -> Sent:
    try:
        result = call()
    except WeChatClientException as exc:
        code = exc.errcode
        if code is None:  # HTTP error from WeChat's side
            return Sent("transient", detail=str(exc))
        if code in TRANSIENT:
            return Sent("transient", errcode=code, detail=str(exc.errmsg))
        return Sent(CATEGORY.get(code, "rejected"), errcode=code, detail=str(exc.errmsg))
    except requests.RequestException as exc:
        return Sent("transient", detail=f"network: {type(exc).__name__}")
    msgid = result.get("msgid") if isinstance(result, dict) else None
    return Sent("sent", msgid=str(msgid) if msgid is not None else None)


class WeChatSender:
    def __init__(self, public_account: SharedTokenClient, mini_program: SharedTokenClient,
                 mini_program_appid: str) -> None:
        self.mp = public_account
        self.mini = mini_program
        self.mini_program_appid = mini_program_appid

    def send_template(self, openid: str, template_id: str, data: dict, *, page: str | None = None,
                      client_msg_id: str | None = None) -> Sent:
        """A public-account template message. `client_msg_id` makes WeChat drop a repeat of the same message to
        the same person (within ten minutes): a notice resent after a crash is not shown twice."""
        body = {"touser": openid, "template_id": template_id, "data": data}
        if page:
            body["miniprogram"] = {"appid": self.mini_program_appid, "pagepath": page}
        if client_msg_id:
            body["client_msg_id"] = client_msg_id
        return _outcome(lambda: self.mp.with_fresh_token(lambda: self.mp.post("message/template/send", data=body)))

    def send_subscribe(self, openid: str, template_id: str, data: dict, *, page: str | None = None) -> Sent:
        """A mini-program subscribe message; each needs one grant from the person."""
        return _outcome(lambda: self.mini.with_fresh_token(
            lambda: self.mini.wxa.send_subscribe_message(openid, template_id, data, page)))

    def send_text(self, openid: str, text: str) -> Sent:
        """A customer-service text message (staff replies in the inbox)."""
        return _outcome(lambda: self.mp.with_fresh_token(lambda: self.mp.message.send_text(openid, text)))

    def user_info(self, openid: str) -> dict | None:
        """Follower details (unionid links the follower to the mini-program resident); None when unavailable,
        and the caller tries again later."""
        try:
            return self.mp.with_fresh_token(lambda: self.mp.user.get(openid))
        except (WeChatClientException, requests.RequestException):
            return None

    def create_menu(self, menu: dict) -> Sent:
        return _outcome(lambda: self.mp.with_fresh_token(lambda: self.mp.menu.create(menu)))
