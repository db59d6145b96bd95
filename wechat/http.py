"""One HTTP session for every WeChat API call, pointed at the real API or at the sandbox.

wechatpy honours its API_BASE_URL only in part: the access-token fetch, the customer-service account calls and
several API classes carry full `https://api.weixin.qq.com/...` URLs of their own. Rewriting at the HTTP session,
which every one of those calls goes through, covers them all without patching the SDK.
"""
from __future__ import annotations

import requests
import requests.adapters
import requests.utils

WECHAT_API_ORIGIN = "https://api.weixin.qq.com/"


class WeChatHttpSession(requests.Session):
    def __init__(self, base_url: str = "", timeout: float = 5.0) -> None:
        super().__init__()
        self.base_url = base_url.rstrip("/") + "/" if base_url else ""
        self.default_timeout = timeout
        # Notices go out from a pool of threads; keep a connection per thread alive instead of reconnecting.
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=32)
        self.mount("https://", adapter)
        self.mount("http://", adapter)
        # requests re-reads the proxy environment on every call (~0.6 ms, a third of a notice's CPU). Read it once
        # here instead: an egress proxy set in the environment still applies, from the moment the process starts.
        self.proxies.update(requests.utils.get_environ_proxies(self.base_url or WECHAT_API_ORIGIN))
        self.trust_env = False

    def rewrite(self, url: str) -> str:
        if self.base_url and url.startswith(WECHAT_API_ORIGIN):
            return self.base_url + url[len(WECHAT_API_ORIGIN):]
        return url

    def request(self, method, url, *args, **kwargs):
        # wechatpy passes timeout=None unless told otherwise; a hung WeChat must never hang a worker.
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.default_timeout
        return super().request(method, self.rewrite(url), *args, **kwargs)
