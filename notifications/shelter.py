"""Notices for the shelter and adoption: bookings, adoption applications, and a licensed dog found at the shelter."""
from __future__ import annotations

from backend.core.events import DomainEvent
from backend.shelter import events as shelter
from notifications.content import NoticeContent

BOOKINGS_PAGE = "pages/adoption/bookings"


def _adoption_page(event: DomainEvent) -> str:
    return f"pages/adoption/application?id={event.entity_id}"


def _when(event: DomainEvent) -> str:
    return f"{event.data.get('date')} {event.data.get('start')}-{event.data.get('end')}"


def booking_confirmed(event: DomainEvent) -> NoticeContent:
    return NoticeContent("booking_confirmed", "领养开放日预约成功",
                         f"您已预约{_when(event)}到留检所参观，签到码 {event.data.get('checkin_code')}，"
                         "请凭签到码二维码入场。", BOOKINGS_PAGE,
                         {"status": "预约成功", "time": _when(event), "code": event.data.get("checkin_code")})


def booking_cancelled(event: DomainEvent) -> NoticeContent:
    return NoticeContent("booking_cancelled", "开放日预约已取消", f"您{_when(event)}的参观预约已取消。",
                         BOOKINGS_PAGE, {"status": "已取消", "time": _when(event)})


def booking_reminder(event: DomainEvent) -> NoticeContent:
    return NoticeContent("booking_reminder", "明天是您预约的领养开放日",
                         f"提醒：您预约了{_when(event)}到留检所参观，请准时到场并出示签到码；"
                         "如不能前往，请提前取消。", BOOKINGS_PAGE,
                         {"status": "即将到访", "time": _when(event)})


def booking_no_show(event: DomainEvent) -> NoticeContent:
    return NoticeContent("booking_no_show", "预约未到场",
                         f"您{event.data.get('date')}的参观预约未到场。多次未到场将暂停预约资格一段时间。",
                         BOOKINGS_PAGE, {"status": "未到场"})


def booking_day_closed(event: DomainEvent) -> NoticeContent:
    reason = event.data.get("reason") or "临时闭馆"
    return NoticeContent("booking_day_closed", "开放日闭馆，预约已取消",
                         f"很抱歉，留检所{event.data.get('date')}闭馆（{reason}），您{_when(event)}的参观预约已取消，"
                         "名额已释放，请在小程序中另约其他开放日。", BOOKINGS_PAGE,
                         {"status": "闭馆取消", "time": _when(event), "reason": reason})


def adoption_received(event: DomainEvent) -> NoticeContent:
    return NoticeContent("adoption_received", "领养申请已受理",
                         f"您领养“{event.data.get('dog_name')}”的申请已提交，工作人员审核后会通知您。",
                         _adoption_page(event), {"status": "待审核", "dog_name": event.data.get("dog_name")})


def adoption_approved(event: DomainEvent) -> NoticeContent:
    return NoticeContent("adoption_approved", "领养申请审核通过",
                         f"“{event.data.get('dog_name')}”已为您保留，请预约开放日到留检所办理交接。",
                         _adoption_page(event), {"status": "审核通过", "dog_name": event.data.get("dog_name")})


def adoption_closed(event: DomainEvent) -> NoticeContent:
    reason = event.data.get("reason") or "未通过审核"
    title = "领养申请已撤回" if event.name == shelter.ADOPTION_WITHDRAWN else "领养申请未通过"
    return NoticeContent("adoption_" + event.name.action, title,
                         f"您领养“{event.data.get('dog_name')}”的申请已结束：{reason}。",
                         _adoption_page(event), {"status": title[-3:], "reason": reason})


def adoption_completed(event: DomainEvent) -> NoticeContent:
    return NoticeContent("adoption_completed", "领养完成",
                         f"恭喜您领养“{event.data.get('dog_name')}”！我们已按留检所的记录为您提交犬证申请，"
                         "审核通过后即签发电子犬证。",
                         f"pages/application/detail?id={event.data.get('licence_application_id')}",
                         {"status": "领养完成", "dog_name": event.data.get("dog_name")})


def shelter_found_your_dog(event: DomainEvent) -> NoticeContent:
    return NoticeContent("shelter_found_your_dog", "您的爱犬可能在留检所",
                         f"留检所收容了一只犬，其{'犬牌' if event.data.get('matched_by') == 'tag' else '芯片'}与您的"
                         f"犬证 {event.data.get('licence_no')}（{event.data.get('dog_name')}）相符，收容编号 "
                         f"{event.data.get('dog_no')}。请携带身份证尽快到留检所认领。",
                         f"pages/licence/detail?id={event.data.get('licence_id')}",
                         {"status": "待认领", "licence_no": event.data.get("licence_no"),
                          "dog_no": event.data.get("dog_no")})


NOTICES = {
    shelter.VISIT_BOOKING_BOOKED: booking_confirmed,
    shelter.VISIT_BOOKING_CANCELLED: booking_cancelled,
    shelter.VISIT_BOOKING_REMINDER: booking_reminder,
    shelter.VISIT_BOOKING_NO_SHOW: booking_no_show,
    shelter.VISIT_BOOKING_DAY_CLOSED: booking_day_closed,
    shelter.ADOPTION_SUBMITTED: adoption_received,
    shelter.ADOPTION_APPROVED: adoption_approved,
    shelter.ADOPTION_REJECTED: adoption_closed,
    shelter.ADOPTION_WITHDRAWN: adoption_closed,
    shelter.ADOPTION_COMPLETED: adoption_completed,
    shelter.SHELTER_DOG_OWNER_FOUND: shelter_found_your_dog,
}
