"""The simulated Alipay open-platform gateway, served at `/_sandbox/alipay/gateway.do`; the real alipay-sdk-python
client talks to it over HTTP (on 127.0.0.1 with an explicit port, which the SDK cannot do by itself: see
wechat/pay/alipay_gateway.py).

    POST /_sandbox/alipay/gateway.do?method=alipay.trade.create|query|close|refund&app_id=…&sign=…  (biz_content
         in the form body): verifies the app's RSA2 signature with the app public key, answers
         {"<method>_response": {...}, "sign": "..."} signed with the sandbox's "Alipay" key.
    GET|POST /_sandbox/alipay/gateway.do?method=alipay.trade.wap.pay&…  the H5 cashier the buyer's browser opens
         (the URL or form `page_execute` builds): verifies the signature, records the order, shows a page.

Answers follow Alipay: code 10000 Success; 40004 Business Failed with sub_code ACQ.TRADE_NOT_EXIST,
ACQ.TRADE_STATUS_ERROR, ACQ.REFUND_AMT_NOT_EQUAL_TOTAL…; 40002 isv.invalid-signature for a bad signature.
Payments complete through `POST /_sandbox/pay/complete` (wechat/sandbox/pay.py), which sends the
trade_status_sync notify as a signed form.
"""
from __future__ import annotations

import base64
import json
import secrets
import time
from datetime import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qsl, urlencode, urlsplit
from zoneinfo import ZoneInfo

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from flask import Blueprint, Response, current_app, request

from wechat.pay.keys import SANDBOX_ALIPAY_APPID, SANDBOX_ALIPAY_SELLER_ID, SandboxKeys, sandbox_key_dir, sandbox_keys
from wechat.sandbox.store import SandboxStore

bp = Blueprint("sandbox_alipay", __name__, url_prefix="/_sandbox/alipay")
SHANGHAI = ZoneInfo("Asia/Shanghai")
STATES = {"pending": "WAIT_BUYER_PAY", "paid": "TRADE_SUCCESS", "closed": "TRADE_CLOSED",
          "refunded": "TRADE_CLOSED"}


def store() -> SandboxStore:
    return current_app.extensions["wechat.sandbox_store"]


def keys() -> SandboxKeys:
    return sandbox_keys(sandbox_key_dir(current_app.config, current_app.instance_path))


def appid() -> str:
    return current_app.config.get("ALIPAY_APPID") or SANDBOX_ALIPAY_APPID


def seller_id() -> str:
    """The merchant's Alipay user id, which every trade of the app is paid to and every notify names."""
    return current_app.config.get("ALIPAY_SELLER_ID") or SANDBOX_ALIPAY_SELLER_ID


def sign_content(params: dict, drop: tuple[str, ...]) -> str:
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in drop and v not in (None, ""))


