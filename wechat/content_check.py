"""WeChat content security for what people write (msgSecCheck v2): the `content_checker` port.

Implements backend's `ContentChecker` port by shape, not by import. An outage (network, HTTP error, system busy
-1) raises `ConnectionError`; anything else WeChat refuses (40003 invalid openid, 61010 the person has not opened
the mini-program recently, 40097 invalid arguments, a second token error in a row) raises `ValueError`.
"""
from __future__ import annotations

from dataclasses import dataclass

import requests
from wechatpy.exceptions import WeChatClientException

from wechat.tokens import SharedTokenClient

# wechatpy's `client.wxa.check_text_security(content)` is msgSecCheck v1 only (content alone: no version, openid
# or scene, and no suggest/label/trace_id in the answer), so we post v2 ourselves. A full URL: the client's own
# base is .../cgi-bin/, and our HTTP session rewrites the origin to the sandbox when it is on.
MSG_SEC_CHECK_URL = "https://api.weixin.qq.com/wxa/msg_sec_check"
OUTAGE = {-1}  # system busy; errcode None (an HTTP error) is an outage too


class ContentCheckRefused(ValueError):
    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"WeChat refused the content check ({errcode}: {errmsg})")
        self.errcode = errcode


class ContentCheckUnavailable(ConnectionError):
    pass


@dataclass(frozen=True)
class WxContentVerdict:
    suggest: str  # pass | review | risky
    label: int
    trace_id: str | None


class WeChatContentChecker:
    def __init__(self, client: SharedTokenClient) -> None:
        self.client = client

    def check(self, openid: str, content: str, scene: int) -> WxContentVerdict:
        """scene: 1 profile, 2 comment, 3 forum, 4 social log; openid: the writer's mini-program openid."""
        body = {"content": content, "version": 2, "scene": scene, "openid": openid}
        try:
            result = self.client.with_fresh_token(lambda: self.client.post(MSG_SEC_CHECK_URL, data=body))
        except WeChatClientException as exc:
            if exc.errcode is None or exc.errcode in OUTAGE:
                raise ContentCheckUnavailable(f"WeChat content check unavailable ({exc.errcode})") from exc
            raise ContentCheckRefused(exc.errcode, str(exc.errmsg)) from exc
        except requests.RequestException as exc:
            raise ContentCheckUnavailable(f"network: {type(exc).__name__}") from exc
        if not isinstance(result, dict) or not isinstance(result.get("result"), dict):
            raise ContentCheckUnavailable("WeChat content check answered without a result")
        verdict = result["result"]
        trace_id = result.get("trace_id")
        return WxContentVerdict(suggest=str(verdict.get("suggest")), label=int(verdict.get("label", 0)),
                                trace_id=str(trace_id) if trace_id is not None else None)
