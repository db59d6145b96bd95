"""The simulated WeChat Pay APIv3, served under `/_sandbox/wechatpay/`; the real wechatpayv3 client talks to it.

Endpoints (the ones `wechat/pay/wechatpay.py` calls):
    POST /_sandbox/wechatpay/v3/pay/transactions/jsapi                      → 200 {"prepay_id"}
    GET  /_sandbox/wechatpay/v3/pay/transactions/out-trade-no/{no}?mchid=  → 200 the transaction | 404 ORDER_NOT_EXIST
    POST /_sandbox/wechatpay/v3/pay/transactions/out-trade-no/{no}/close   → 204 | 400 ORDERPAID
    POST /_sandbox/wechatpay/v3/refund/domestic/refunds                     → 200 {"status": "SUCCESS", …}
    GET  /_sandbox/wechatpay/v3/certificates                                → the platform certificate, encrypted

Every request must carry the merchant's `Authorization: WECHATPAY2-SHA256-RSA2048 mchid=…,signature=…` made with
the merchant key (the generated sandbox key, wechat/pay/keys.py); a bad one is 401 SIGN_ERROR. Every answer is
signed with the platform key (Wechatpay-Signature, -Timestamp, -Nonce, -Serial headers), so the SDK's own
verification runs. Payments are completed through `POST /_sandbox/pay/complete` (wechat/sandbox/pay.py), which
sends the notify: an AEAD_AES_256_GCM resource encrypted with the APIv3 key, signed like any answer.

Both of WeChat Pay's verification modes: a merchant in public-key mode names the key in its requests'
`Wechatpay-Serial` header (wechatpayv3 does), and answers and that trade's notify carry the `PUB_KEY_ID_…`; a
merchant in platform-certificate mode sends no such header, and gets the certificate's serial. The platform key is
the same either way (the certificate is over it). Every certificate download is counted
(`SandboxStore.counter(CERTIFICATE_DOWNLOADS)`), so a test can tell how often a merchant fetched them.
"""
from __future__ import annotations

import base64
import json
import re
import secrets
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Blueprint, Response, current_app, request

from wechat.pay.keys import SANDBOX_MCHID, SandboxKeys, sandbox_key_dir, sandbox_keys
from wechat.sandbox.store import SandboxStore

PREFIX = "/_sandbox/wechatpay"
bp = Blueprint("sandbox_wechatpay", __name__, url_prefix=PREFIX)
AUTH = re.compile(r'^WECHATPAY2-SHA256-RSA2048 (.+)$')
SHANGHAI = ZoneInfo("Asia/Shanghai")
CERTIFICATE_DOWNLOADS = "wechatpay_certificate_downloads"
STATES = {"pending": ("NOTPAY", "订单未支付"), "paid": ("SUCCESS", "支付成功"), "closed": ("CLOSED", "已关闭"),
          "refunded": ("REFUND", "转入退款")}


def store() -> SandboxStore:
    return current_app.extensions["wechat.sandbox_store"]


def keys() -> SandboxKeys:
    return sandbox_keys(sandbox_key_dir(current_app.config, current_app.instance_path))


def mchid() -> str:
    return current_app.config.get("WECHATPAY_MCHID") or SANDBOX_MCHID


