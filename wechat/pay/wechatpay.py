"""WeChat Pay APIv3 for the mini-program (JSAPI), through wechatpayv3. Implements backend's `PaymentGateway` port.

The SDK is built on first use, not at app start: its constructor loads keys (and, in platform-certificate mode,
may download certificates). wechatpayv3 has no constructor argument for the gateway; every request is
`self._gate_way + path` in `wechatpayv3/core.py` (`Core.request`), and only `path` enters the signature, so setting
`_core._gate_way` to the sandbox base URL (or a proxy) right after construction is all it takes.

Unknown serials: the SDK's `Core._verify_signature` downloads every platform certificate again (`GET
/v3/certificates`, after clearing the ones it holds) whenever a signature names a serial it does not hold, and a
notify is unauthenticated until verified. Anybody could make each process call WeChat Pay once per forged notify.
So a notify naming neither our public key nor a certificate the SDK holds gets that download at most once per
`WECHATPAY_CERT_REFRESH_SECONDS` per process (a genuinely new certificate, or a public-key merchant's notify signed
with a certificate during WeChat Pay's migration, still verifies after one download); the rest are refused unread.
"""
from __future__ import annotations

import json
import logging
import re
import secrets
import threading
import time
from datetime import UTC, datetime

import requests
from wechatpayv3 import WeChatPay, WeChatPayType

from backend.payments.ports import PaymentState, RefundState
from wechat.pay import ForgedNotify, GatewayRefused, GatewayUnavailable
from wechat.pay.keys import WeChatPaySettings, wechatpay_settings

TRADE_STATES = {"SUCCESS": "paid", "REFUND": "refunded", "NOTPAY": "pending", "USERPAYING": "pending",
                "CLOSED": "closed", "REVOKED": "closed", "PAYERROR": "closed"}
REFUND_STATES = {"SUCCESS": "success", "PROCESSING": "processing", "ABNORMAL": "failed", "CLOSED": "failed"}
NOTIFY_HEADERS = ("Wechatpay-Signature", "Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Serial",
                  "Wechatpay-Signature-Type")
CERTIFICATE_SERIAL = re.compile(r"[0-9A-Fa-f]{1,64}")
log = logging.getLogger(__name__)


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value).astimezone(UTC) if value else None


def _rfc3339(instant: datetime) -> str:
    from zoneinfo import ZoneInfo

    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(ZoneInfo("Asia/Shanghai")).isoformat(timespec="seconds")


