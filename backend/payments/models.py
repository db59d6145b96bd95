"""Fees and payments: an order for what the resident owes, the gateway trades that try to pay it, refunds.

One order per fee decision (an approved application, an approved inspection: the features that charge register
what their orders are for in backend.payments.payables; payments itself knows nothing of them). Each press of "pay"
on a channel opens a trade at that gateway, whose id is the merchant order number (out_trade_no): a resident may try
WeChat Pay, then Alipay, and every trade stays on record so a late notify for any of them can still be matched —
and, if the order was already paid, refunded.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.audit.transitions import Stateful
from backend.core.database.base import Base, Timestamps, id_column
from backend.core.errors import Conflict, DomainError

# pending: waiting for the resident; paid: settled (what it paid for is done); expired: not paid in time (paying
# again reopens it, and a payment that arrives late still settles it); cancelled: what it was for ended first;
# refunded: the money went back.
ORDER_TRANSITIONS = {
    "pending": frozenset({"paid", "expired", "cancelled"}),
    "paid": frozenset({"refunded"}),
    "expired": frozenset({"pending", "paid", "cancelled"}),
    "cancelled": frozenset(),
    "refunded": frozenset(),
}
ORDER_STATUSES = tuple(ORDER_TRANSITIONS)
CHANNELS = ("wechat", "alipay")
# open: created at the gateway, not yet paid; paid; closed: closed or expired at the gateway, or never opened. A
# closed trade the gateway says was paid after all is paid (and refunded when the order no longer wants it).
TRADE_TRANSITIONS = {
    "open": frozenset({"paid", "closed"}),
    "paid": frozenset(),
    "closed": frozenset({"paid"}),
}
TRADE_STATUSES = tuple(TRADE_TRANSITIONS)
REFUND_TRANSITIONS = {
    "processing": frozenset({"success", "failed"}),
    "success": frozenset(),
    "failed": frozenset(),  # for staff: the money goes back by hand
}
REFUND_STATUSES = tuple(REFUND_TRANSITIONS)


class PaymentOrder(Stateful, Timestamps, Base):
    __tablename__ = "payment_orders"
    AUDIT_ENTITY = "order"
    TRANSITIONS = ORDER_TRANSITIONS
    __table_args__ = (
        Index("ix_payment_orders_subject", "purpose", "subject_id"),
        Index("ix_payment_orders_status_expires", "status", "expires_at"),
        Index("ix_payment_orders_status_created", "status", "created_at"),  # the 工作台: unpaid for a day
        # The finance page's order search: newest first, by the day made or the day paid (issue 16); the paid one
        # also covers the dashboard's fees per channel and month (backend.indicators.payments).
        Index("ix_payment_orders_created", "created_at"),
        Index("ix_payment_orders_paid", "paid_at", "paid_channel", "amount_fen"),
    )

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))  # a registered Payable's purpose (backend.payments.payables)
    subject_id: Mapped[str] = mapped_column(String(26))  # what is paid for, in the payable's own terms
    service: Mapped[str] = mapped_column(String(32))  # the fee schedule's service code
    description: Mapped[str] = mapped_column(String(127))
    amount_fen: Mapped[int]
    quote: Mapped[dict] = mapped_column(JSON)  # base fee, reduction or exemption, as decided
    status: Mapped[str] = mapped_column(String(16), default="pending")
    expires_at: Mapped[datetime]
    paid_at: Mapped[datetime | None]
    paid_trade_id: Mapped[str | None] = mapped_column(String(26))
    paid_channel: Mapped[str | None] = mapped_column(String(16))
    settled_by: Mapped[str | None] = mapped_column(String(16))  # notify | reconciliation
    # What the payment produced, as the payable's `paid` returned it (licensing: the licence issued or extended). The
    # column keeps the name it was created with, and the API shows it as `licence_id`: renaming it would gain nothing.
    result_id: Mapped[str | None] = mapped_column("licence_id", String(26), index=True)
    refunded_fen: Mapped[int] = mapped_column(default=0)

    def is_payable(self) -> bool:
        return self.status in ("pending", "expired")

    def refuse_move(self, to: str) -> DomainError:
        if self.status == "paid":
            return Conflict("该订单已支付", code="order_paid")
        return Conflict("该订单已关闭，不能支付", code="order_closed", details={"status": self.status})


class PaymentTrade(Stateful, Timestamps, Base):
    __tablename__ = "payment_trades"
    AUDIT_ENTITY = "payment_trade"
    TRANSITIONS = TRADE_TRANSITIONS
    AUDIT_RECIPIENT = None  # the order's audit row tells the resident; a trade's is for staff
    __table_args__ = (
        Index("ix_payment_trades_status_created", "status", "created_at"),
        # Covers the statement and the 30-day series: paid trades of a period summed per channel from the index.
        Index("ix_payment_trades_paid_sums", "status", "paid_at", "channel", "amount_fen"),
        Index("ix_payment_trades_transaction", "transaction_id"),  # the gateway's number, from its own statement
    )

    id: Mapped[str] = id_column()  # out_trade_no at the gateway
    order_id: Mapped[str] = mapped_column(ForeignKey("payment_orders.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    scene: Mapped[str] = mapped_column(String(16))  # mini_program | h5
    amount_fen: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default="open")
    expires_at: Mapped[datetime]
    client_params: Mapped[dict | None] = mapped_column(JSON)  # handed to the client; reused on a second press
    transaction_id: Mapped[str | None] = mapped_column(String(64))
    paid_at: Mapped[datetime | None]
    last_checked_at: Mapped[datetime | None]  # by the reconciliation job

    def refuse_move(self, to: str) -> DomainError:
        return Conflict("该支付已结束", code="trade_finished", details={"status": self.status})


class PaymentRefund(Stateful, Timestamps, Base):
    __tablename__ = "payment_refunds"
    AUDIT_ENTITY = "payment_refund"
    TRANSITIONS = REFUND_TRANSITIONS
    AUDIT_RECIPIENT = None  # the order's refunded / refund_failed rows tell the resident and staff
    __table_args__ = (
        Index("ix_payment_refunds_status_created", "status", "created_at"),  # retries, the 工作台
        # The statement's and the dashboard's refunds per channel and period, covering.
        Index("ix_payment_refunds_completed_sums", "status", "completed_at", "channel", "amount_fen"),
    )

    id: Mapped[str] = id_column()  # out_refund_no at the gateway
    order_id: Mapped[str] = mapped_column(ForeignKey("payment_orders.id"), index=True)
    trade_id: Mapped[str] = mapped_column(ForeignKey("payment_trades.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="processing", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    completed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)

    def refuse_move(self, to: str) -> DomainError:
        return Conflict("该退款已结束", code="refund_finished", details={"status": self.status})
