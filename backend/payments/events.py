"""The events payments publishes (subscribers: notifications/payments.py). The name is what the audit trail stores
as `<entity_type>.<action>`."""
from __future__ import annotations

from backend.core.events import EventName

ORDER_CREATED = EventName("order.created")
ORDER_REOPENED = EventName("order.reopened")
ORDER_PAID = EventName("order.paid")
ORDER_EXPIRED = EventName("order.expired")
ORDER_CANCELLED = EventName("order.cancelled")
ORDER_REFUND_STARTED = EventName("order.refund_started")
ORDER_REFUNDED = EventName("order.refunded")  # a refund went through (the order is refunded when it was all)
ORDER_REFUND_FAILED = EventName("order.refund_failed")

# The gateway's side: what each trade and refund became (audited; nobody is told).
PAYMENT_TRADE_PAID = EventName("payment_trade.paid")
PAYMENT_TRADE_CLOSED = EventName("payment_trade.closed")
PAYMENT_REFUND_SUCCEEDED = EventName("payment_refund.succeeded")
PAYMENT_REFUND_FAILED = EventName("payment_refund.failed")
