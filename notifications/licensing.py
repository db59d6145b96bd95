"""One function per notice: what to tell the resident when something happens to their application or licence.

Each takes the domain event and returns the notice's content, or None when another notice of the same change
already says it (approval that issues the licence at once tells about both in one notice).
"""
from __future__ import annotations

from collections.abc import Callable

from backend.core.events import DomainEvent, EventName
from backend.licensing import events as licensing
from backend.public_account.events import CONVERSATION_ANSWERED_BY_NOTICE
from notifications.content import NoticeContent


def _licence_page(licence_id: str | None) -> str | None:
    return f"pages/licence/detail?id={licence_id}" if licence_id else None


def _application_page(application_id: str) -> str:
    return f"pages/application/detail?id={application_id}"


def application_received(event: DomainEvent) -> NoticeContent:
    again = event.name == licensing.APPLICATION_RESUBMITTED
    return NoticeContent(
        "application_received", "犬证申请已受理",
        f"您为“{event.data.get('dog_name', '爱犬')}”提交的犬证申请{'已重新提交，' if again else ''}已进入审核，"
        "一般5至10个工作日内完成。",
        _application_page(event.entity_id), {"status": "待审核", "round": event.data.get("round")})


def application_approved(event: DomainEvent) -> NoticeContent:
    licence_no = event.data.get("licence_no")
    if event.data.get("to") == "issued":
        body = f"您的犬证申请已审核通过，电子犬证已签发，证号 {licence_no}。请在小程序中查看并下载犬牌二维码。"
        page = _licence_page(event.data.get("licence_id"))
    else:
        amount = event.data.get("amount_fen")
        fee = f"{amount / 100:.2f}元" if amount else "登记费用"
        body = f"您的犬证申请已审核通过，请在小程序中缴纳{fee}，缴费后即签发电子犬证。"
        page = _application_page(event.entity_id)
    return NoticeContent("application_approved", "犬证申请审核通过", body, page,
                         {"status": "审核通过", "licence_no": licence_no, "dog_name": event.data.get("dog_name")})


def application_rejected(event: DomainEvent) -> NoticeContent:
    reason = event.data.get("reason") or ""
    return NoticeContent("application_rejected", "犬证申请未通过",
                         f"您的犬证申请未通过审核。原因：{reason}。您可以修改后重新提交。",
                         _application_page(event.entity_id), {"status": "未通过", "reason": reason})


def application_withdrawn(event: DomainEvent) -> NoticeContent:
    return NoticeContent("application_withdrawn", "犬证申请已撤回", "您已撤回犬证申请。",
                         _application_page(event.entity_id), {"status": "已撤回"})


def licence_issued(event: DomainEvent) -> NoticeContent | None:
    if event.data.get("via") == "approval":
        return None  # application_approved already says it, with the number
    licence_no, expires_on = event.data.get("licence_no"), event.data.get("expires_on")
    return NoticeContent("licence_issued", "电子犬证已签发",
                         f"您的电子犬证已签发，证号 {licence_no}，有效期至 {expires_on}。",
                         _licence_page(event.entity_id),
                         {"licence_no": event.data.get("licence_no"), "expires_on": event.data.get("expires_on")})


def inspection_received(event: DomainEvent) -> NoticeContent | None:
    if not event.data.get("needs_review"):
        return None  # completed at once: licence_renewed tells it
    return NoticeContent("inspection_received", "年检已提交",
                         f"犬证 {event.data.get('licence_no')} 的年检材料已提交，工作人员审核后将通知您。",
                         _licence_page(event.data.get("licence_id")), {"licence_no": event.data.get("licence_no")})


def inspection_rejected(event: DomainEvent) -> NoticeContent:
    return NoticeContent("inspection_rejected", "年检未通过",
                         f"您的年检未通过审核。原因：{event.data.get('reason') or ''}。请更新疫苗信息后重新办理。",
                         _licence_page(event.data.get("licence_id")), {"reason": event.data.get("reason")})


def licence_renewed(event: DomainEvent) -> NoticeContent:
    return NoticeContent("licence_renewed", "年检完成",
                         f"犬证 {event.data.get('licence_no')} 年检完成，有效期延至 {event.data.get('expires_on')}。",
                         _licence_page(event.entity_id),
                         {"licence_no": event.data.get("licence_no"), "expires_on": event.data.get("expires_on")})


def licence_address_changed(event: DomainEvent) -> NoticeContent:
    return NoticeContent("licence_address_changed", "犬证住址已变更",
                         f"犬证 {event.data.get('licence_no')} 的登记住址已变更，"
                         f"所属管理区：{event.data.get('zone_name')}。",
                         _licence_page(event.entity_id), {"licence_no": event.data.get("licence_no")})


def _what_else_ended(event: DomainEvent) -> str:
    """What ended with a transfer or cancellation that the former holder should hear of."""
    parts = []
    if event.data.get("lost_report_closed"):
        parts.append("该犬的走失登记已结束")
    if event.data.get("relay_threads_closed"):
        parts.append(f"与拾获人的{event.data['relay_threads_closed']}个留言会话已关闭")
    return f"{'，'.join(parts)}。" if parts else ""


