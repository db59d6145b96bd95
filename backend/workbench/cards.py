"""What the 工作台 counts: one card per kind of waiting work, each one aggregate statement.

Every card is `SELECT COUNT(*), MIN(<when it started waiting>)` over rows that are still waiting, found through an
index whose leading columns are the card's condition (status, then the instant), so the database reads only the
waiting rows' index entries, never the table's history. `tests/integration/test_workbench_plans.py` checks each
plan on MariaDB. The cards read other features' models and never change them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select, true

from backend.licensing.models.applications import LicenceApplication
from backend.licensing.models.licences import Inspection
from backend.payments.models import PaymentOrder, PaymentRefund
from backend.public_account.models import REPLIES_PER_WINDOW, REPLY_WINDOW, Conversation
from backend.reports.models.strays import StrayReport
from backend.shelter.models.adoption import AdoptionApplication

# A reply window that closes within this long is shown apart: customer service answers those first.
WINDOW_CLOSING_WITHIN = timedelta(hours=6)
# The reconciliation job asks the gateway about a refund every few minutes; one still processing after an hour
# needs a person to look at it.
REFUND_STUCK_AFTER = timedelta(hours=1)
# Residents usually pay the day they are approved; an order open for longer may need a reminder or a question.
ORDER_UNPAID_AFTER = timedelta(days=1)
# Orders that still wait for the resident's money: expired ones can be paid again at any time.
UNPAID_ORDER_STATUSES = ("pending", "expired")


@dataclass(frozen=True)
class CardSpec:
    key: str
    title: str
    roles: tuple[str, ...]  # besides admin, who sees every card
    statement: Callable[[datetime], Select]  # now → SELECT count, oldest
    deadline: timedelta | None = None  # the oldest row's deadline is `oldest + deadline` (the reply window)


def _applications(now: datetime) -> Select:
    return (select(func.count(), func.min(LicenceApplication.submitted_at))
            .where(LicenceApplication.status == "pending_review"))


def _inspections(now: datetime) -> Select:
    return select(func.count(), func.min(Inspection.created_at)).where(Inspection.status == "pending_review")


def _conversations(now: datetime) -> Select:
    return select(func.count(), func.min(Conversation.waiting_since)).where(Conversation.unanswered == true())


def _closing_windows(now: datetime) -> Select:
    """Unanswered, window still open (48 hours since the follower last wrote, fewer than five replies used), and
    closing within WINDOW_CLOSING_WITHIN. The oldest is the follower message whose window closes first."""
    return (select(func.count(), func.min(Conversation.last_inbound_at))
            .where(Conversation.unanswered == true(),
                   Conversation.last_inbound_at > now - REPLY_WINDOW,
                   Conversation.last_inbound_at <= now - REPLY_WINDOW + WINDOW_CLOSING_WITHIN,
                   Conversation.replies_since_inbound < REPLIES_PER_WINDOW))


def _stuck_refunds(now: datetime) -> Select:
    return (select(func.count(), func.min(PaymentRefund.created_at))
            .where(PaymentRefund.status == "processing", PaymentRefund.created_at <= now - REFUND_STUCK_AFTER))


def _unpaid_orders(now: datetime) -> Select:
    return (select(func.count(), func.min(PaymentOrder.created_at))
            .where(PaymentOrder.status.in_(UNPAID_ORDER_STATUSES),
                   PaymentOrder.created_at <= now - ORDER_UNPAID_AFTER))


def _adoptions(now: datetime) -> Select:
    return (select(func.count(), func.min(AdoptionApplication.submitted_at))
            .where(AdoptionApplication.status == "submitted"))


def _strays(now: datetime) -> Select:
    return select(func.count(), func.min(StrayReport.created_at)).where(StrayReport.status == "received")


# In the order the page shows them. Payments are admin's alone: the 财务 pages are.
CARDS: tuple[CardSpec, ...] = (
    CardSpec("applications_pending", "待审核的犬证申请", ("reviewer",), _applications),
    CardSpec("inspections_pending", "待审核的年检", ("reviewer",), _inspections),
    CardSpec("conversations_unanswered", "未回复的公众号会话", ("service",), _conversations),
    CardSpec("conversations_closing", "6小时内关闭回复窗口的会话", ("service",), _closing_windows,
             deadline=REPLY_WINDOW),
    CardSpec("adoptions_pending", "待审核的领养申请", ("shelter",), _adoptions),
    CardSpec("strays_received", "待派单的流浪犬报告", ("dispatcher",), _strays),
    CardSpec("refunds_stuck", "处理超过1小时的退款", (), _stuck_refunds),
    CardSpec("orders_unpaid", "超过1天未缴费的订单", (), _unpaid_orders),
)


def cards_for(role: str) -> tuple[CardSpec, ...]:
    return tuple(card for card in CARDS if role == "admin" or role in card.roles)
