"""WeChat Pay notifies naming serials nobody issued: the SDK (wechatpayv3) downloads every platform certificate
when a signature names a serial it does not hold, and a notify is unauthenticated until verified. Played through
the app's notify endpoint against the sandbox, in public-key mode and in platform-certificate mode, counting the
certificate downloads the sandbox serves."""
from __future__ import annotations

import base64
import json
import secrets
import time

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from tests.support.payments import Payer, approver, licence_count, payment_config
from wechat.pay.keys import sandbox_key_dir, sandbox_keys
from wechat.sandbox.pay_wechat import CERTIFICATE_DOWNLOADS

FORGERIES = 25


@pytest.fixture
def payer(client, sandbox):
    return Payer(client, sandbox)


@pytest.fixture
def approved(resident, submitted, staff):
    return approver(resident, submitted, staff("reviewer"), "玉泉区石羊桥西路")


def downloads(sandbox) -> int:
    return sandbox.store.counter(CERTIFICATE_DOWNLOADS)


def with_serial(notify: dict, serial: str) -> dict:
    """The genuine notify with another Wechatpay-Serial: what anybody can send to the public notify URL."""
    return {**notify, "headers": {**notify["headers"], "Wechatpay-Serial": serial}}


def signed_by_wechatpay(app, notify: dict, serial: str) -> dict:
    """The notify's body signed again by WeChat Pay's platform key, under `serial`."""
    key = serialization.load_pem_private_key(
        sandbox_keys(sandbox_key_dir(app.config, app.instance_path)).platform_private_key.encode(), password=None)
    timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
    message = f"{timestamp}\n{nonce}\n{notify['body']}\n".encode()
    signature = base64.b64encode(key.sign(message, padding.PKCS1v15(), hashes.SHA256())).decode()
    return {**notify, "headers": {**notify["headers"], "Wechatpay-Serial": serial, "Wechatpay-Timestamp": timestamp,
                                  "Wechatpay-Nonce": nonce, "Wechatpay-Signature": signature}}


def forge_unknown_serials(payer, notify: dict, count: int) -> list[int]:
    return [payer.deliver(with_serial(notify, secrets.token_hex(20).upper()), "wechat").status_code
            for _ in range(count)]


def order_status(who, order) -> str:
    return who.get(f"/api/v1/orders/{order['id']}").get_json()["status"]


@pytest.fixture
def certificate_dir(tmp_path):
    """Asked for by a test: the merchant verifies in platform-certificate mode, with certificates kept here."""
    return tmp_path / "wechatpay-certs"


@pytest.fixture
def refresh_seconds():
    return 60


@pytest.fixture
def config_overrides(request, sandbox, refresh_seconds):
    config = {**payment_config(sandbox), "WECHATPAY_CERT_REFRESH_SECONDS": refresh_seconds}
    if "certificate_dir" in request.fixturenames:
        config["WECHATPAY_PLATFORM_CERT_DIR"] = str(request.getfixturevalue("certificate_dir"))
    return config


def test_public_key_mode_unknown_serials_cost_one_certificate_download(app, sandbox, approved, payer):
    who, _, order = approved("alice")
    trade = payer.pay(who, order["id"], "wechat")["trade_id"]
    genuine = payer.complete(trade, "wechat")
    assert genuine["headers"]["Wechatpay-Serial"].startswith("PUB_KEY_ID_")
    before = downloads(sandbox)

    assert forge_unknown_serials(payer, genuine, FORGERIES) == [400] * FORGERIES
    assert payer.deliver(with_serial(genuine, "not-a-serial"), "wechat").status_code == 400
    assert downloads(sandbox) - before == 1  # the first forgery's; before, one per forgery
    assert order_status(who, order) == "pending" and licence_count(app) == 0

    assert payer.deliver(genuine, "wechat").status_code == 200
    assert order_status(who, order) == "paid" and downloads(sandbox) - before == 1


