"""Sandbox controls for both payment gateways, under `/_sandbox/pay/`.

    POST /_sandbox/pay/complete  {"order_id", "channel": "wechat"|"alipay",
                                  "fault": null|"bad_signature"|"wrong_amount"|"duplicate"}
        The buyer pays: the sandbox order becomes paid and the gateway's notify, correctly signed, is POSTed to
        the notify URL given at prepay. Answers {"notify": {"url", "headers", "body"}, "response": {"status",
        "body"}, "responses": [...]} so a test can replay the notify. Faults: "bad_signature" signs with a key
        that is not the gateway's and leaves the order unpaid (a forger pays nothing); "wrong_amount" is
        correctly signed but claims one fen more than the order; "duplicate" sends the same notify twice
        ("responses" has both answers). 404 for an order the sandbox does not know, 409 for a closed one.
    GET  /_sandbox/pay/orders?channel=
        The sandbox's orders: [{"channel", "order_id", "amount_fen", "state", "transaction_id", "refunded_fen",
        "notify_url", ...}].
"""
from __future__ import annotations

import time

import requests
from flask import Blueprint, current_app, jsonify, request

from wechat.sandbox import pay_alipay, pay_wechat
from wechat.sandbox.store import SandboxStore

bp = Blueprint("sandbox_pay", __name__, url_prefix="/_sandbox/pay")
FAULTS = {None, "bad_signature", "wrong_amount", "duplicate"}
BUILDERS = {"wechat": pay_wechat.build_notify, "alipay": pay_alipay.build_notify}


def store() -> SandboxStore:
    return current_app.extensions["wechat.sandbox_store"]


def deliver(url: str, headers: dict, body: bytes) -> dict:
    try:
        response = requests.post(url, data=body, headers=headers, timeout=10)
    except requests.RequestException as exc:
        return {"status": None, "body": None, "error": str(exc)}
    return {"status": response.status_code, "body": response.text}


@bp.post("/complete")
def complete():
    data = request.get_json(silent=True) or {}
    channel, order_id, fault = data.get("channel"), data.get("order_id"), data.get("fault")
    if channel not in BUILDERS or not order_id or fault not in FAULTS:
        return jsonify({"error": "order_id, channel wechat|alipay and fault null|bad_signature|wrong_amount|"
                                 "duplicate"}), 400
    order = store().pay_order(channel, order_id)
    if order is None:
        return jsonify({"error": "unknown order"}), 404
    if order["state"] == "closed":
        return jsonify({"error": "order closed"}), 409
    if fault != "bad_signature":
        order = store().pay_mark_paid(channel, order_id)
    elif order["paid_at"] is None:
        order = {**order, "paid_at": time.time()}  # what the forger claims
    headers, body = BUILDERS[channel](order, fault)
    url = data.get("notify_url") or order["notify_url"]
    responses = [deliver(url, headers, body) for _ in range(2 if fault == "duplicate" else 1)]
    return jsonify({"notify": {"url": url, "headers": headers, "body": body.decode()},
                    "response": responses[0], "responses": responses})


@bp.get("/orders")
def orders():
    return jsonify(store().pay_orders(request.args.get("channel") or None))


def _op(summary: str, method: str, name: str, body: dict | None = None) -> dict:
    operation = {"summary": summary, "tags": ["sandbox"], "operationId": f"sandbox_pay_{method}_{name}",
                 "responses": {"200": {"description": "成功", "content": {"application/json": {}}}}}
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return {method: operation}


OPENAPI = {
    "/_sandbox/pay/complete": _op("沙箱：模拟买家付款，向下单时的通知地址发送签名正确的支付通知", "post",
                                  "complete", {
        "type": "object", "required": ["order_id", "channel"],
        "properties": {"order_id": {"type": "string"}, "channel": {"enum": ["wechat", "alipay"]},
                       "fault": {"enum": [None, "bad_signature", "wrong_amount", "duplicate"]},
                       "notify_url": {"type": "string"}}}),
    "/_sandbox/pay/orders": _op("沙箱：支付沙箱中的订单", "get", "orders"),
}
