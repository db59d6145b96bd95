"""Mini-program login (code2Session). Implements backend's `MiniProgramLogin` port by shape, not by import."""
from __future__ import annotations

from dataclasses import dataclass

import requests
from wechatpy.exceptions import WeChatClientException

# 40029 invalid code, 40163 code already used, 40226 risky user blocked by WeChat, 45011 too many logins of one
# user within a minute: all refusals of this code (the caller counts them against the client address).
REJECTED_CODES = {40029, 40163, 40226, 45011}


class LoginCodeRejected(ValueError):
    pass


class WeChatUnavailable(ConnectionError):
    pass


@dataclass(frozen=True)
class WxSession:
    openid: str
    unionid: str | None


class MiniProgramLogin:
    def __init__(self, client) -> None:
        self.client = client

    def code_to_session(self, code: str) -> WxSession:
        try:
            result = self.client.with_fresh_token(lambda: self.client.wxa.code_to_session(code))
        except WeChatClientException as exc:
            if exc.errcode in REJECTED_CODES:
                raise LoginCodeRejected(f"code rejected by WeChat ({exc.errcode})") from exc
            raise WeChatUnavailable(f"WeChat error {exc.errcode}") from exc
        except requests.RequestException as exc:
            raise WeChatUnavailable(str(exc)) from exc
        return _session_from(result)


def _session_from(result) -> WxSession:
    """WeChat's answer as a session, or a refused login when it names nobody: an answer without an openid (or not a
    JSON object at all) logs nobody in. The session key stays here: nothing in DogPass needs it."""
    openid = result.get("openid") if isinstance(result, dict) else None
    if not isinstance(openid, str) or not openid:
        raise LoginCodeRejected("WeChat's answer names no openid")
    unionid = result.get("unionid")
    return WxSession(openid=openid, unionid=unionid if isinstance(unionid, str) and unionid else None)