def test_certificate_mode_unknown_serials_cost_one_certificate_download(app, sandbox, approved, payer,
                                                                       certificate_dir):
    who, _, order = approved("bob")
    before = downloads(sandbox)
    trade = payer.pay(who, order["id"], "wechat")["trade_id"]  # the SDK is built: its certificate from the dir
    genuine = payer.complete(trade, "wechat")
    keys = sandbox_keys(sandbox_key_dir(app.config, app.instance_path))
    assert genuine["headers"]["Wechatpay-Serial"] == keys.platform_cert_serial_no
    assert [p.name for p in certificate_dir.iterdir()] == [f"{keys.platform_cert_serial_no}.pem"]
    assert downloads(sandbox) == before  # nothing fetched to start: not from the real gateway, not from ours

    assert forge_unknown_serials(payer, genuine, FORGERIES) == [400] * FORGERIES
    assert downloads(sandbox) - before == 1
    assert order_status(who, order) == "pending" and licence_count(app) == 0

    assert payer.deliver(genuine, "wechat").status_code == 200  # the certificate it held survived the download
    assert order_status(who, order) == "paid" and licence_count(app) == 1
    assert downloads(sandbox) - before == 1


@pytest.mark.parametrize("refresh_seconds", [1])
def test_one_more_download_per_refresh_interval(app, sandbox, approved, payer, certificate_dir, refresh_seconds):
    who, _, order = approved("carol")
    genuine = payer.complete(payer.pay(who, order["id"], "wechat")["trade_id"], "wechat")
    before = downloads(sandbox)
    forge_unknown_serials(payer, genuine, 5)
    assert downloads(sandbox) - before == 1
    time.sleep(1.1)
    forge_unknown_serials(payer, genuine, 5)
    assert downloads(sandbox) - before == 2


def test_a_genuine_notify_under_a_certificate_the_sdk_lacks_verifies_after_one_download(app, sandbox, approved,
                                                                                         payer):
    """A public-key merchant may still get notifies signed under the platform certificate (WeChat Pay's
    migration); the one download the guard allows fetches it, and it verifies."""
    who, _, order = approved("dave")
    genuine = payer.complete(payer.pay(who, order["id"], "wechat")["trade_id"], "wechat")
    serial = sandbox_keys(sandbox_key_dir(app.config, app.instance_path)).platform_cert_serial_no
    before = downloads(sandbox)

    answer = payer.deliver(signed_by_wechatpay(app, genuine, serial), "wechat")
    assert answer.status_code == 200 and json.loads(answer.get_data(as_text=True))["code"] == "SUCCESS"
    assert order_status(who, order) == "paid" and downloads(sandbox) - before == 1
    assert payer.deliver(signed_by_wechatpay(app, genuine, serial), "wechat").status_code == 200  # held now
    assert downloads(sandbox) - before == 1


def test_certificate_mode_with_our_own_gateway_url_needs_the_certificates_in_place(app, sandbox, tmp_path):
    """wechatpayv3's constructor fetches missing certificates from api.mch.weixin.qq.com, whatever
    WECHATPAY_API_BASE_URL says: with key files (a real deployment's settings) and an empty directory the gateway
    is refused as not configured; once the operator has put the certificate there, it works and fetches nothing."""
    from wechat.pay.keys import NotConfigured, install_sandbox_certificate
    from wechat.pay.wechatpay import WeChatPayGateway

    keys = sandbox_keys(sandbox_key_dir(app.config, app.instance_path))
    (tmp_path / "merchant.pem").write_text(keys.merchant_private_key)
    certificates = tmp_path / "certs"
    config = {**app.config, "WECHAT_SANDBOX": False, "WECHATPAY_PRIVATE_KEY_FILE": str(tmp_path / "merchant.pem"),
              "WECHATPAY_CERT_SERIAL_NO": keys.merchant_cert_serial_no, "WECHATPAY_APIV3_KEY": keys.apiv3_key,
              "WECHATPAY_PUBLIC_KEY_FILE": "", "WECHATPAY_PLATFORM_CERT_DIR": str(certificates)}
    with pytest.raises(NotConfigured, match="holds no certificate"):
        WeChatPayGateway(config).query("01JNOTHINGHERE000000000000")

    install_sandbox_certificate(str(certificates), keys)  # as WeChat Pay's certificate downloader would
    before = downloads(sandbox)
    assert WeChatPayGateway(config).query("01JNOTHINGHERE000000000000").state == "unknown"  # answer verified
    assert downloads(sandbox) == before
