"""Alipay through alipay-sdk-python: mini-program payments (alipay.trade.create, paid with my.tradePay) and H5
(alipay.trade.wap.pay, a URL the browser opens). Implements backend's `PaymentGateway` port.

Amounts: Alipay speaks yuan as strings ("123.45"); we speak integer fen. Both ways go through Decimal and an
amount that is not a whole number of fen is refused, never rounded.

The SDK cannot reach a gateway URL with an explicit port (`http://127.0.0.1:8765/gateway.do`, the sandbox):
`alipay/aop/api/util/WebUtils.py`, `get_http_connection()`, connects to `port = 80` (443 for https) whatever the
URL says, and then builds the request URL with `url += url_parse_result.port`, which adds an int to a str and
raises TypeError. `PortAwareAlipayClient` below overrides the one method that reaches it, `execute()`, keeping the
SDK's own request preparation and signing and its own response signature check, and sends the request with
`requests` to the URL exactly as configured. Page calls (`page_execute`) never open a connection and are untouched.
"""
from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

import requests
from alipay.aop.api.AlipayClientConfig import AlipayClientConfig
from alipay.aop.api.constant.CommonConstants import ALIPAY_SDK_PYTHON_VERSION, THREAD_LOCAL
from alipay.aop.api.DefaultAlipayClient import DefaultAlipayClient
from alipay.aop.api.domain.AlipayTradeCloseModel import AlipayTradeCloseModel
from alipay.aop.api.domain.AlipayTradeCreateModel import AlipayTradeCreateModel
from alipay.aop.api.domain.AlipayTradeQueryModel import AlipayTradeQueryModel
from alipay.aop.api.domain.AlipayTradeRefundModel import AlipayTradeRefundModel
from alipay.aop.api.domain.AlipayTradeWapPayModel import AlipayTradeWapPayModel
from alipay.aop.api.exception.Exception import AopException, RequestException, ResponseException
from alipay.aop.api.request.AlipayTradeCloseRequest import AlipayTradeCloseRequest
from alipay.aop.api.request.AlipayTradeCreateRequest import AlipayTradeCreateRequest
from alipay.aop.api.request.AlipayTradeQueryRequest import AlipayTradeQueryRequest
from alipay.aop.api.request.AlipayTradeRefundRequest import AlipayTradeRefundRequest
from alipay.aop.api.request.AlipayTradeWapPayRequest import AlipayTradeWapPayRequest
from alipay.aop.api.response.AlipayTradeCloseResponse import AlipayTradeCloseResponse
from alipay.aop.api.response.AlipayTradeCreateResponse import AlipayTradeCreateResponse
from alipay.aop.api.response.AlipayTradeQueryResponse import AlipayTradeQueryResponse
from alipay.aop.api.response.AlipayTradeRefundResponse import AlipayTradeRefundResponse
from alipay.aop.api.util.SignatureUtils import verify_with_rsa
from alipay.aop.api.util.WebUtils import url_encode

from backend.payments.ports import PaymentState, RefundState
from wechat.pay import ForgedNotify, GatewayRefused, GatewayUnavailable
from wechat.pay.keys import AlipaySettings, alipay_settings

SHANGHAI = ZoneInfo("Asia/Shanghai")
TRADE_STATES = {"TRADE_SUCCESS": "paid", "TRADE_FINISHED": "paid", "WAIT_BUYER_PAY": "pending",
                "TRADE_CLOSED": "closed"}
UNAVAILABLE_SUB_CODES = {"ACQ.SYSTEM_ERROR", "aop.ACQ.SYSTEM_ERROR", "isp.unknow-error"}


def fen_to_yuan(fen: int) -> str:
    fen = int(fen)
    if fen < 0:
        raise ValueError("negative amount")
    return f"{fen // 100}.{fen % 100:02d}"


def yuan_to_fen(amount: str) -> int:
    """"0.10" → 10, "123.45" → 12345; "0.105", "", "abc" → ValueError. Exact: Decimal, never float."""
    try:
        value = Decimal(str(amount).strip()) * 100
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {amount!r}") from exc
    if not value.is_finite() or value != value.to_integral_value():
        raise ValueError(f"not a whole number of fen: {amount!r}")
    return int(value)


def _local_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=SHANGHAI).astimezone(UTC)


def _expiry(instant: datetime) -> str:
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


