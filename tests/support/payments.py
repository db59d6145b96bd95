"""Helpers for payment tests: an app with the demo fee schedule and both gateway sandboxes, and a resident's way
through approval, pay and the gateway's notify (replayed into the app from what the sandbox signed)."""
from __future__ import annotations

from pathlib import Path

import requests

from backend.licensing.models.licences import Licence

DEMO_FEES = str(Path(__file__).resolve().parents[2] / "backend" / "data" / "fees.demo.json")
UNREACHABLE = "http://127.0.0.1:9"  # the sandbox's own delivery fails; tests replay the notify into the app


def payment_config(sandbox) -> dict:
    base = sandbox.api_url.split("/_sandbox/")[0]
    return {"FEE_SCHEDULE_FILE": DEMO_FEES,
            "WECHATPAY_API_BASE_URL": f"{base}/_sandbox/wechatpay",
            "ALIPAY_GATEWAY_URL": f"{base}/_sandbox/alipay/gateway.do",
            "WECHATPAY_NOTIFY_URL": f"{UNREACHABLE}/wechat", "ALIPAY_NOTIFY_URL": f"{UNREACHABLE}/alipay"}


def approver(resident, submitted, reviewer, street: str):
    """`approve(name, **fields)`: `name` applies (at an address on `street` of their own) and `reviewer` approves
    with a fee; returns (resident, application id, order)."""

    def approve(name: str, **fields):
        who = resident(name)
        fields.setdefault("owner_fields", {"address": f"{street}{len(name) * 7 + ord(name[0])}号"})
        application_id = submitted(who, **fields)
        response = reviewer.post(f"/api/v1/staff/licence-applications/{application_id}/approve")
        assert response.status_code == 200, response.get_json()
        return who, application_id, response.get_json()["order"]

    return approve


class Payer:
    def __init__(self, client, sandbox) -> None:
        self.client = client
        self.base = sandbox.api_url.split("/_sandbox/")[0]

    def pay(self, who, order_id: str, channel: str = "wechat", status: int = 200) -> dict:
        response = who.post(f"/api/v1/orders/{order_id}/pay", json={"channel": channel})
        assert response.status_code == status, response.get_json()
        body = response.get_json()
        if status == 200 and channel == "alipay":
            page = requests.get(body["params"]["pay_url"], timeout=10)  # the buyer opens the cashier page
            assert page.status_code == 200
        return body

    def complete(self, trade_id: str, channel: str = "wechat", fault: str | None = None) -> dict:
        """The buyer pays at the gateway; returns the signed notify (its delivery to 127.0.0.1:9 fails)."""
        response = requests.post(f"{self.base}/_sandbox/pay/complete",
                                 json={"order_id": trade_id, "channel": channel, "fault": fault}, timeout=20)
        assert response.status_code == 200, response.text
        return response.json()["notify"]

    def deliver(self, notify: dict, channel: str = "wechat"):
        return self.client.post(f"/api/v1/payments/{channel}/notify", data=notify["body"].encode(),
                                headers=notify["headers"])

    def pay_fully(self, who, order_id: str, channel: str = "wechat") -> dict:
        trade = self.pay(who, order_id, channel)["trade_id"]
        notify = self.complete(trade, channel)
        answer = self.deliver(notify, channel)
        assert answer.status_code == 200 and (answer.get_data(as_text=True) == "success" or
                                              answer.get_json()["code"] == "SUCCESS"), answer.get_data(as_text=True)
        return notify

    def sandbox_orders(self, channel: str) -> dict:
        orders = requests.get(f"{self.base}/_sandbox/pay/orders?channel={channel}", timeout=10).json()
        return {o["order_id"]: o for o in orders}


def alipay_notify_signed_by_alipay(app, notify: dict, **changes) -> dict:
    """The notify with `changes` (a value None drops the parameter), signed again with the sandbox's Alipay key:
    what Alipay itself would send for such a trade (e.g. another seller's under the same app)."""
    from urllib.parse import parse_qsl, urlencode

    from wechat.pay.keys import sandbox_key_dir, sandbox_keys
    from wechat.sandbox.pay_alipay import rsa2_sign, sign_content

    params = {**dict(parse_qsl(notify["body"], keep_blank_values=True)), **changes}
    params = {k: v for k, v in params.items() if v is not None and k != "sign"}
    key = sandbox_keys(sandbox_key_dir(app.config, app.instance_path)).alipay_private_key
    params["sign"] = rsa2_sign(key, sign_content(params, ("sign", "sign_type")))
    return {**notify, "body": urlencode(params)}


def licence_count(app) -> int:
    from backend.core.database.extensions import db

    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Licence))
