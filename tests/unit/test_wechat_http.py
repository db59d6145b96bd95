"""The WeChat HTTP session's libcurl path, against a real local HTTP/1.1 server: what reaches the server, what
wechatpy gets back, requests' exceptions for failures, connections kept alive, and requests' own path for the
calls libcurl does not take."""
from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from wechat.http import WeChatHttpSession


class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as WeChat's servers do

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        self._answer()

    def do_POST(self):
        self._answer()

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        server = self.server
        server.seen.append({"method": self.command, "path": self.path, "body": body,
                            "headers": dict(self.headers), "port": self.client_address[1]})
        if self.path.startswith("/slow"):
            time.sleep(1.0)
        status = 502 if self.path.startswith("/broken") else 200
        answer = json.dumps({"errcode": 0, "errmsg": "ok", "echo": body.decode("utf-8")}, ensure_ascii=False)
        payload = answer.encode("utf-8")
        self.send_response(status, "Bad Gateway" if status == 502 else "OK")
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("X-Trace", "abc")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def base(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/"


def test_a_post_arrives_as_sent_and_comes_back_as_a_requests_response(server):
    session = WeChatHttpSession(base(server))
    body = json.dumps({"touser": "sbx-mp-a", "data": {"first": {"value": "犬证已签发"}}}, ensure_ascii=False)
    response = session.request("POST", "https://api.weixin.qq.com/cgi-bin/message/template/send",
                               params={"access_token": "t o/k"}, data=body.encode("utf-8"))
    [seen] = server.seen
    assert seen["method"] == "POST" and seen["path"] == "/cgi-bin/message/template/send?access_token=t+o%2Fk"
    assert seen["body"].decode("utf-8") == body and "Expect" not in seen["headers"]
    assert isinstance(response, requests.Response) and response.status_code == 200 and response.reason == "OK"
    assert response.headers["x-trace"] == "abc" and response.encoding == "utf-8"
    assert response.json()["echo"] == body
    response.raise_for_status()


def test_a_get_with_parameters(server):
    session = WeChatHttpSession(base(server))
    session.request("GET", "https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential",
                    params={"appid": "wx1", "secret": "s"})
    [seen] = server.seen
    assert seen["method"] == "GET" and seen["path"] == "/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=s"


def test_an_http_error_status_raises_as_requests_would(server):
    response = WeChatHttpSession(base(server)).request("POST", "https://api.weixin.qq.com/broken", data=b"{}")
    assert response.status_code == 502 and response.reason == "Bad Gateway"
    with pytest.raises(requests.HTTPError):
        response.raise_for_status()


def test_a_slow_answer_is_a_read_timeout(server):
    with pytest.raises(requests.ReadTimeout):
        WeChatHttpSession(base(server), timeout=0.3).request("POST", "https://api.weixin.qq.com/slow", data=b"{}")


def test_nobody_listening_is_a_connection_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(requests.ConnectionError):
        WeChatHttpSession(f"http://127.0.0.1:{port}/").request("GET", "https://api.weixin.qq.com/x")


def test_one_thread_keeps_one_connection_alive(server):
    session = WeChatHttpSession(base(server))
    for n in range(20):
        session.request("POST", "https://api.weixin.qq.com/cgi-bin/message/template/send", data=b"{}")
    assert len(server.seen) == 20 and len({seen["port"] for seen in server.seen}) == 1


def test_threads_do_not_share_a_handle(server):
    session = WeChatHttpSession(base(server))
    errors = []

    def send(n):
        try:
            for _ in range(10):
                body = json.dumps({"n": n}).encode()
                assert session.request("POST", "https://api.weixin.qq.com/x", data=body).json()["echo"] == body.decode()
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(server.seen) == 80


def test_other_calls_take_requests_own_path(server):
    session = WeChatHttpSession(base(server))
    session.request("POST", "https://api.weixin.qq.com/media/upload", files={"media": ("a.txt", b"hello")})
    session.request("POST", "https://api.weixin.qq.com/form", data={"a": "1"})
    upload, form = server.seen
    assert upload["headers"]["Content-Type"].startswith("multipart/form-data") and b"hello" in upload["body"]
    assert form["body"] == b"a=1" and "python-requests" in form["headers"]["User-Agent"]
