"""One HTTP session for every WeChat API call, pointed at the real API or at the sandbox.

wechatpy honours its API_BASE_URL only in part: the access-token fetch, the customer-service account calls and
several API classes carry full `https://api.weixin.qq.com/...` URLs of their own. Rewriting at the HTTP session,
which every one of those calls goes through, covers them all without patching the SDK.

The calls wechatpy makes for us are plain: a method, a URL, query parameters, a JSON body already encoded, a
timeout. Those go through libcurl (pycurl), one handle per thread that keeps its connections alive. Sending a
notice is one such call, and through requests it cost 1.5 ms of CPU on our machines, most of a notice's cost:
requests' own layer (cookie jars, hooks, settings merged per call) and, under it, http.client parsing headers
with the email package. libcurl does the same in C (docs/performance.md). Anything else (uploaded files, form
bodies, a proxy from the environment) takes requests' path. Either way wechatpy gets a `requests.Response` and
callers see requests' exceptions, so nothing above this module can tell the two apart.
"""
from __future__ import annotations

import os
import threading
from io import BytesIO
from urllib.parse import urlencode

import certifi
import pycurl
import requests
import requests.adapters
import requests.utils
from requests.structures import CaseInsensitiveDict

WECHAT_API_ORIGIN = "https://api.weixin.qq.com/"
USER_AGENT = "DogPass/1 (+wechatpy)"
CONNECT_TIMEOUT_MS = 3000
# libcurl's error codes, as requests would have named the failure.
_CURL_TIMEOUT = {pycurl.E_OPERATION_TIMEDOUT}
_CURL_TLS = {pycurl.E_SSL_CONNECT_ERROR, pycurl.E_PEER_FAILED_VERIFICATION, pycurl.E_SSL_CACERT_BADFILE,
             pycurl.E_SSL_CERTPROBLEM, pycurl.E_SSL_CIPHER}


class WeChatHttpSession(requests.Session):
    def __init__(self, base_url: str = "", timeout: float = 5.0) -> None:
        super().__init__()
        self.base_url = base_url.rstrip("/") + "/" if base_url else ""
        self.default_timeout = timeout
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=32)
        self.mount("https://", adapter)
        self.mount("http://", adapter)
        # requests re-reads the proxy environment on every call (~0.6 ms). Read it once here instead: an egress
        # proxy set in the environment still applies, from the moment the process starts.
        self.proxies.update(requests.utils.get_environ_proxies(self.base_url or WECHAT_API_ORIGIN))
        self.trust_env = False
        self._handles = threading.local()

    def rewrite(self, url: str) -> str:
        if self.base_url and url.startswith(WECHAT_API_ORIGIN):
            return self.base_url + url[len(WECHAT_API_ORIGIN):]
        return url

    def request(self, method, url, params=None, data=None, headers=None, timeout=None, **kwargs):
        # wechatpy passes timeout=None unless told otherwise; a hung WeChat must never hang a worker.
        timeout = self.default_timeout if timeout is None else timeout
        url = self.rewrite(url)
        plain = (not kwargs and not self.proxies and isinstance(data, (bytes, str, type(None)))
                 and isinstance(params, (dict, type(None))) and isinstance(timeout, (int, float)))
        if not plain:
            return super().request(method, url, params=params, data=data, headers=headers, timeout=timeout,
                                   **kwargs)
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params, doseq=True)
        body = data.encode("utf-8") if isinstance(data, str) else data
        return self._curl(method.upper(), url, body, headers or {}, timeout)

    def _handle(self) -> pycurl.Curl:
        """This thread's handle, which keeps its connections alive between calls. Keyed by pid as well: a forked
        worker process inherits the forking thread's locals, and a libcurl handle must not be shared."""
        held = getattr(self._handles, "held", None)
        if held is None or held[0] != os.getpid():
            held = self._handles.held = (os.getpid(), pycurl.Curl())
        return held[1]

    def _curl(self, method: str, url: str, body: bytes | None, headers: dict, timeout: float) -> requests.Response:
        curl = self._handle()
        curl.reset()  # options only: live connections stay
        content, header_lines = BytesIO(), []
        curl.setopt(pycurl.URL, url)
        curl.setopt(pycurl.NOSIGNAL, 1)  # timeouts without signals: we run in threads
        curl.setopt(pycurl.TIMEOUT_MS, int(timeout * 1000))
        curl.setopt(pycurl.CONNECTTIMEOUT_MS, min(CONNECT_TIMEOUT_MS, int(timeout * 1000)))
        curl.setopt(pycurl.CAINFO, certifi.where())
        curl.setopt(pycurl.WRITEDATA, content)
        curl.setopt(pycurl.HEADERFUNCTION, header_lines.append)
        curl.setopt(pycurl.HTTPHEADER, [f"User-Agent: {USER_AGENT}", "Expect:",
                                        *(f"{name}: {value}" for name, value in headers.items())])
        if method == "GET":
            curl.setopt(pycurl.HTTPGET, 1)
        else:
            curl.setopt(pycurl.POSTFIELDS, body or b"")
            if method != "POST":
                curl.setopt(pycurl.CUSTOMREQUEST, method)
        try:
            curl.perform()
        except pycurl.error as exc:
            raise _as_requests_error(exc, curl) from exc
        return _response(curl.getinfo(pycurl.RESPONSE_CODE), header_lines, content.getvalue(), url)


def _as_requests_error(exc: pycurl.error, curl: pycurl.Curl) -> requests.RequestException:
    code = exc.args[0] if exc.args else None
    if code in _CURL_TIMEOUT:
        connected = curl.getinfo(pycurl.CONNECT_TIME) > 0
        return requests.ReadTimeout(str(exc)) if connected else requests.ConnectTimeout(str(exc))
    if code in _CURL_TLS:
        return requests.exceptions.SSLError(str(exc))
    return requests.ConnectionError(str(exc))


def _response(status: int, header_lines: list[bytes], content: bytes, url: str) -> requests.Response:
    """What requests' HTTPAdapter.build_response makes, from libcurl's answer. libcurl hands over the header
    lines of every response it read (a `100 Continue` first, say): the last status line starts the real ones."""
    reason, headers = "", CaseInsensitiveDict()
    for raw in header_lines:
        line = raw.decode("iso-8859-1").rstrip("\r\n")
        if line.startswith("HTTP/"):
            reason, headers = line.split(" ", 2)[2] if line.count(" ") >= 2 else "", CaseInsensitiveDict()
        elif ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip()] = value.strip()
    response = requests.Response()
    response.status_code = status
    response.headers = headers
    response.reason = reason
    response.url = url
    response.encoding = requests.utils.get_encoding_from_headers(headers)
    response._content = content
    return response