def licence_cancelled(event: DomainEvent) -> NoticeContent:
    return NoticeContent("licence_cancelled", "犬证已注销",
                         f"犬证 {event.data.get('licence_no')} 已注销（{event.data.get('reason')}）。"
                         f"{_what_else_ended(event)}",
                         _licence_page(event.entity_id),
                         {"licence_no": event.data.get("licence_no"), "reason": event.data.get("reason")})


def licence_expired(event: DomainEvent) -> NoticeContent:
    return NoticeContent("licence_expired", "犬证已过期",
                         f"犬证 {event.data.get('licence_no')} 已于 {event.data.get('expires_on')} 到期且逾期未年检，"
                         "现已失效。请尽快为爱犬接种疫苗并重新办理。",
                         _licence_page(event.entity_id), {"licence_no": event.data.get("licence_no")})


def transfer_started(event: DomainEvent) -> NoticeContent:
    return NoticeContent("transfer_started", "过户已发起",
                         f"犬证 {event.data.get('licence_no')} 的过户已发起，请将过户码告知接收人，"
                         f"过户码在 {event.data.get('expires_at', '')[:10]} 前有效。",
                         _licence_page(event.data.get("licence_id")), {"licence_no": event.data.get("licence_no")})


def transfer_accepted(event: DomainEvent) -> NoticeContent:
    return NoticeContent("transfer_accepted", "过户已完成",
                         f"犬证 {event.data.get('licence_no')} 已由接收人确认，过户完成。该犬证已不再显示在您的名下。"
                         f"{_what_else_ended(event)}",
                         None, {"licence_no": event.data.get("licence_no")})


def licence_transferred_in(event: DomainEvent) -> NoticeContent:
    return NoticeContent("licence_transferred_in", "犬证已过户到您名下",
                         f"犬证 {event.data.get('licence_no')} 已过户到您名下，证号不变。",
                         _licence_page(event.entity_id), {"licence_no": event.data.get("licence_no")})


def transfer_cancelled(event: DomainEvent) -> NoticeContent:
    return NoticeContent("transfer_cancelled", "过户已取消",
                         "您发起的过户已取消，过户码已失效。", _licence_page(event.data.get("licence_id")), {})


def renewal_due(event: DomainEvent) -> NoticeContent:
    days, licence_no = event.data.get("days_left", 0), event.data.get("licence_no")
    expires_on = event.data.get("expires_on")
    if event.data.get("kind") == "overdue":
        title = "犬证已过期，请尽快年检"
        body = f"犬证 {licence_no} 已于 {expires_on} 到期，请在宽限期内办理年检，逾期将失效。"
    elif days == 0:
        title, body = "犬证今天到期", f"犬证 {licence_no} 今天到期，请尽快为爱犬接种狂犬疫苗并办理年检。"
    else:
        title, body = f"犬证{days}天后到期", f"犬证 {licence_no} 将于 {expires_on} 到期，请及时接种狂犬疫苗并办理年检。"
    return NoticeContent("renewal_due", title, body, _licence_page(event.entity_id),
                         {"licence_no": licence_no, "expires_on": expires_on, "days_left": days})


def service_reply(event: DomainEvent) -> NoticeContent:
    return NoticeContent("service_reply", "客服回复", event.data.get("text", ""), None, {})


# Domain event name → notice function. Events not listed produce no notice of their own: inspection.issued
# (licence.renewed tells it) and inspection.withdrawn (licence.cancelled tells it).
NOTICES: dict[EventName, Callable[[DomainEvent], NoticeContent | None]] = {
    licensing.APPLICATION_SUBMITTED: application_received,
    licensing.APPLICATION_RESUBMITTED: application_received,
    licensing.APPLICATION_APPROVED: application_approved,
    licensing.APPLICATION_REJECTED: application_rejected,
    licensing.APPLICATION_WITHDRAWN: application_withdrawn,
    licensing.LICENCE_ISSUED: licence_issued,
    licensing.LICENCE_RENEWED: licence_renewed,
    licensing.LICENCE_ADDRESS_CHANGED: licence_address_changed,
    licensing.LICENCE_CANCELLED: licence_cancelled,
    licensing.LICENCE_EXPIRED: licence_expired,
    licensing.LICENCE_TRANSFERRED: licence_transferred_in,
    licensing.INSPECTION_SUBMITTED: inspection_received,
    licensing.INSPECTION_REJECTED: inspection_rejected,
    licensing.TRANSFER_STARTED: transfer_started,
    licensing.TRANSFER_ACCEPTED: transfer_accepted,
    licensing.TRANSFER_CANCELLED: transfer_cancelled,
    licensing.LICENCE_RENEWAL_DUE: renewal_due,
    CONVERSATION_ANSWERED_BY_NOTICE: service_reply,
}

