"""Orders and payments: the resident's orders, paying one, the gateways' notifies, staff statements."""
from flask import Blueprint, Response, request

from backend.payments import orders, reconciliation
from backend.payments import trades as payments
from backend.payments.inputs import PayInput, StatementQuery
from miniprogram_api.payments import serializers as payment_serializers
from miniprogram_api.payments.schemas import OrderDetailOut, PayOut, StatementRow
from miniprogram_api.routing import endpoint

bp = Blueprint("payments", __name__)
WECHAT_ANSWER = {"type": "object", "required": ["code", "message"],
                 "properties": {"code": {"enum": ["SUCCESS", "FAIL"]}, "message": {"type": "string"}}}
WECHAT_NOTIFY = {
    "request_schema": {"type": "object", "description": "微信支付的签名通知（resource 为 AES-256-GCM 密文）",
                       "x-rules": ["须带微信支付的签名头（Wechatpay-Signature 等）且验签、解密通过，金额与商户号相符"]},
    "responses": {200: {"description": "已收到（code 为 SUCCESS）",
                        "content": {"application/json": {"schema": WECHAT_ANSWER}}},
                  400: {"description": "通知被拒绝（签名、格式、金额或商户号不符，或没有请求体）：网关稍后重试",
                        "content": {"application/json": {"schema": WECHAT_ANSWER}}}}}
ALIPAY_NOTIFY = {"request_schema": {"type": "object", "additionalProperties": {"type": "string"},
                                    "description": "支付宝的异步通知参数（RSA2 签名）",
                                    "x-rules": ["sign 须为支付宝的 RSA2 签名，金额与卖家相符"]},
                 "responses": {200: {"description": "success：已收到；failure：通知被拒绝，网关稍后重试",
                                     "content": {"text/plain": {"schema": {"enum": ["success", "failure"]}}}}}}
NOTIFY_DESCRIPTION = ("由支付网关调用：验签（伪造的通知被拒绝，订单不变），核对金额与商户号，锁定订单行后只结算一次；"
                      "重复或乱序的通知无害；未知或已关闭订单的通知记入日志并应答成功，使网关停止重试。")


@endpoint(bp, "/api/v1/orders", summary="我的缴费订单", tag="payments", response=list[OrderDetailOut])
def list_orders(user_id: str):
    return [payment_serializers.order(detail) for detail in orders.list_own_orders(user_id)]


@endpoint(bp, "/api/v1/orders/<order_id>", summary="订单详情（金额、减免、状态、退款）", tag="payments",
          response=OrderDetailOut, errors=("order_not_found",))
def get_order(user_id: str, order_id: str):
    return payment_serializers.order(orders.order_detail(orders.get_own_order(user_id, order_id)))


@endpoint(bp, "/api/v1/orders/<order_id>/pay", "POST", summary="支付订单：返回所选渠道的客户端支付参数",
          tag="payments", body=PayInput, response=PayOut, caller_limit="30/minute",
          errors=("order_not_found", "order_paid", "order_closed", "channel_unavailable", "payment_unavailable",
                  "validation_failed"),
          description="同一渠道重复点击返回同一笔交易；已过期的订单重新打开，可随时再次支付。")
def pay_order(user_id: str, order_id: str, body: PayInput):
    started = payments.start_payment(user_id, order_id, body)
    return {"order": payment_serializers.order(orders.order_detail(started.order)), "channel": started.trade.channel,
            "trade_id": started.trade.id, "params": started.params}


def _notify(channel: str) -> Response:
    status, body, content_type = payments.handle_notify(channel, dict(request.headers), request.get_data())
    return Response(body, status=status, content_type=content_type)


@endpoint(bp, "/api/v1/payments/wechat/notify", "POST", summary="微信支付 APIv3 支付结果通知", tag="payments",
          auth="none", media_type="application/json", description=NOTIFY_DESCRIPTION, **WECHAT_NOTIFY)
def wechat_notify():
    return _notify("wechat")


@endpoint(bp, "/api/v1/payments/alipay/notify", "POST", summary="支付宝异步通知（RSA2 验签）", tag="payments",
          auth="none", media_type="text/plain", request_media_type="application/x-www-form-urlencoded",
          description=NOTIFY_DESCRIPTION + "应答为纯文本（HTTP 200）：success 表示收到；failure 表示拒绝，"
                                           "网关稍后重试。",
          **ALIPAY_NOTIFY)
def alipay_notify():
    return _notify("alipay")


@endpoint(bp, "/api/v1/staff/payments/statement", summary="每日对账单：各渠道收款、退款与净额", tag="staff",
          auth="staff", roles=("admin",), query=StatementQuery, response=list[StatementRow],
          errors=("validation_failed",))
def statement(staff, query: StatementQuery):
    return reconciliation.daily_statement(query.day)
