"""Notices about fees: a fee to pay, an unpaid order that expired, money going back."""
from __future__ import annotations

from backend.core.events import DomainEvent
from backend.licensing.events import INSPECTION_APPROVED
from backend.payments.events import ORDER_EXPIRED, ORDER_REFUND_STARTED, ORDER_REFUNDED
from notifications.content import NoticeContent


def yuan(fen: int | None) -> str:
    return f"¥{(fen or 0) / 100:.2f}"


def _order_page(order_id: str) -> str:
    return f"pages/order/detail?id={order_id}"


def inspection_awaiting_payment(event: DomainEvent) -> NoticeContent:
    return NoticeContent("inspection_awaiting_payment", "年检待缴费",
                         f"犬证 {event.data.get('licence_no')} 的年检已通过审核，请在小程序中缴纳年检费"
                         f"{yuan(event.data.get('amount_fen'))}，缴费后犬证有效期即延长。",
                         _order_page(event.data.get("order_id")),
                         {"licence_no": event.data.get("licence_no"), "amount": yuan(event.data.get("amount_fen"))})


def order_expired(event: DomainEvent) -> NoticeContent:
    return NoticeContent("order_expired", "缴费订单已过期",
                         f"您有一笔{yuan(event.data.get('amount_fen'))}的缴费订单未在期限内支付，已过期。"
                         "您可随时在小程序中重新发起支付，支付后即办结。", _order_page(event.entity_id),
                         {"status": "已过期", "amount": yuan(event.data.get("amount_fen"))})


def refund_started(event: DomainEvent) -> NoticeContent:
    return NoticeContent("refund_started", "退款处理中",
                         f"{yuan(event.data.get('amount_fen'))}将原路退回。原因：{event.data.get('reason') or ''}。",
                         _order_page(event.entity_id),
                         {"status": "退款中", "amount": yuan(event.data.get("amount_fen"))})


def refunded(event: DomainEvent) -> NoticeContent:
    return NoticeContent("refunded", "退款已完成",
                         f"{yuan(event.data.get('amount_fen'))}已原路退回，请留意微信或支付宝的到账提醒。",
                         _order_page(event.entity_id),
                         {"status": "已退款", "amount": yuan(event.data.get("amount_fen"))})


def _inspection_approved(event: DomainEvent) -> NoticeContent | None:
    return inspection_awaiting_payment(event) if event.data.get("to") == "awaiting_payment" else None


NOTICES = {
    INSPECTION_APPROVED: _inspection_approved,
    ORDER_EXPIRED: order_expired,
    ORDER_REFUND_STARTED: refund_started,
    ORDER_REFUNDED: refunded,
}