def rsa2_sign(private_pem: str, message: str) -> str:
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return base64.b64encode(key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def rsa2_verify(public_pem: str, message: str, signature: str) -> bool:
    key = serialization.load_pem_public_key(public_pem.encode())
    try:
        key.verify(base64.b64decode(signature), message.encode(), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def fen(amount: str) -> int | None:
    try:
        value = Decimal(amount) * 100
    except (InvalidOperation, TypeError):
        return None
    return int(value) if value == value.to_integral_value() and value > 0 else None


def local_time(epoch: float | None = None) -> str:
    return datetime.fromtimestamp(epoch or time.time(), SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def answer(method: str, payload: dict) -> Response:
    content = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    signature = rsa2_sign(keys().alipay_private_key, content)
    body = f'{{"{method.replace(".", "_")}_response":{content},"sign":"{signature}"}}'
    return Response(body, mimetype="application/json", content_type="application/json;charset=utf-8")


def success(method: str, **fields) -> Response:
    return answer(method, {"code": "10000", "msg": "Success", **fields})


def business_failed(method: str, sub_code: str, sub_msg: str) -> Response:
    return answer(method, {"code": "40004", "msg": "Business Failed", "sub_code": sub_code, "sub_msg": sub_msg})


@bp.route("/gateway.do", methods=["GET", "POST"])
def gateway():
    return handle({**request.args.to_dict(), **request.form.to_dict()})


def open_cashier(pay_url: str) -> Response:
    """What the buyer's browser does with an H5 pay URL (`alipay.trade.wap.pay`, signed by DogPass): the gateway
    checks it and records the trade. Done in-process, from the URL's signed parameters: nothing is fetched."""
    return handle(dict(parse_qsl(urlsplit(pay_url).query, keep_blank_values=True)))


def handle(params: dict) -> Response:
    """One call to the gateway: the app's signature is checked over every parameter, then the method runs."""
    method = params.get("method", "")
    signature = params.pop("sign", "")
    if params.get("app_id") != appid():
        return answer(method, {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-app-id",
                               "sub_msg": "无效的AppID参数"})
    if params.get("sign_type") != "RSA2" or not rsa2_verify(keys().alipay_app_public_key,
                                                             sign_content(params, ()), signature):
        return answer(method, {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-signature",
                               "sub_msg": "验签出错"})
    try:
        biz = json.loads(params.get("biz_content") or "{}")
    except ValueError:
        biz = None
    if not isinstance(biz, dict):
        return answer(method, {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-parameter",
                               "sub_msg": "biz_content 不是 JSON 对象"})
    handler = METHODS.get(method)
    if handler is None:
        return answer(method, {"code": "40002", "msg": "Invalid Arguments", "sub_code": "isv.invalid-method",
                               "sub_msg": "不存在的方法名"})
    return handler(method, biz, params)


def _create(method: str, biz: dict, params: dict, scene: str):
    amount = fen(str(biz.get("total_amount", "")))
    order_id = biz.get("out_trade_no")
    if not order_id or amount is None or not biz.get("subject"):
        return business_failed(method, "ACQ.INVALID_PARAMETER", "参数无效 out_trade_no/total_amount/subject")
    if scene == "mini_program" and not (biz.get("buyer_id") or biz.get("buyer_open_id")):
        return business_failed(method, "ACQ.INVALID_PARAMETER", "buyer_id 或 buyer_open_id 必填")
    order, new = store().pay_create(
        "alipay", order_id, amount, biz["subject"], params.get("notify_url", ""),
        {"transaction_id": f"{time.strftime('%Y%m%d')}22001{secrets.randbelow(10**13):013d}", "scene": scene,
         "app_id": params["app_id"], "seller_id": seller_id(),
         "buyer_id": biz.get("buyer_id") or biz.get("buyer_open_id") or "",
         "product_code": biz.get("product_code"), "return_url": params.get("return_url", "")})
    if not new and (order["amount_fen"] != amount or order["state"] != "pending"):
        return business_failed(method, "ACQ.TRADE_HAS_SUCCESS" if order["state"] == "paid" else
                               "ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改或交易已支付")
    return order


def trade_create(method, biz, params):
    order = _create(method, biz, params, "mini_program")
    if isinstance(order, Response):
        return order
    return success(method, out_trade_no=order["order_id"], trade_no=order["transaction_id"])


def wap_pay(method, biz, params):
    order = _create(method, biz, params, "h5")
    if isinstance(order, Response):
        return order
    page = (f"<!doctype html><meta charset=utf-8><title>支付宝沙箱收银台</title><h1>{order['description']}</h1>"
            f"<p>订单 {order['order_id']}：¥{yuan(order['amount_fen'])}</p>"
            "<p>POST /_sandbox/pay/complete 完成付款。</p>")
    return Response(page, mimetype="text/html")


def trade_query(method, biz, params):
    order = store().pay_order("alipay", biz.get("out_trade_no") or "")
    if order is None:
        return business_failed(method, "ACQ.TRADE_NOT_EXIST", "交易不存在")
    fields = {"out_trade_no": order["order_id"], "trade_no": order["transaction_id"],
              "trade_status": STATES[order["state"]], "total_amount": yuan(order["amount_fen"]),
              "buyer_user_id": order["extra"].get("buyer_id") or None}
    if order["paid_at"]:
        fields.update({"send_pay_date": local_time(order["paid_at"]), "receipt_amount": yuan(order["amount_fen"]),
                       "buyer_pay_amount": yuan(order["amount_fen"])})
    return success(method, **{k: v for k, v in fields.items() if v is not None})


def trade_close(method, biz, params):
    order = store().pay_close("alipay", biz.get("out_trade_no") or "")
    if order is None:
        return business_failed(method, "ACQ.TRADE_NOT_EXIST", "交易不存在")
    if order["state"] != "closed":
        return business_failed(method, "ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
    return success(method, out_trade_no=order["order_id"], trade_no=order["transaction_id"])


def trade_refund(method, biz, params):
    amount = fen(str(biz.get("refund_amount", "")))
    refund_id = biz.get("out_request_no") or biz.get("out_trade_no")
    if amount is None or not refund_id:
        return business_failed(method, "ACQ.INVALID_PARAMETER", "参数无效 refund_amount/out_request_no")
    outcome, order = store().pay_refund("alipay", biz.get("out_trade_no") or "", refund_id, amount)
    if outcome == "not_found":
        return business_failed(method, "ACQ.TRADE_NOT_EXIST", "交易不存在")
    if outcome == "not_paid":
        return business_failed(method, "ACQ.TRADE_STATUS_ERROR", "交易状态不合法")
    if outcome == "too_much":
        return business_failed(method, "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限")
    return success(method, out_trade_no=order["order_id"], trade_no=order["transaction_id"], fund_change=(
        "Y" if outcome == "ok" else "N"), refund_fee=yuan(order["refunded_fen"]), gmt_refund_pay=local_time())


METHODS = {"alipay.trade.create": trade_create, "alipay.trade.wap.pay": wap_pay, "alipay.trade.query": trade_query,
           "alipay.trade.close": trade_close, "alipay.trade.refund": trade_refund}


def build_notify(order: dict, fault: str | None) -> tuple[dict, bytes]:
    """The trade_status_sync notify (a form POST) for a paid order: (headers, body). fault "wrong_amount" claims one
    fen more, correctly signed; "bad_signature" signs with a key that is not Alipay's."""
    amount = yuan(order["amount_fen"] + (1 if fault == "wrong_amount" else 0))
    params = {"notify_time": local_time(), "notify_type": "trade_status_sync", "notify_id": secrets.token_hex(16),
              "app_id": order["extra"].get("app_id") or appid(), "charset": "utf-8", "version": "1.0",
              "sign_type": "RSA2", "trade_no": order["transaction_id"], "out_trade_no": order["order_id"],
              "trade_status": "TRADE_SUCCESS", "total_amount": amount, "receipt_amount": amount,
              "buyer_pay_amount": amount, "subject": order["description"],
              "seller_id": order["extra"].get("seller_id") or seller_id(),
              "buyer_id": order["extra"].get("buyer_id") or "2088000000000002",
              "gmt_create": local_time(order["created_at"]), "gmt_payment": local_time(order["paid_at"])}
    key = keys().alipay_private_key if fault != "bad_signature" else keys().alipay_app_private_key
    params["sign"] = rsa2_sign(key, sign_content(params, ("sign", "sign_type")))
    return ({"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
            urlencode(params).encode())
