"""Orders, payments and statements as the mini-program and staff tools see them."""
from __future__ import annotations

from pydantic import Field

from miniprogram_api.schemas import HistoryEntry, Out


class QuoteOut(Out):
    service: str
    name: str
    base_fen: int
    amount_fen: int
    reduction: dict | None = Field(None, description="减免：{code, name, percent}")
    exemption: dict | None = Field(None, description="免收：{code, name}")


class RefundOut(Out):
    id: str
    amount_fen: int
    status: str = Field(description="processing 退款中 / success 已退回 / failed 失败（工作人员处理）")
    reason: str
    created_at: str
    completed_at: str | None


class OrderDetailOut(Out):
    id: str
    amount_fen: int
    status: str = Field(description="pending 待支付 / paid 已支付 / expired 已过期（可重新支付） / cancelled 已取消 / "
                                    "refunded 已退款")
    purpose: str = Field(description="application 犬证申请 / inspection 年检")
    subject_id: str
    description: str
    quote: QuoteOut
    expires_at: str
    paid_at: str | None
    paid_channel: str | None
    licence_id: str | None
    refunded_fen: int
    refunds: list[RefundOut]
    history: list[HistoryEntry]


class PayOut(Out):
    order: OrderDetailOut
    channel: str
    trade_id: str = Field(description="商户订单号（out_trade_no）")
    params: dict = Field(description="微信：wx.requestPayment 的参数；支付宝小程序：my.tradePay 的 tradeNO；"
                                     "支付宝 H5：跳转地址 pay_url")


class StatementRow(Out):
    date: str
    channel: str
    paid_count: int
    paid_fen: int
    refund_count: int
    refunded_fen: int
    net_fen: int
