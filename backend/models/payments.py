"""Fees and payments: an order for what the resident owes, the gateway trades that try to pay it, refunds.

One order per fee decision (an approved application, an approved inspection). Each press of "pay" on a channel
opens a trade at that gateway, whose id is the merchant order number (out_trade_no): a resident may try WeChat Pay,
then Alipay, and every trade stays on record so a late notify for any of them can still be matched — and, if the
order was already paid, refunded.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.models.base import Base, Timestamps, id_column

# pending: waiting for the resident; paid: settled (licence issued / extended); expired: not paid in time (paying
# again reopens it); cancelled: the application or inspection ended first; refunded: the money went back.
ORDER_STATUSES = ("pending", "paid", "expired", "cancelled", "refunded")
ORDER_PURPOSES = ("application", "inspection")
CHANNELS = ("wechat", "alipay")
# open: created at the gateway, not yet paid; paid; closed: closed or expired at the gateway, or never opened.
TRADE_STATUSES = ("open", "paid", "closed")
REFUND_STATUSES = ("processing", "success", "failed")


class PaymentOrder(Timestamps, Base):
    __tablename__ = "payment_orders"
    __table_args__ = (
        Index("ix_payment_orders_subject", "purpose", "subject_id"),
        Index("ix_payment_orders_status_expires", "status", "expires_at"),
        # The dashboard's fees per channel and month (backend.indicators.payments), covering.
        Index("ix_payment_orders_paid", "paid_at", "paid_channel", "amount_fen"),
    )

    id: Mapped[str] = id_column()
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(26))  # the application or inspection
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
    licence_id: Mapped[str | None] = mapped_column(String(26), index=True)  # what the payment issued or extended
    refunded_fen: Mapped[int] = mapped_column(default=0)

    def is_payable(self) -> bool:
        return self.status in ("pending", "expired")


class PaymentTrade(Timestamps, Base):
    __tablename__ = "payment_trades"
    __table_args__ = (Index("ix_payment_trades_status_created", "status", "created_at"),)

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


class PaymentRefund(Timestamps, Base):
    __tablename__ = "payment_refunds"
    # The dashboard's refunds per channel and month (backend.indicators.payments), covering.
    __table_args__ = (Index("ix_payment_refunds_completed", "status", "completed_at", "channel", "amount_fen"),)

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

