"""Orders and payments into the JSON of API.md's payments section (schemas in miniprogram_api/schemas/payments).
Nothing here queries: an order's refunds and history come in its OrderDetail."""
from __future__ import annotations

from backend.core import clock
from backend.payments import orders
from backend.payments.models import PaymentOrder
from backend.payments.orders import OrderDetail


def order_brief(item: PaymentOrder | None) -> dict | None:
    """The `order` field of an application or inspection: `{"id", "amount_fen", "status"}` and a little more."""
    if item is None:
        return None
    return {"id": item.id, "amount_fen": item.amount_fen, "status": orders.effective_status(item),
            "expires_at": clock.isoformat(item.expires_at), "description": item.description}


def order(detail: OrderDetail) -> dict:
    item = detail.order
    return {
        "id": item.id, "amount_fen": item.amount_fen, "status": orders.effective_status(item),
        "purpose": item.purpose, "subject_id": item.subject_id, "description": item.description,
        "quote": dict(item.quote), "expires_at": clock.isoformat(item.expires_at),
        "paid_at": clock.isoformat(item.paid_at), "paid_channel": item.paid_channel, "licence_id": item.result_id,
        "refunded_fen": item.refunded_fen,
        "refunds": [{"id": r.id, "amount_fen": r.amount_fen, "status": r.status, "reason": r.reason,
                     "created_at": clock.isoformat(r.created_at), "completed_at": clock.isoformat(r.completed_at)}
                    for r in detail.refunds],
        "history": [change.to_dict() for change in detail.history],
    }