def _sign(private_pem: str, message: str) -> str:
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return base64.b64encode(key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def merchant_serial() -> str:
    """The serial this request's merchant verifies with: the public key it named, else the certificate's."""
    k = keys()
    if request.headers.get("Wechatpay-Serial") == k.platform_public_key_id:
        return k.platform_public_key_id
    return k.platform_cert_serial_no


def signed_headers(body: str, signature_ok: bool = True, serial: str | None = None) -> dict:
    """The Wechatpay-* headers for an answer or a notify body, signed with the platform key and named by `serial`
    (default: the public key's id)."""
    k = keys()
    timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
    signature = _sign(k.platform_private_key, f"{timestamp}\n{nonce}\n{body}\n")
    if not signature_ok:
        signature = _sign(k.merchant_private_key, f"{timestamp}\n{nonce}\n{body}\n")  # well formed, wrong key
    return {"Wechatpay-Timestamp": timestamp, "Wechatpay-Nonce": nonce, "Wechatpay-Signature": signature,
            "Wechatpay-Serial": serial or k.platform_public_key_id,
            "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048"}


def answer(status: int, payload: dict | None = None) -> Response:
    body = "" if payload is None else json.dumps(payload, ensure_ascii=False)
    response = Response(body, status=status, mimetype="application/json" if body else None)
    response.headers.update(signed_headers(body, serial=merchant_serial()))
    return response


def fail(status: int, code: str, message: str) -> Response:
    return answer(status, {"code": code, "message": message})


def check_authorization() -> Response | None:
    """Verify the merchant's signature over method, path (with query), timestamp, nonce and body."""
    match = AUTH.match(request.headers.get("Authorization", ""))
    if not match:
        return fail(401, "SIGN_ERROR", "Authorization 缺失或格式错误")
    fields = dict(re.findall(r'(\w+)="([^"]*)"', match.group(1)))
    k = keys()
    if fields.get("mchid") != mchid() or fields.get("serial_no") != k.merchant_cert_serial_no:
        return fail(401, "SIGN_ERROR", "商户号或证书序列号不匹配")
    path = request.path[len(PREFIX):]
    if request.query_string:
        path += "?" + request.query_string.decode()
    message = (f"{request.method}\n{path}\n{fields.get('timestamp')}\n{fields.get('nonce_str')}\n"
               f"{request.get_data(as_text=True)}\n")
    public = serialization.load_pem_public_key(k.merchant_public_key.encode())
    try:
        public.verify(base64.b64decode(fields.get("signature", "")), message.encode(), padding.PKCS1v15(),
                      hashes.SHA256())
    except (InvalidSignature, ValueError):
        return fail(401, "SIGN_ERROR", "签名错误")
    if abs(time.time() - int(fields.get("timestamp") or 0)) > 300:
        return fail(401, "SIGN_ERROR", "时间戳过期")
    return None


@bp.before_request
def _authorise():
    return check_authorization()


def _rfc3339(epoch: float | None) -> str | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, SHANGHAI).isoformat(timespec="seconds")


def transaction(order: dict) -> dict:
    """The order as WeChat Pay describes a transaction (query answer and notify resource)."""
    trade_state, desc = STATES[order["state"]]
    result = {"appid": order["extra"].get("appid"), "mchid": order["extra"].get("mchid"),
              "out_trade_no": order["order_id"], "trade_state": trade_state, "trade_state_desc": desc,
              "amount": {"total": order["amount_fen"], "currency": "CNY"},
              "payer": {"openid": order["extra"].get("openid")}}
    if order["state"] != "pending" and order["paid_at"]:
        result.update({"transaction_id": order["transaction_id"], "trade_type": "JSAPI", "bank_type": "OTHERS",
                       "success_time": _rfc3339(order["paid_at"]),
                       "amount": {"total": order["amount_fen"], "payer_total": order["amount_fen"],
                                  "currency": "CNY", "payer_currency": "CNY"}})
    return result


@bp.post("/v3/pay/transactions/jsapi")
def jsapi():
    data = request.get_json(silent=True) or {}
    amount = (data.get("amount") or {}).get("total")
    if data.get("mchid") != mchid() or not data.get("appid"):
        return fail(400, "PARAM_ERROR", "mchid/appid 不正确")
    if not (isinstance(amount, int) and amount > 0) or not data.get("out_trade_no") or not data.get("notify_url"):
        return fail(400, "PARAM_ERROR", "amount.total、out_trade_no、notify_url 必填")
    if not (data.get("payer") or {}).get("openid"):
        return fail(400, "PARAM_ERROR", "payer.openid 必填")
    prepay_id = f"wx{secrets.token_hex(16)}"
    order, new = store().pay_create(
        "wechat", data["out_trade_no"], amount, data.get("description", ""), data["notify_url"],
        {"transaction_id": f"4200{int(time.time())}{secrets.randbelow(10**10):010d}", "appid": data["appid"],
         "mchid": data["mchid"], "openid": data["payer"]["openid"], "prepay_id": prepay_id,
         "time_expire": data.get("time_expire"), "serial": merchant_serial()})
    if not new:
        if order["state"] == "paid":
            return fail(400, "ORDERPAID", "该订单已支付")
        if order["state"] == "closed":
            return fail(400, "ORDER_CLOSED", "当前订单已关闭，请重新下单")
        if order["amount_fen"] != amount:
            return fail(400, "INVALID_REQUEST", "201 商户订单号重复")
    return answer(200, {"prepay_id": order["extra"]["prepay_id"]})


@bp.get("/v3/pay/transactions/out-trade-no/<order_id>")
def query(order_id):
    if request.args.get("mchid") != mchid():
        return fail(400, "PARAM_ERROR", "mchid 不正确")
    order = store().pay_order("wechat", order_id)
    if order is None:
        return fail(404, "ORDER_NOT_EXIST", "订单不存在")
    return answer(200, transaction(order))


