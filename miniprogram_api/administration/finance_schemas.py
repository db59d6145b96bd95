"""财务 (issue 16): the 30-day series, orders and refunds searched by the finance desk, a refund's record."""
from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from backend.core import clock
from backend.core.inputs import Day, Offset, rules
from backend.payments.models import CHANNELS, ORDER_STATUSES, REFUND_STATUSES
from miniprogram_api.payments.schemas import OrderDetailOut
from miniprogram_api.schemas import HistoryEntry, In, Out

Channel = Literal[CHANNELS]  # type: ignore[valid-type]
MAX_SERIES_DAYS = 366
Number = Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)]


def _dates_in_order(first, last) -> None:
    if first and last and last < first:
        raise ValueError("结束日期不能早于起始日期")


class SeriesQuery(In):
    model_config = ConfigDict(json_schema_extra=rules("from 不晚于 to", f"from 与 to 相隔不超过 {MAX_SERIES_DAYS} 天"))
    from_: Day | None = Field(None, alias="from", description="起始日（北京时间，含）；默认为 to 之前第 29 天")
    to: Day | None = Field(None, description="结束日（北京时间，含）；默认为今天")

    @model_validator(mode="after")
    def _range(self) -> SeriesQuery:
        self.to = self.to or clock.today()
        self.from_ = self.from_ or self.to - timedelta(days=29)
        _dates_in_order(self.from_, self.to)
        if (self.to - self.from_).days >= MAX_SERIES_DAYS:
            raise ValueError(f"日期范围不能超过{MAX_SERIES_DAYS}天")
        return self


class OrderSearchQuery(In):
    model_config = ConfigDict(json_schema_extra=rules("from 不晚于 to"))
    order_no: Number | None = Field(None, description="订单号、商户订单号（out_trade_no）或微信/支付宝交易号，精确匹配")
    licence: Number | None = Field(None, description="犬证号、犬证 id、申请 id 或年检 id")
    channel: Channel | None = Field(None, description="支付渠道（已支付的订单）")
    status: Literal[ORDER_STATUSES] | None = None  # type: ignore[valid-type]
    date_by: Literal["created", "paid"] = Field("created", description="日期范围按下单日（created）或支付日（paid）")
    from_: Day | None = Field(None, alias="from", description="起始日期（含，北京时间）")
    to: Day | None = Field(None, description="结束日期（含，北京时间）")
    limit: Annotated[int, Field(ge=1, le=200)] = 20
    offset: Offset = 0

    @model_validator(mode="after")
    def _range(self) -> OrderSearchQuery:
        _dates_in_order(self.from_, self.to)
        return self


class RefundSearchQuery(In):
    model_config = ConfigDict(json_schema_extra=rules("from 不晚于 to"))
    number: Number | None = Field(None, description="退款单号（out_refund_no）、订单号或商户订单号，精确匹配")
    channel: Channel | None = None
    status: Literal[REFUND_STATUSES] | None = None  # type: ignore[valid-type]
    from_: Day | None = Field(None, alias="from", description="发起退款的起始日期（含，北京时间）")
    to: Day | None = Field(None, description="结束日期（含，北京时间）")
    limit: Annotated[int, Field(ge=1, le=200)] = 20
    offset: Offset = 0

    @model_validator(mode="after")
    def _range(self) -> RefundSearchQuery:
        _dates_in_order(self.from_, self.to)
        return self


class StaffOrderOut(Out):
    id: str
    created_at: str
    amount_fen: int
    status: str = Field(description="pending 待支付 / paid 已支付 / expired 已过期 / cancelled 已取消 / "
                                    "refunded 已退款")
    purpose: str = Field(description="application 犬证申请 / inspection 年检")
    subject_id: str
    description: str
    expires_at: str
    paid_at: str | None
    paid_channel: str | None
    licence_id: str | None
    licence_no: str | None = Field(description="所缴费用对应的犬证号（新办申请在支付前尚无）")
    refunded_fen: int
    user_id: str


class TradeOut(Out):
    id: str = Field(description="商户订单号（out_trade_no）")
    channel: str
    scene: str
    amount_fen: int
    status: str = Field(description="open 待支付 / paid 已支付 / closed 已关闭")
    transaction_id: str | None = Field(description="微信支付/支付宝交易号")
    created_at: str
    paid_at: str | None


class StaffOrderDetailOut(OrderDetailOut):
    created_at: str
    licence_no: str | None
    user_id: str
    settled_by: str | None = Field(description="notify 网关通知 / reconciliation 对账任务")
    trades: list[TradeOut]


class StaffRefundOut(Out):
    id: str = Field(description="退款单号（out_refund_no）")
    order_id: str
    trade_id: str
    channel: str
    amount_fen: int
    status: str = Field(description="processing 退款中 / success 已退回 / failed 失败（需人工处理）")
    reason: str
    attempts: int = Field(description="已向网关发起的次数")
    last_error: str | None
    created_at: str
    completed_at: str | None


class RefundOrderOut(Out):
    id: str
    description: str
    amount_fen: int
    status: str
    refunded_fen: int
    licence_no: str | None


class RefundDetailOut(StaffRefundOut):
    order: RefundOrderOut
    trade: TradeOut
    history: list[HistoryEntry]
