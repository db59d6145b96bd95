"""The payment gateway adapters (WeChat Pay APIv3, Alipay) against the sandboxes, over real HTTP.

No SDK is mocked: wechatpayv3 and alipay-sdk-python talk to the sandbox served by the session fixture on
127.0.0.1:<port> (which is also the test that the Alipay explicit-port workaround works). Notifies go to a small
HTTP server in this module that answers the way the backend's notify endpoint will: parse_notify, then
notify_answer.
"""
from __future__ import annotations

import base64
import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from backend.payments.ports import PaymentGateways, PaymentRequest
from wechat.pay.alipay_gateway import AlipayGateway, fen_to_yuan, yuan_to_fen
from wechat.pay.keys import sandbox_key_dir, sandbox_keys

pytestmark = pytest.mark.usefixtures("sandbox")


class NotifyReceiver:
    """Stands in for POST /api/v1/payments/{channel}/notify: verifies with the app's gateway and answers."""

    def __init__(self) -> None:
        self.gateways: dict = {}
        self.received: list[dict] = []
        self.server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @Request.application
    def _wsgi(self, request: Request) -> Response:
        gateway = self.gateways[request.path.strip("/")]
        try:
            state, error = gateway.parse_notify(request.headers, request.get_data()), None
        except ValueError as exc:
            state, error = None, str(exc)
        self.received.append({"state": state, "error": error})
        status, body, content_type = gateway.notify_answer(state is not None)
        return Response(body, status=status, content_type=content_type)


@pytest.fixture(scope="module")
def receiver():
    served = NotifyReceiver()
    yield served
    served.server.shutdown()


@pytest.fixture
def config_overrides(sandbox, receiver):
    base = sandbox.api_url.split("/_sandbox/")[0]
    return {"WECHATPAY_API_BASE_URL": f"{base}/_sandbox/wechatpay",
            "ALIPAY_GATEWAY_URL": f"{base}/_sandbox/alipay/gateway.do",
            "WECHATPAY_NOTIFY_URL": f"{receiver.url}/wechat", "ALIPAY_NOTIFY_URL": f"{receiver.url}/alipay"}


@pytest.fixture
def gateways(app, receiver):
    found = app.extensions["dogpass.ports"][PaymentGateways]
    receiver.gateways = found
    receiver.received.clear()
    return found


@pytest.fixture
def sandbox_url(sandbox):
    return sandbox.api_url.split("/_sandbox/")[0]


_numbers = iter(range(10**6))


def order_id() -> str:
    return f"01JPAY{next(_numbers):020d}"  # 26 characters, like our ULIDs


def pay_request(amount_fen: int = 2000, **kw) -> PaymentRequest:
    return PaymentRequest(order_id=kw.pop("order_id", order_id()), amount_fen=amount_fen,
                          description="犬只登记费", expires_at=datetime.now(UTC) + timedelta(minutes=30),
                          payer_openid=kw.pop("payer_openid", "sbx-mini-alice"), **kw)


def complete(sandbox_url: str, order: str, channel: str, fault: str | None = None) -> dict:
    response = requests.post(f"{sandbox_url}/_sandbox/pay/complete",
                             json={"order_id": order, "channel": channel, "fault": fault}, timeout=20)
    assert response.status_code == 200, response.text
    return response.json()


def keys(app):
    return sandbox_keys(sandbox_key_dir(app.config, app.instance_path))


# WeChat Pay ---------------------------------------------------------------------------------------------------

def test_wechat_prepay_gives_request_payment_params_signed_by_the_merchant(app, gateways, sandbox_url):
    request = pay_request(1234)
    params = gateways["wechat"].prepay(request)

    assert set(params) == {"appId", "timeStamp", "nonceStr", "package", "signType", "paySign"}
    assert params["appId"] == app.config["WECHAT_MINI_APPID"]
    assert params["package"].startswith("prepay_id=wx") and params["signType"] == "RSA"
    message = "\n".join([params["appId"], params["timeStamp"], params["nonceStr"], params["package"]]) + "\n"
    public = serialization.load_pem_public_key(keys(app).merchant_public_key.encode())
    public.verify(base64.b64decode(params["paySign"]), message.encode(), padding.PKCS1v15(), hashes.SHA256())

    orders = requests.get(f"{sandbox_url}/_sandbox/pay/orders?channel=wechat", timeout=10).json()
    order = next(o for o in orders if o["order_id"] == request.order_id)
    assert order["amount_fen"] == 1234 and order["state"] == "pending"
    assert order["extra"]["openid"] == "sbx-mini-alice"