@bp.post("/v3/pay/transactions/out-trade-no/<order_id>/close")
def close(order_id):
    order = store().pay_close("wechat", order_id)
    if order is None:
        return fail(404, "ORDER_NOT_EXIST", "订单不存在")
    if order["state"] in ("paid", "refunded"):
        return fail(400, "ORDERPAID", "订单已支付")
    return answer(204)


@bp.post("/v3/refund/domestic/refunds")
def refund():
    data = request.get_json(silent=True) or {}
    amount = data.get("amount") or {}
    order_id, refund_id = data.get("out_trade_no"), data.get("out_refund_no")
    if not order_id or not refund_id or not isinstance(amount.get("refund"), int):
        return fail(400, "PARAM_ERROR", "out_trade_no、out_refund_no、amount.refund 必填")
    order = store().pay_order("wechat", order_id)
    if order is not None and amount.get("total") != order["amount_fen"]:
        return fail(400, "PARAM_ERROR", "订单金额不一致")
    outcome, order = store().pay_refund("wechat", order_id, refund_id, amount["refund"])
    if outcome == "not_found":
        return fail(404, "RESOURCE_NOT_EXISTS", "订单不存在")
    if outcome == "not_paid":
        return fail(400, "INVALID_REQUEST", "订单未支付，不能退款")
    if outcome == "too_much":
        return fail(400, "NOT_ENOUGH", "退款金额超过可退金额")
    return answer(200, {"refund_id": f"5030{secrets.randbelow(10**16):016d}", "out_refund_no": refund_id,
                        "transaction_id": order["transaction_id"], "out_trade_no": order_id, "channel": "ORIGINAL",
                        "status": "SUCCESS", "create_time": _rfc3339(time.time()),
                        "success_time": _rfc3339(time.time()),
                        "amount": {"total": order["amount_fen"], "refund": amount["refund"],
                                   "payer_total": order["amount_fen"], "payer_refund": amount["refund"],
                                   "currency": "CNY"}})


def encrypt_resource(plain: dict, associated_data: str) -> dict:
    nonce = secrets.token_hex(6)  # 12 characters, used as bytes, as WeChat Pay does
    ciphertext = AESGCM(keys().apiv3_key.encode()).encrypt(
        nonce.encode(), json.dumps(plain, ensure_ascii=False).encode(), associated_data.encode())
    return {"original_type": associated_data, "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": base64.b64encode(ciphertext).decode(), "associated_data": associated_data, "nonce": nonce}


@bp.get("/v3/certificates")
def certificates():
    """For merchants in platform-certificate mode: the certificate, encrypted with the APIv3 key. Counted."""
    store().count(CERTIFICATE_DOWNLOADS)
    k = keys()
    nonce = secrets.token_hex(6)
    encrypted = {"algorithm": "AEAD_AES_256_GCM", "associated_data": "certificate", "nonce": nonce,
                 "ciphertext": base64.b64encode(AESGCM(k.apiv3_key.encode()).encrypt(
                     nonce.encode(), k.platform_certificate.encode(), b"certificate")).decode()}
    return answer(200, {"data": [{"serial_no": k.platform_cert_serial_no, "effective_time": _rfc3339(time.time()),
                                  "expire_time": _rfc3339(time.time() + 3650 * 86400),
                                  "encrypt_certificate": encrypted}]})


def build_notify(order: dict, fault: str | None) -> tuple[dict, bytes]:
    """The TRANSACTION.SUCCESS notify for a paid order: (headers, body). fault "wrong_amount" claims one fen
    more than the order (correctly signed); "bad_signature" signs with a key that is not WeChat Pay's."""
    resource = transaction(order)
    if fault == "wrong_amount":
        resource["amount"] = {**resource["amount"], "total": order["amount_fen"] + 1,
                              "payer_total": order["amount_fen"] + 1}
    event = {"id": f"EV-{secrets.token_hex(10)}", "create_time": _rfc3339(time.time()),
             "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS", "summary": "支付成功",
             "resource": encrypt_resource(resource, "transaction")}
    body = json.dumps(event, ensure_ascii=False)
    headers = {"Content-Type": "application/json", **signed_headers(body, signature_ok=fault != "bad_signature",
                                                                    serial=order["extra"].get("serial"))}
    return headers, body.encode()