class PortAwareAlipayClient(DefaultAlipayClient):
    """DefaultAlipayClient whose `execute` sends to the configured URL, port included (see the module docstring).
    Everything else, request signing and the response signature check included, is the SDK's own code."""

    def __init__(self, alipay_client_config: AlipayClientConfig, logger=None) -> None:
        super().__init__(alipay_client_config, logger)
        self._config = alipay_client_config
        self._http = requests.Session()

    def execute(self, request):
        THREAD_LOCAL.uuid = str(uuid.uuid1())
        if request.get_multipart_params():
            raise NotImplementedError("multipart Alipay calls are not used by DogPass")
        query_string, params = self._DefaultAlipayClient__prepare_request(request)
        config = self._config
        url = config.server_url + ("&" if "?" in config.server_url else "?") + query_string
        headers = {"Content-type": f"application/x-www-form-urlencoded;charset={config.charset}",
                   "Cache-Control": "no-cache", "User-Agent": ALIPAY_SDK_PYTHON_VERSION,
                   "log-uuid": THREAD_LOCAL.uuid}
        try:
            response = self._http.post(url, data=url_encode(params, config.charset) if params else None,
                                       headers=headers, timeout=config.timeout)
        except requests.RequestException as exc:
            raise GatewayUnavailable(f"Alipay unreachable: {exc}") from exc
        if response.status_code != 200:
            raise GatewayUnavailable(f"Alipay answered HTTP {response.status_code}")
        return self._DefaultAlipayClient__parse_response(response.content)


