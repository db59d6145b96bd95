"""The payment sandbox's `/_sandbox/pay/complete` (issue 14): it notifies DogPass only, and it takes the order's id.

The attack it used to allow: a `notify_url` in the request body made the sandbox POST to any address the caller named
(SSRF from whatever machine runs `make run`). Here a listener of our own stands in for the internal service an
attacker would aim at: it must receive nothing. Paying by order id runs end to end: DogPass is served over HTTP and
its notify URLs point at it, so the notify the sandbox sends really settles the order.
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
import requests
from werkzeug.serving import make_server

from tests.support.payments import Payer, approver, payment_config


class Listener:
    """A plain HTTP server that records every request it gets."""

    def __init__(self) -> None:
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                received.append((self.command, self.path, self.rfile.read(length)))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class FrontDoor:
    """DogPass over real HTTP, bound before the app exists so its address can go into the app's notify URLs."""

    def __init__(self) -> None:
        self.app = None
        self.server = make_server("127.0.0.1", 0, self, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


@pytest.fixture
def listener():
    served = Listener()
    yield served
    served.stop()


@pytest.fixture
def door():
    served = FrontDoor()
    yield served
    served.server.shutdown()


@pytest.fixture
def config_overrides(sandbox, door):
    return {**payment_config(sandbox), "WECHATPAY_NOTIFY_URL": f"{door.url}/api/v1/payments/wechat/notify",
            "ALIPAY_NOTIFY_URL": f"{door.url}/api/v1/payments/alipay/notify"}


@pytest.fixture
def served(app, door):
    door.app = app
    return door


@pytest.fixture
def payer(client, sandbox):
    return Payer(client, sandbox)


@pytest.fixture
def approved(resident, submitted, staff):
    return approver(resident, submitted, staff("reviewer"), "赛罕区大学西街")


def order_of(who, order_id: str) -> dict:
    return who.get(f"/api/v1/orders/{order_id}").get_json()


@pytest.mark.parametrize("via", ["the app's own sandbox", "the sandbox served alone"])
def test_complete_never_posts_to_an_address_the_caller_names(client, approved, payer, listener, via):
    who, _, order = approved("mallory")
    trade = payer.pay(who, order["id"], "wechat")["trade_id"]
    attack = {"order_id": trade, "channel": "wechat", "notify_url": f"{listener.url}/internal/admin"}

    if via == "the app's own sandbox":
        answer = client.post("/_sandbox/pay/complete", json=attack)
        status, error = answer.status_code, answer.get_json()["error"]
    else:
        answer = requests.post(f"{payer.base}/_sandbox/pay/complete", json=attack, timeout=20)
        status, error = answer.status_code, answer.json()["error"]

    assert status == 400 and "notify_url" in error
    assert listener.received == []
    assert payer.sandbox_orders("wechat")[trade]["state"] == "pending"  # and nobody was marked paid
    # Without the field the buyer pays, and the notify goes to the URL DogPass gave at prepay, not the listener.
    assert client.post("/_sandbox/pay/complete", json={"order_id": trade, "channel": "wechat"}).status_code == 200
    assert listener.received == []


def test_a_pay_url_whose_notify_url_was_changed_is_refused_by_the_cashier(client, served, approved, payer, listener):
    who, application_id, order = approved("trudy")
    started = who.post(f"/api/v1/orders/{order['id']}/pay", json={"channel": "alipay"}).get_json()
    parts = urlsplit(started["params"]["pay_url"])
    forged = dict(parse_qsl(parts.query), notify_url=f"{listener.url}/internal/admin")

    page = requests.get(urlunsplit(parts._replace(query=urlencode(forged))), timeout=10)

    assert "isv.invalid-signature" in page.text  # the signature covers notify_url
    assert started["trade_id"] not in payer.sandbox_orders("alipay")
    paid = client.post("/_sandbox/pay/complete", json={"order_id": order["id"], "channel": "alipay"}).get_json()
    assert paid["notify"]["url"] == f"{served.url}/api/v1/payments/alipay/notify"
    assert paid["response"]["body"] == "success"
    assert listener.received == []
    assert who.get(f"/api/v1/licence-applications/{application_id}").get_json()["status"] == "issued"


@pytest.mark.parametrize("channel", ["wechat", "alipay"])
def test_paying_by_the_order_id_settles_the_order(client, served, approved, payer, channel):
    who, application_id, order = approved(f"olga-{channel}")
    trade = who.post(f"/api/v1/orders/{order['id']}/pay", json={"channel": channel}).get_json()["trade_id"]
    # Alipay H5: nobody opened the cashier page, so the gateway does not know the trade yet; the sandbox opens it.
    assert trade not in payer.sandbox_orders(channel) or channel == "wechat"

    answer = client.post("/_sandbox/pay/complete", json={"order_id": order["id"], "channel": channel})

    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["trade_id"] == trade and body["notify"]["url"].startswith(served.url)
    assert body["response"]["status"] == 200 and "success" in body["response"]["body"].lower()
    detail = order_of(who, order["id"])
    assert detail["status"] == "paid" and detail["paid_channel"] == channel
    assert who.get(f"/api/v1/licence-applications/{application_id}").get_json()["status"] == "issued"


def test_an_order_without_an_open_trade_on_the_channel_is_not_paid(client, served, approved, payer):
    who, _, order = approved("nina")

    never_pressed = client.post("/_sandbox/pay/complete", json={"order_id": order["id"], "channel": "wechat"})
    payer.pay(who, order["id"], "wechat")
    other_channel = client.post("/_sandbox/pay/complete", json={"order_id": order["id"], "channel": "alipay"})

    assert never_pressed.status_code == 404 and other_channel.status_code == 404
    assert "pay first" in never_pressed.get_json()["error"]
    assert order_of(who, order["id"])["status"] == "pending"


def test_trade_ids_still_work_as_the_readme_walks_pass_them(client, served, approved, payer):
    who, _, order = approved("tess")
    trade = payer.pay(who, order["id"], "alipay")["trade_id"]  # the buyer's browser opened the cashier

    answer = client.post("/_sandbox/pay/complete", json={"order_id": trade, "channel": "alipay"})

    assert answer.status_code == 200 and answer.get_json()["response"]["body"] == "success"
    assert order_of(who, order["id"])["status"] == "paid"