def test_wechat_complete_sends_a_notify_that_parse_notify_accepts(app, gateways, receiver, sandbox_url):
    request = pay_request(2000)
    gateways["wechat"].prepay(request)

    result = complete(sandbox_url, request.order_id, "wechat")

    assert result["response"] == {"status": 200, "body": json.dumps({"code": "SUCCESS", "message": "成功"},
                                                                    ensure_ascii=False)}
    state = receiver.received[-1]["state"]
    assert state.order_id == request.order_id and state.state == "paid" and state.amount_fen == 2000
    assert state.merchant_id == app.config["WECHATPAY_MCHID"]
    assert state.transaction_id and state.event_id.startswith("EV-") and state.paid_at.tzinfo is not None
    # the notify can be replayed from what complete returned
    replayed = gateways["wechat"].parse_notify(result["notify"]["headers"], result["notify"]["body"].encode())
    assert replayed == state


def test_wechat_tampered_notify_is_refused(app, gateways, sandbox_url):
    request = pay_request(500)
    gateways["wechat"].prepay(request)
    notify = complete(sandbox_url, request.order_id, "wechat")["notify"]
    headers, body = notify["headers"], notify["body"]

    tampered = json.loads(body)
    tampered["resource"]["ciphertext"] = base64.b64encode(b"x" * 40).decode()
    with pytest.raises(ValueError):
        gateways["wechat"].parse_notify(headers, json.dumps(tampered).encode())
    with pytest.raises(ValueError):
        gateways["wechat"].parse_notify(headers, body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.FAIL"').encode())
    with pytest.raises(ValueError):
        gateways["wechat"].parse_notify({**headers, "Wechatpay-Signature": "AAAA"}, body.encode())
    with pytest.raises(ValueError):
        gateways["wechat"].parse_notify({k: v for k, v in headers.items() if k != "Wechatpay-Signature"},
                                        body.encode())


def test_wechat_faults_bad_signature_wrong_amount_duplicate(app, gateways, receiver, sandbox_url):
    request = pay_request(800)
    gateways["wechat"].prepay(request)

    forged = complete(sandbox_url, request.order_id, "wechat", "bad_signature")
    assert forged["response"]["status"] == 400 and json.loads(forged["response"]["body"])["code"] == "FAIL"
    assert receiver.received[-1]["state"] is None
    assert gateways["wechat"].query(request.order_id).state == "pending"  # a forger pays nothing

    wrong = complete(sandbox_url, request.order_id, "wechat", "wrong_amount")
    assert wrong["response"]["status"] == 200  # correctly signed: the core must compare the amount
    assert receiver.received[-1]["state"].amount_fen == 801

    twice = complete(sandbox_url, request.order_id, "wechat", "duplicate")
    assert [r["status"] for r in twice["responses"]] == [200, 200]
    assert receiver.received[-1]["state"] == receiver.received[-2]["state"]
    assert receiver.received[-1]["state"].amount_fen == 800


def test_wechat_query_close_refund(app, gateways, sandbox_url):
    wechat = gateways["wechat"]
    assert wechat.query(order_id()).state == "unknown"

    paid = pay_request(3000)
    wechat.prepay(paid)
    assert wechat.query(paid.order_id).state == "pending"
    complete(sandbox_url, paid.order_id, "wechat")
    state = wechat.query(paid.order_id)
    assert (state.state, state.amount_fen, state.merchant_id) == ("paid", 3000, app.config["WECHATPAY_MCHID"])

    refund = wechat.refund(paid.order_id, "R" + paid.order_id[1:], 1000, 3000, "撤回申请")
    assert (refund.state, refund.amount_fen) == ("success", 1000)
    with pytest.raises(ValueError):
        wechat.refund(paid.order_id, "R2" + paid.order_id[2:], 2500, 3000, "超额")
    wechat.refund(paid.order_id, "R3" + paid.order_id[2:], 2000, 3000, "余额")
    assert wechat.query(paid.order_id).state == "refunded"

    unpaid = pay_request(100)
    wechat.prepay(unpaid)
    wechat.close(unpaid.order_id)
    assert wechat.query(unpaid.order_id).state == "closed"
    with pytest.raises(ValueError):
        wechat.close(paid.order_id)  # paid orders cannot be closed


def test_wechat_outage_is_a_connection_error(app, config_overrides):
    from wechat.pay.wechatpay import WeChatPayGateway

    gateway = WeChatPayGateway({**app.config, "WECHATPAY_API_BASE_URL": "http://127.0.0.1:9"}, app.instance_path)
    with pytest.raises(ConnectionError):
        gateway.query(order_id())


def test_wechat_requests_signed_with_an_unknown_merchant_key_are_refused(app, gateways):
    from wechat.pay.wechatpay import WeChatPayGateway

    other = {**app.config, "PAYMENT_SANDBOX_KEY_DIR": str(sandbox_key_dir(app.config) / "other")}
    gateway = WeChatPayGateway(other, app.instance_path)
    with pytest.raises(ValueError):  # the sandbox refuses the unknown merchant key: 401 SIGN_ERROR
        gateway.query(order_id())


# Alipay -------------------------------------------------------------------------------------------------------

def test_alipay_amounts_are_exact():
    assert yuan_to_fen("0.10") == 10
    assert yuan_to_fen("123.45") == 12345
    assert yuan_to_fen("0.01") == 1 and yuan_to_fen("100") == 10000 and yuan_to_fen("19.9") == 1990
    for bad in ("0.105", "", "abc", "NaN", "Infinity"):
        with pytest.raises(ValueError):
            yuan_to_fen(bad)
    assert fen_to_yuan(10) == "0.10" and fen_to_yuan(12345) == "123.45" and fen_to_yuan(1) == "0.01"
    assert all(yuan_to_fen(fen_to_yuan(n)) == n for n in range(0, 100001, 7))


def test_alipay_mini_program_create_then_notify(app, gateways, receiver, sandbox_url):
    alipay = gateways["alipay"]
    assert alipay.settings.gateway_url.startswith("http://127.0.0.1:")  # an explicit port: the SDK bug's case
    request = pay_request(12345, payer_openid="2088102177846880")

    params = alipay.prepay(request)
    assert params["tradeNO"] and params["out_trade_no"] == request.order_id

    result = complete(sandbox_url, request.order_id, "alipay")
    assert result["response"] == {"status": 200, "body": "success"}
    state = receiver.received[-1]["state"]
    assert (state.order_id, state.state, state.amount_fen) == (request.order_id, "paid", 12345)
    assert state.merchant_id == app.config["ALIPAY_SELLER_ID"] and state.transaction_id == params["tradeNO"]
    assert state.event_id and state.paid_at is not None
    assert alipay.parse_notify({}, result["notify"]["body"].encode()) == state


def test_alipay_ten_fen(app, gateways, receiver, sandbox_url):
    request = pay_request(10, payer_openid="2088102177846880")
    gateways["alipay"].prepay(request)
    complete(sandbox_url, request.order_id, "alipay")
    assert receiver.received[-1]["state"].amount_fen == 10
    assert gateways["alipay"].query(request.order_id).amount_fen == 10


def test_alipay_h5_wap_pay(app, gateways, receiver, sandbox_url):
    alipay = gateways["alipay"]
    request = pay_request(990, payer_openid=None, scene="h5")

    url = alipay.prepay(request)["pay_url"]
    assert url.startswith(f"{sandbox_url}/_sandbox/alipay/gateway.do?") and "alipay.trade.wap.pay" in url
    assert alipay.query(request.order_id).state == "unknown"  # until the buyer opens the page
    page = requests.get(url, timeout=10)  # the buyer's browser
    assert page.status_code == 200 and "9.90" in page.text
    assert alipay.query(request.order_id).state == "pending"

    complete(sandbox_url, request.order_id, "alipay")
    assert receiver.received[-1]["state"].amount_fen == 990
    assert alipay.query(request.order_id).state == "paid"


def test_alipay_tampered_notify_is_refused(app, gateways, receiver, sandbox_url):
    alipay = gateways["alipay"]
    request = pay_request(500, payer_openid="2088102177846880")
    alipay.prepay(request)
    body = complete(sandbox_url, request.order_id, "alipay")["notify"]["body"]

    with pytest.raises(ValueError):
        alipay.parse_notify({}, body.replace("total_amount=5.00", "total_amount=0.01").encode())
    with pytest.raises(ValueError):
        alipay.parse_notify({}, body.replace("sign_type=RSA2", "sign_type=RSA").encode())
    with pytest.raises(ValueError):
        alipay.parse_notify({}, (body + "&sign=AAAA").encode())
    with pytest.raises(ValueError):
        alipay.parse_notify({}, b"not a form")
    from tests.support.payments import alipay_notify_signed_by_alipay

    genuine = {"body": body}
    assert alipay.parse_notify({}, alipay_notify_signed_by_alipay(app, genuine)["body"].encode()).state == "paid"
    with pytest.raises(ValueError):  # correctly signed, but names no seller
        alipay.parse_notify({}, alipay_notify_signed_by_alipay(app, genuine, seller_id=None)["body"].encode())
    with pytest.raises(ValueError):  # correctly signed, another app's
        alipay.parse_notify({}, alipay_notify_signed_by_alipay(app, genuine, app_id="2021999999999999")["body"]
                            .encode())

    forged = complete(sandbox_url, request.order_id, "alipay", "bad_signature")
    assert forged["response"] == {"status": 200, "body": "failure"}
    assert receiver.received[-1]["state"] is None
    wrong = complete(sandbox_url, request.order_id, "alipay", "wrong_amount")
    assert receiver.received[-1]["state"].amount_fen == 501 and wrong["response"]["body"] == "success"
    twice = complete(sandbox_url, request.order_id, "alipay", "duplicate")
    assert [r["body"] for r in twice["responses"]] == ["success", "success"]


def test_alipay_query_close_refund(app, gateways, sandbox_url):
    alipay = gateways["alipay"]
    assert alipay.query(order_id()).state == "unknown"

    paid = pay_request(2000, payer_openid="2088102177846880")
    alipay.prepay(paid)
    complete(sandbox_url, paid.order_id, "alipay")
    state = alipay.query(paid.order_id)
    assert (state.state, state.amount_fen, state.paid_at is not None) == ("paid", 2000, True)
    refund = alipay.refund(paid.order_id, "R" + paid.order_id[1:], 2000, 2000, "撤回申请")
    assert (refund.state, refund.amount_fen) == ("success", 2000)
    with pytest.raises(ValueError):
        alipay.refund(paid.order_id, "R2" + paid.order_id[2:], 1, 2000, "超额")

    unpaid = pay_request(100, payer_openid="2088102177846880")
    alipay.prepay(unpaid)
    alipay.close(unpaid.order_id)
    assert alipay.query(unpaid.order_id).state == "closed"
    with pytest.raises(ValueError):
        alipay.close(paid.order_id)


def test_alipay_outage_is_a_connection_error(app):
    gateway = AlipayGateway({**app.config, "ALIPAY_GATEWAY_URL": "http://127.0.0.1:9/gateway.do"}, app.instance_path)
    with pytest.raises(ConnectionError):
        gateway.query(order_id())


def test_both_gateways_are_installed_as_ports(app, gateways):
    assert {name: g.channel for name, g in gateways.items()} == {"wechat": "wechat", "alipay": "alipay"}


def test_the_sdk_alone_cannot_reach_a_gateway_with_a_port(app, gateways):
    """Why PortAwareAlipayClient exists: WebUtils.get_http_connection ignores the port (and then adds an int to a
    str). If a new SDK version fixes it, this test says so and the override can go."""
    from alipay.aop.api.DefaultAlipayClient import DefaultAlipayClient
    from alipay.aop.api.domain.AlipayTradeQueryModel import AlipayTradeQueryModel
    from alipay.aop.api.exception.Exception import RequestException
    from alipay.aop.api.request.AlipayTradeQueryRequest import AlipayTradeQueryRequest

    model = AlipayTradeQueryModel()
    model.out_trade_no = order_id()
    plain = DefaultAlipayClient(gateways["alipay"].client._config)
    # port 80 instead of the sandbox's: connection refused; with something on port 80, the str + int TypeError
    with pytest.raises((RequestException, TypeError)):
        plain.execute(AlipayTradeQueryRequest(biz_model=model))


def test_key_files_as_a_real_deployment_configures_them(app, gateways, tmp_path, sandbox_url):
    """The file settings (README) against the sandbox: the same keys, given as files; Alipay's app key as bare
    base64 PKCS#8, the way Alipay's key tool writes it."""
    from wechat.pay.wechatpay import WeChatPayGateway

    k = keys(app)
    app_key = serialization.load_pem_private_key(k.alipay_app_private_key.encode(), password=None)
    files = {"merchant.pem": k.merchant_private_key, "wechatpay_pub.pem": k.platform_public_key,
             "alipay_app.key": base64.b64encode(app_key.private_bytes(
                 serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                 serialization.NoEncryption())).decode(),
             "alipay_pub.pem": k.alipay_public_key}
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    config = {**app.config, "WECHAT_SANDBOX": False,
              "WECHATPAY_PRIVATE_KEY_FILE": str(tmp_path / "merchant.pem"),
              "WECHATPAY_CERT_SERIAL_NO": k.merchant_cert_serial_no, "WECHATPAY_APIV3_KEY": k.apiv3_key,
              "WECHATPAY_PUBLIC_KEY_FILE": str(tmp_path / "wechatpay_pub.pem"),
              "WECHATPAY_PUBLIC_KEY_ID": k.platform_public_key_id,
              "ALIPAY_APP_PRIVATE_KEY_FILE": str(tmp_path / "alipay_app.key"),
              "ALIPAY_PUBLIC_KEY_FILE": str(tmp_path / "alipay_pub.pem")}
    wechat, alipay = WeChatPayGateway(config), AlipayGateway(config)

    paid = pay_request(700)
    wechat.prepay(paid)
    complete(sandbox_url, paid.order_id, "wechat")
    assert wechat.query(paid.order_id).state == "paid"
    assert alipay.query(order_id()).state == "unknown"  # signed with the PKCS#8 key, the answer verified
    with pytest.raises(RuntimeError):
        WeChatPayGateway({**app.config, "WECHAT_SANDBOX": False}).query(order_id())  # nothing configured