class WeChatPayGateway:
    channel = "wechat"

    def __init__(self, config: dict, instance_path: str | None = None) -> None:
        self._config = config
        self._instance_path = instance_path
        self._settings: WeChatPaySettings | None = None
        self._pay: WeChatPay | None = None
        self._lock = threading.Lock()
        self.notify_max_age = int(config.get("WECHATPAY_NOTIFY_MAX_AGE_SECONDS") or 300)
        self.cert_refresh_seconds = float(config.get("WECHATPAY_CERT_REFRESH_SECONDS") or 60)
        self._certificates_lock = threading.Lock()  # the SDK clears its list while it downloads
        self._next_download = 0.0

    # the SDK, built once ----------------------------------------------------------------------------------
    @property
    def settings(self) -> WeChatPaySettings:
        if self._settings is None:
            self._settings = wechatpay_settings(self._config, self._instance_path)
        return self._settings

    @property
    def sdk(self) -> WeChatPay:
        if self._pay is None:
            with self._lock:
                if self._pay is None:
                    s = self.settings
                    pay = WeChatPay(wechatpay_type=WeChatPayType.MINIPROG, mchid=s.mchid, private_key=s.private_key,
                                    cert_serial_no=s.cert_serial_no, appid=s.appid, apiv3_key=s.apiv3_key,
                                    notify_url=s.notify_url, cert_dir=s.cert_dir, timeout=s.timeout,
                                    public_key=s.public_key, public_key_id=s.public_key_id)
                    pay._core._gate_way = s.base_url  # no constructor argument for it (see the module docstring)
                    self._pay = pay
        return self._pay

    def _call(self, fn, *args, **kwargs) -> tuple[int, dict]:
        """Run an SDK call: (status, JSON body). Outage → ConnectionError; WeChat's 4xx → (status, body)."""
        try:
            status, text = fn(*args, **kwargs)
        except requests.RequestException as exc:
            raise GatewayUnavailable(f"WeChat Pay unreachable: {exc}") from exc
        except Exception as exc:
            if "failed to verify the signature" in str(exc):
                raise GatewayUnavailable("WeChat Pay's answer failed signature verification") from exc
            raise
        if status >= 500 or status == 429:
            raise GatewayUnavailable(f"WeChat Pay answered {status}: {text!r}")
        body = json.loads(text) if text and isinstance(text, str) else {}
        return status, body

    @staticmethod
    def _refused(status: int, body: dict) -> GatewayRefused:
        return GatewayRefused(f"WeChat Pay refused ({status} {body.get('code')}): {body.get('message')}")

    # the port -----------------------------------------------------------------------------------------------
    def prepay(self, request) -> dict:
        """JSAPI order for the mini-program; returns the arguments of wx.requestPayment, signed with the merchant
        key (RSA, over appId, timeStamp, nonceStr and package)."""
        if not request.payer_openid:
            raise ValueError("WeChat JSAPI needs the payer's mini-program openid")
        status, body = self._call(
            self.sdk.pay, description=request.description[:127], out_trade_no=request.order_id,
            amount={"total": int(request.amount_fen), "currency": "CNY"},
            payer={"openid": request.payer_openid}, time_expire=_rfc3339(request.expires_at),
            pay_type=WeChatPayType.JSAPI)
        if status != 200 or "prepay_id" not in body:
            raise self._refused(status, body)
        timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
        package = f"prepay_id={body['prepay_id']}"
        appid = self.settings.appid
        return {"appId": appid, "timeStamp": timestamp, "nonceStr": nonce, "package": package, "signType": "RSA",
                "paySign": self.sdk.sign([appid, timestamp, nonce, package])}

    def parse_notify(self, headers, body: bytes) -> PaymentState:
        """Verify the Wechatpay-* signature headers with WeChat Pay's public key (or platform certificate), then
        decrypt the AEAD_AES_256_GCM resource with the APIv3 key. Anything that does not check out: ValueError."""
        wanted = {name.lower(): name for name in NOTIFY_HEADERS}
        canonical = {wanted[k.lower()]: v for k, v in dict(headers).items() if k.lower() in wanted}
        if len(canonical) != len(NOTIFY_HEADERS):
            raise ForgedNotify("WeChat Pay notify without its signature headers")
        try:
            age = abs(time.time() - int(canonical["Wechatpay-Timestamp"]))
        except ValueError as exc:
            raise ForgedNotify("WeChat Pay notify with a malformed timestamp") from exc
        if age > self.notify_max_age:
            raise ForgedNotify("WeChat Pay notify too old (replayed?)")
        if isinstance(body, bytes):
            try:
                body = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ForgedNotify("WeChat Pay notify is not UTF-8") from exc
        try:
            data = self._verified(canonical, body)
        except ForgedNotify:
            raise
        except Exception as exc:  # the SDK raises bare Exception for unknown algorithms, JSON errors, bad serials
            raise ForgedNotify(f"WeChat Pay notify rejected: {exc}") from exc
        if not data or not isinstance(data.get("resource"), dict):
            raise ForgedNotify("WeChat Pay notify signature or resource did not verify")
        resource = data["resource"]
        if "out_trade_no" in resource and "refund_status" in resource:
            # REFUND.SUCCESS / ABNORMAL / CLOSED reach the same notify URL as payments.
            done = resource["refund_status"] == "SUCCESS"
            return PaymentState(order_id=resource["out_trade_no"], state="refunded" if done else "pending",
                                refund_id=resource.get("out_refund_no"), event_id=data.get("id"),
                                merchant_id=resource.get("mchid"))
        if "out_trade_no" not in resource or "trade_state" not in resource:
            raise ForgedNotify("WeChat Pay notify resource is not a transaction")
        return self._state(resource, event_id=data.get("id"))

    def _verified(self, headers: dict, body: str) -> dict | None:
        """The SDK's verification and decryption, without letting an unknown serial make it download the
        certificates on every notify (module docstring)."""
        serial, sdk = headers["Wechatpay-Serial"], self.sdk
        if serial and serial == self.settings.public_key_id:
            return sdk.callback(headers, body)
        if not CERTIFICATE_SERIAL.fullmatch(serial):
            raise ForgedNotify("WeChat Pay notify with a malformed serial")
        with self._certificates_lock:
            if not self._holds_certificate(int(serial, 16)):
                now = time.monotonic()
                if now < self._next_download:
                    raise ForgedNotify(f"WeChat Pay notify signed by unknown serial {serial}: certificates were "
                                       f"downloaded less than {self.cert_refresh_seconds:g} s ago")
                self._next_download = now + self.cert_refresh_seconds
                log.warning("WeChat Pay notify names serial %s, not held: downloading the platform certificates",
                            serial)
            return sdk.callback(headers, body)

    def _holds_certificate(self, serial: int) -> bool:
        # wechatpayv3 has no accessor for the certificates it holds: Core._certificates is the list its
        # _verify_signature searches before it downloads.
        return any(certificate.serial_number == serial for certificate in self.sdk._core._certificates)

    @staticmethod
    def _state(resource: dict, event_id: str | None = None) -> PaymentState:
        amount = resource.get("amount") or {}
        return PaymentState(order_id=resource["out_trade_no"],
                            state=TRADE_STATES.get(resource.get("trade_state"), "pending"),
                            amount_fen=amount.get("total"), merchant_id=resource.get("mchid"),
                            transaction_id=resource.get("transaction_id"),
                            paid_at=_time(resource.get("success_time")), event_id=event_id)

    def notify_answer(self, ok: bool) -> tuple[int, str, str]:
        """WeChat Pay v3: 200 (or 204) stops the retries; a 4XX or 5XX with {"code": "FAIL"} makes it retry. A refused
        notify (forged, malformed, empty, or naming another amount or merchant) is 400: the fault is in the request,
        and 5XX stays what it means, our own failure."""
        if ok:
            return 200, json.dumps({"code": "SUCCESS", "message": "成功"}, ensure_ascii=False), "application/json"
        return 400, json.dumps({"code": "FAIL", "message": "失败"}, ensure_ascii=False), "application/json"

    def query(self, order_id: str) -> PaymentState:
        status, body = self._call(self.sdk.query, out_trade_no=order_id)
        if status == 404:
            return PaymentState(order_id=order_id, state="unknown")
        if status != 200:
            raise self._refused(status, body)
        return self._state(body)

    def close(self, order_id: str) -> None:
        status, body = self._call(self.sdk.close, out_trade_no=order_id)
        if status not in (200, 204):
            raise self._refused(status, body)

    def refund(self, order_id: str, refund_id: str, amount_fen: int, total_fen: int, reason: str) -> RefundState:
        status, body = self._call(self.sdk.refund, out_refund_no=refund_id, out_trade_no=order_id,
                                  amount={"refund": int(amount_fen), "total": int(total_fen), "currency": "CNY"},
                                  reason=reason[:80] or None)
        if status != 200:
            raise self._refused(status, body)
        return RefundState(refund_id=body.get("out_refund_no", refund_id),
                           state=REFUND_STATES.get(body.get("status"), "processing"),
                           amount_fen=(body.get("amount") or {}).get("refund", amount_fen))