class AlipayGateway:
    channel = "alipay"

    def __init__(self, config: dict, instance_path: str | None = None) -> None:
        self._config = config
        self._instance_path = instance_path
        self._settings: AlipaySettings | None = None
        self._client: PortAwareAlipayClient | None = None

    @property
    def settings(self) -> AlipaySettings:
        if self._settings is None:
            self._settings = alipay_settings(self._config, self._instance_path)
        return self._settings

    @property
    def client(self) -> PortAwareAlipayClient:
        if self._client is None:
            s = self.settings
            config = AlipayClientConfig()
            config.server_url = s.gateway_url
            config.app_id = s.appid
            config.app_private_key = s.app_private_key
            config.alipay_public_key = s.alipay_public_key
            config.sign_type = "RSA2"
            config.timeout = s.timeout
            self._client = PortAwareAlipayClient(config)
        return self._client

    def _execute(self, request, response_class):
        try:
            text = self.client.execute(request)
        except (AopException, RequestException, ResponseException) as exc:  # unsigned, badly signed, malformed
            raise GatewayUnavailable(f"Alipay answer not trusted: {exc}") from exc
        response = response_class()
        response.parse_response_content(text)
        return response

    @staticmethod
    def _check(response, not_found_ok: bool = False):
        if response.is_success() and response.code == "10000":
            return response
        if not_found_ok and response.sub_code == "ACQ.TRADE_NOT_EXIST":
            return None
        if response.code in ("20000", "20001") or response.sub_code in UNAVAILABLE_SUB_CODES:
            raise GatewayUnavailable(f"Alipay unavailable ({response.code} {response.sub_code})")
        raise GatewayRefused(f"Alipay refused ({response.code} {response.sub_code}): {response.sub_msg}")

    # the port -----------------------------------------------------------------------------------------------
    def prepay(self, request) -> dict:
        """mini_program: alipay.trade.create with the buyer's Alipay user id (payer_openid), returns
        {"tradeNO"} for my.tradePay. h5: alipay.trade.wap.pay, returns {"pay_url"} (a signed GET URL)."""
        s = self.settings
        if request.scene == "h5":
            model = AlipayTradeWapPayModel()
            model.out_trade_no = request.order_id
            model.total_amount = fen_to_yuan(request.amount_fen)
            model.subject = request.description[:256]
            model.product_code = "QUICK_WAP_WAY"
            model.time_expire = _expiry(request.expires_at)
            wap = AlipayTradeWapPayRequest(biz_model=model)
            wap.notify_url = s.notify_url
            if s.return_url:
                wap.return_url = s.return_url
            return {"pay_url": self.client.page_execute(wap, http_method="GET")}
        if not request.payer_openid:
            raise ValueError("Alipay mini-program payments need the buyer's Alipay user id")
        model = AlipayTradeCreateModel()
        model.out_trade_no = request.order_id
        model.total_amount = fen_to_yuan(request.amount_fen)
        model.subject = request.description[:256]
        model.product_code = "JSAPI_PAY"
        model.op_app_id = s.appid
        if request.payer_openid.startswith("2088"):
            model.buyer_id = request.payer_openid  # the classic 2088… user id
        else:
            model.buyer_open_id = request.payer_openid  # the newer per-app open_id
        model.time_expire = _expiry(request.expires_at)
        create = AlipayTradeCreateRequest(biz_model=model)
        create.notify_url = s.notify_url
        response = self._check(self._execute(create, AlipayTradeCreateResponse))
        return {"tradeNO": response.trade_no, "out_trade_no": response.out_trade_no}

    def parse_notify(self, headers, body: bytes) -> PaymentState:
        """Verify the form's RSA2 signature with the Alipay public key over the sorted parameters without sign
        and sign_type; refuse another app's notify, and one that names no seller. The seller (the merchant's
        2088… user id, which the money went to) is the state's `merchant_id`, compared by the core like WeChat
        Pay's mchid: one app may serve several sellers, and Alipay signs all their notifies with the same key.
        Anything that does not check out: ValueError."""
        try:
            text = body.decode("utf-8") if isinstance(body, bytes) else body
            pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=True)
        except (UnicodeDecodeError, ValueError) as exc:
            raise ForgedNotify("Alipay notify is not a UTF-8 form") from exc
        params = dict(pairs)
        if len(params) != len(pairs):
            raise ForgedNotify("Alipay notify repeats a parameter")
        signature, sign_type = params.pop("sign", ""), params.pop("sign_type", "")
        if sign_type != "RSA2" or not signature:
            raise ForgedNotify("Alipay notify is not signed with RSA2")
        content = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if v != "")
        try:
            ok = verify_with_rsa(self.settings.alipay_public_key, content.encode("utf-8"), signature)
        except Exception as exc:  # rsa.VerificationError, binascii.Error: a forged or damaged signature
            raise ForgedNotify("Alipay notify signature did not verify") from exc
        if not ok:
            raise ForgedNotify("Alipay notify signature did not verify")
        if params.get("app_id") != self.settings.appid:
            raise ForgedNotify("Alipay notify for another app")
        if not params.get("out_trade_no") or not params.get("trade_status"):
            raise ForgedNotify("Alipay notify without out_trade_no or trade_status")
        if not params.get("seller_id"):
            raise ForgedNotify("Alipay notify without seller_id")
        return PaymentState(order_id=params["out_trade_no"],
                            state=TRADE_STATES.get(params["trade_status"], "pending"),
                            amount_fen=yuan_to_fen(params["total_amount"]) if params.get("total_amount") else None,
                            merchant_id=params["seller_id"], transaction_id=params.get("trade_no"),
                            paid_at=_local_time(params.get("gmt_payment")), event_id=params.get("notify_id"))

    def notify_answer(self, ok: bool) -> tuple[int, str, str]:
        """Alipay stops retrying on the plain text `success`; anything else (we say `failure`) makes it retry."""
        return 200, "success" if ok else "failure", "text/plain; charset=utf-8"

    def query(self, order_id: str) -> PaymentState:
        model = AlipayTradeQueryModel()
        model.out_trade_no = order_id
        response = self._check(self._execute(AlipayTradeQueryRequest(biz_model=model), AlipayTradeQueryResponse),
                               not_found_ok=True)
        if response is None:
            return PaymentState(order_id=order_id, state="unknown")
        return PaymentState(order_id=order_id, state=TRADE_STATES.get(response.trade_status, "pending"),
                            amount_fen=yuan_to_fen(response.total_amount) if response.total_amount else None,
                            transaction_id=response.trade_no,  # the answer names no seller: our own query
                            paid_at=_local_time(response.send_pay_date))

    def close(self, order_id: str) -> None:
        model = AlipayTradeCloseModel()
        model.out_trade_no = order_id
        self._check(self._execute(AlipayTradeCloseRequest(biz_model=model), AlipayTradeCloseResponse),
                    not_found_ok=True)  # never opened (an H5 page nobody visited): nothing to close

    def refund(self, order_id: str, refund_id: str, amount_fen: int, total_fen: int, reason: str) -> RefundState:
        model = AlipayTradeRefundModel()
        model.out_trade_no = order_id
        model.out_request_no = refund_id
        model.refund_amount = fen_to_yuan(amount_fen)
        if reason:
            model.refund_reason = reason[:256]
        self._check(self._execute(AlipayTradeRefundRequest(biz_model=model), AlipayTradeRefundResponse))
        # Alipay's refund is synchronous: code 10000 means refunded (fund_change "N" on a repeated out_request_no
        # means it was refunded the first time).
        return RefundState(refund_id=refund_id, state="success", amount_fen=int(amount_fen))
