"""财务 (issue 16), for the admin (there is no finance role): the daily series for the chart, orders and refunds
searched, an order's and a refund's record. The day's statement is GET /api/v1/staff/payments/statement
(views/payments.py)."""
from flask import Blueprint

from backend.administration import finance
from backend.core import clock
from backend.payments import orders, reconciliation
from miniprogram_api.administration.finance_schemas import (
    OrderSearchQuery,
    RefundDetailOut,
    RefundSearchQuery,
    SeriesQuery,
    StaffOrderDetailOut,
    StaffOrderOut,
    StaffRefundOut,
)
from miniprogram_api.payments import serializers as payment_serializers
from miniprogram_api.payments.schemas import StatementRow
from miniprogram_api.routing import Page, endpoint

bp = Blueprint("finance", __name__)
FINANCE = ("admin",)


@endpoint(bp, "/api/v1/staff/payments/daily", summary="每日收款、退款与净额（各渠道，默认最近30天）", tag="staff",
          auth="staff", roles=FINANCE, query=SeriesQuery, response=list[StatementRow],
          description="from 至 to 的每一天（北京时间）、每个渠道一行，无款项的日子为 0；金额单位为分。"
                      "与 GET /api/v1/staff/payments/statement 同一口径"
                      "（已支付的交易按支付时间，已退回的退款按完成时间）。")
def daily(staff, query: SeriesQuery):
    return reconciliation.daily_series(query.from_, query.to)


@endpoint(bp, "/api/v1/staff/payments/orders", summary="订单查询（最新在前；总数见 X-Total-Count）", tag="staff",
          auth="staff", roles=FINANCE, query=OrderSearchQuery, response=list[StaffOrderOut])
def search_orders(staff, query: OrderSearchQuery):
    where = finance.OrderFilter(order_no=query.order_no, licence=query.licence, channel=query.channel,
                                status=query.status, from_day=query.from_, to_day=query.to, date_by=query.date_by)
    rows, total = finance.search_orders(where, query.limit, query.offset)
    return Page([_order(row) for row in rows], total)


def _order(row: finance.OrderRow) -> dict:
    o = row.order
    return {"id": o.id, "created_at": clock.isoformat(o.created_at), "amount_fen": o.amount_fen,
            "status": orders.effective_status(o), "purpose": o.purpose, "subject_id": o.subject_id,
            "description": o.description, "expires_at": clock.isoformat(o.expires_at),
            "paid_at": clock.isoformat(o.paid_at), "paid_channel": o.paid_channel, "licence_id": o.result_id,
            "licence_no": row.licence_no, "refunded_fen": o.refunded_fen, "user_id": o.user_id}


def _trade(t) -> dict:
    return {"id": t.id, "channel": t.channel, "scene": t.scene, "amount_fen": t.amount_fen, "status": t.status,
            "transaction_id": t.transaction_id, "created_at": clock.isoformat(t.created_at),
            "paid_at": clock.isoformat(t.paid_at)}


@endpoint(bp, "/api/v1/staff/payments/orders/<order_id>", summary="订单详情（交易、退款与全部记录）", tag="staff",
          auth="staff", roles=FINANCE, response=StaffOrderDetailOut, errors=("order_not_found",))
def get_order(staff, order_id: str):
    row = finance.get_order(order_id)
    detail = orders.order_details([row.order])[0]
    return {**payment_serializers.order(detail), "created_at": clock.isoformat(row.order.created_at),
            "licence_no": row.licence_no, "user_id": row.order.user_id, "settled_by": row.order.settled_by,
            "trades": [_trade(t) for t in orders.order_trades(row.order.id)]}


def _refund(r) -> dict:
    return {"id": r.id, "order_id": r.order_id, "trade_id": r.trade_id, "channel": r.channel,
            "amount_fen": r.amount_fen, "status": r.status, "reason": r.reason, "attempts": r.attempts,
            "last_error": r.last_error, "created_at": clock.isoformat(r.created_at),
            "completed_at": clock.isoformat(r.completed_at)}


@endpoint(bp, "/api/v1/staff/payments/refunds", summary="退款查询（最新在前；总数见 X-Total-Count）", tag="staff",
          auth="staff", roles=FINANCE, query=RefundSearchQuery, response=list[StaffRefundOut])
def search_refunds(staff, query: RefundSearchQuery):
    where = finance.RefundFilter(number=query.number, channel=query.channel, status=query.status,
                                 from_day=query.from_, to_day=query.to)
    found, total = finance.search_refunds(where, query.limit, query.offset)
    return Page([_refund(r) for r in found], total)


@endpoint(bp, "/api/v1/staff/payments/refunds/<refund_id>", summary="退款详情（状态与经过）", tag="staff",
          auth="staff", roles=FINANCE, response=RefundDetailOut, errors=("refund_not_found",))
def get_refund(staff, refund_id: str):
    record = finance.get_refund(refund_id)
    o = record.order
    return {**_refund(record.refund), "trade": _trade(record.trade), "history": [c.to_dict() for c in record.history],
            "order": {"id": o.id, "description": o.description, "amount_fen": o.amount_fen,
                      "status": orders.effective_status(o), "refunded_fen": o.refunded_fen,
                      "licence_no": record.licence_no}}
