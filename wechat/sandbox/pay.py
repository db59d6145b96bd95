"""Sandbox controls for both payment gateways, under `/_sandbox/pay/`.

    POST /_sandbox/pay/complete  {"order_id", "channel": "wechat"|"alipay",
                                  "fault": null|"bad_signature"|"wrong_amount"|"duplicate"}
        The buyer pays: the sandbox order becomes paid and the gateway's notify, correctly signed, is POSTed to
        the notify URL DogPass gave when it opened the trade, and nowhere else. `order_id` is DogPass's order id
        (API.md), whose newest open trade on `channel` is paid (an H5 trade's cashier page is opened first, as the
        buyer's browser would), or a trade id (the gateway's out_trade_no). Answers {"trade_id", "notify": {"url",
        "headers", "body"}, "response": {"status", "body"}, "responses": [...]} so a test can replay the notify.
        Faults: "bad_signature" signs with a key that is not the gateway's and leaves the order unpaid (a forger
        pays nothing); "wrong_amount" is correctly signed but claims one fen more than the order; "duplicate"
        sends the same notify twice ("responses" has both answers). 400 for a `notify_url` in the body (the
        sandbox never posts where a caller asks: that would make it fetch any address for anybody), 404 for an
        order with no open trade on the channel (press pay first) or a trade the sandbox does not know, 409 for a
        closed one.
    GET  /_sandbox/pay/orders?channel=
        The sandbox's orders: [{"channel", "order_id", "amount_fen", "state", "transaction_id", "refunded_fen",
        "notify_url", ...}].

Looking up an order's open trade is DogPass's knowledge, not a gateway's: `wechat.init_app` hands the sandbox a
`trade_finder` (order id, channel → {"trade_id", "scene", "client_params"} or None) when it is mounted in the app.
The sandbox served on its own (tests' `create_sandbox_app`) has none and takes trade ids only.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable

import requests
from flask import Blueprint, current_app, jsonify, request

from wechat.sandbox import bodies, pay_alipay, pay_wechat
from wechat.sandbox.store import SandboxStore

bp = Blueprint("sandbox_pay", __name__, url_prefix="/_sandbox/pay")
BUILDERS = {"wechat": pay_wechat.build_notify, "alipay": pay_alipay.build_notify}
TRADE_FINDER = "wechat.sandbox_trade_finder"
TradeFinder = Callable[[str, str], "dict | None"]


def store() -> SandboxStore:
    return current_app.extensions["wechat.sandbox_store"]


def deliver(url: str, headers: dict, body: bytes) -> dict:
    try:
        response = requests.post(url, data=body, headers=headers, timeout=10)
    except requests.RequestException as exc:
        return {"status": None, "body": None, "error": str(exc)}
    return {"status": response.status_code, "body": response.text}


def _error(status: int, message: str):
    return jsonify({"error": message}), status


def _trade_of(channel: str, order_id: str) -> tuple[str | None, str | None]:
    """(trade id the sandbox knows, None) or (None, why not). A trade id is taken as it is; an order id is turned
    into its open trade on the channel by DogPass's finder, and an H5 trade's cashier is opened if nobody has."""
    if store().pay_order(channel, order_id) is not None:
        return order_id, None
    finder: TradeFinder | None = current_app.extensions.get(TRADE_FINDER)
    trade = finder(order_id, channel) if finder else None
    if trade is None:
        return None, (f"no {channel} trade {order_id}, and no order {order_id} with an open {channel} trade: "
                      "POST /api/v1/orders/{id}/pay first")
    trade_id = trade["trade_id"]
    if channel == "alipay" and trade.get("scene") == "h5" and store().pay_order(channel, trade_id) is None:
        page = pay_alipay.open_cashier((trade.get("client_params") or {}).get("pay_url") or "")
        if store().pay_order(channel, trade_id) is None:
            return None, f"the H5 cashier refused trade {trade_id}: {page.get_data(as_text=True)}"
    if store().pay_order(channel, trade_id) is None:
        return None, f"order {order_id}'s trade {trade_id} was never opened at this sandbox"
    return trade_id, None


def _json_object() -> dict:
    try:
        data = json.loads(request.get_data() or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@bp.post("/complete")
def complete():
    if "notify_url" in _json_object():
        return _error(400, "notify_url is not taken: the notify goes to the URL DogPass gave when it opened the "
                           "trade, never to one a caller names")
    asked, refused = bodies.parse(bodies.CompleteBody)
    if refused is not None:
        return refused
    channel, order_id, fault = asked.channel, asked.order_id, asked.fault
    trade_id, why_not = _trade_of(channel, order_id)
    if trade_id is None:
        return _error(404, why_not)
    order = store().pay_order(channel, trade_id)
    if order["state"] == "closed":
        return _error(409, "order closed")
    if fault != "bad_signature":
        order = store().pay_mark_paid(channel, trade_id)
    elif order["paid_at"] is None:
        order = {**order, "paid_at": time.time()}  # what the forger claims
    headers, body = BUILDERS[channel](order, fault)
    url = order["notify_url"]  # what DogPass signed into its prepay request, as the real gateways do
    responses = [deliver(url, headers, body) for _ in range(2 if fault == "duplicate" else 1)]
    return jsonify({"trade_id": trade_id, "notify": {"url": url, "headers": headers, "body": body.decode()},
                    "response": responses[0], "responses": responses})


@bp.get("/orders")
def orders():
    return jsonify(store().pay_orders(request.args.get("channel") or None))


OPENAPI = {
    "/_sandbox/pay/complete": {"post": bodies.operation(
        "sandbox_pay_post_complete", "沙箱：模拟买家付款，只向 DogPass 下单时给出的通知地址发送签名正确的支付通知",
        body=bodies.CompleteBody,
        errors={400: "请求中带了 notify_url（沙箱只向下单时给出的地址通知）",
                404: "没有该订单或支付单，或该渠道尚未下单", 409: "支付单已关闭"})},
    "/_sandbox/pay/orders": {"get": bodies.operation(
        "sandbox_pay_get_orders", "沙箱：支付沙箱中的订单",
        query=[{"name": "channel", "in": "query", "schema": {"type": "string"}}])},
}
