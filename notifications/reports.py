"""Notices for lost and found dogs, the tag relay and stray reports. Finders are never told anything about the
owner; owners are told where and when a dog was found, not who found it."""
from __future__ import annotations

from backend.core.events import DomainEvent
from backend.reports import events as reports
from notifications.content import NoticeContent


def _distance(event: DomainEvent) -> str:
    metres = event.data.get("distance_m")
    if metres is None:
        return ""
    return f"，距走失地点约{metres / 1000:.1f}公里" if metres >= 1000 else f"，距走失地点约{metres}米"


def _found_place(event: DomainEvent) -> str:
    address = event.data.get("address") or "未注明地点"
    return f"{event.data.get('found_at', '')[:16].replace('T', ' ')} 在{address}"


def lost_report_opened(event: DomainEvent) -> NoticeContent:
    return NoticeContent("lost_report_opened", "走失登记已发布",
                         f"“{event.data.get('dog_name') or '爱犬'}”的走失登记已发布：有人扫描犬牌、发现相似犬只或"
                         "留检所收容到相符犬只时，我们会第一时间通知您。", f"pages/lost/detail?id={event.entity_id}",
                         {"status": "寻找中", "dog_name": event.data.get("dog_name")})


def lost_match_found(event: DomainEvent) -> NoticeContent:
    name = event.data.get("dog_name") or "您的爱犬"
    if event.data.get("source") == "shelter":
        body = (f"留检所收容的一只犬（编号 {event.data.get('shelter_dog_no')}）与“{name}”的走失登记相符"
                f"{_distance(event)}，请查看照片，如是您的犬请携带身份证到留检所认领。")
    else:
        how = {"tag": "犬牌", "chip": "芯片"}.get(event.data.get("kind"), "特征")
        body = (f"有人{_found_place(event)}发现一只{how}与“{name}”相符的犬{_distance(event)}。"
                "请查看照片，并可通过平台与拾获人联系。")
    return NoticeContent("lost_match_found", "发现可能是您走失的犬只", body,
                         f"pages/lost/detail?id={event.entity_id}", {"status": "疑似找到", "dog_name": name})


def found_match_found(event: DomainEvent) -> NoticeContent:
    return NoticeContent("found_match_found", "您拾获的犬只可能找到主人了",
                         "您登记的拾获犬只与一条走失登记相符，我们已通知犬主。犬主可能通过平台给您留言，"
                         "双方联系方式均不公开。", f"pages/found/detail?id={event.entity_id}",
                         {"status": "已通知犬主"})


def found_owner_reunited(event: DomainEvent) -> NoticeContent:
    return NoticeContent("found_owner_reunited", "犬只已回家",
                         f"“{event.data.get('dog_name') or '犬只'}”已与主人团聚，感谢您的帮助！",
                         f"pages/found/detail?id={event.entity_id}", {"status": "已团聚"})


def tag_scanned(event: DomainEvent) -> NoticeContent:
    where = f"（位置：{event.data['address']}）" if event.data.get("address") else ""
    lead = "有人发现了您走失的" if event.data.get("lost") else "有人扫描了您的"
    return NoticeContent("tag_scanned", f"{lead}“{event.data.get('dog_name')}”",
                         f"{lead}犬只“{event.data.get('dog_name')}”的犬牌并留言：{event.data.get('text')}{where}。"
                         "请在小程序中回复，对方看不到您的电话。", f"pages/relay/thread?id={event.entity_id}",
                         {"status": "有新留言", "dog_name": event.data.get("dog_name")})


def relay_message(event: DomainEvent) -> NoticeContent:
    who = "犬主" if event.data.get("from") == "owner" else "拾获人"
    return NoticeContent("relay_message", f"{who}给您留言",
                         f"关于“{event.data.get('dog_name')}”，{who}留言：{event.data.get('text')}",
                         f"pages/relay/thread?id={event.entity_id}", {"status": "有新留言"})


def phone_shared(event: DomainEvent) -> NoticeContent:
    return NoticeContent("relay_phone_shared", "犬主公开了联系电话",
                         f"“{event.data.get('dog_name')}”的主人向您公开了联系电话，可在会话中查看。",
                         f"pages/relay/thread?id={event.entity_id}", {"status": "可电话联系"})


def thread_closed(event: DomainEvent) -> NoticeContent:
    """To the finder. The former owner hears it in their transfer or cancellation notice; the new holder has no
    part in a thread that was never theirs."""
    name = event.data.get("dog_name") or "犬只"
    if event.data.get("close_reason") == "transferred":
        body = (f"关于“{name}”的留言会话已结束：这只犬的犬证已由他人持有，之前的留言不会转给现在的犬主。"
                "如仍需联系犬主，请重新扫描犬牌留言。")
    else:
        body = (f"关于“{name}”的留言会话已结束：该犬证已注销，平台不再转达留言。"
                "如您发现了这只犬，请在小程序中登记拾获信息。")
    if event.data.get("shared_phone_withdrawn"):
        body += "此前公开给您的电话号码已不再显示。"
    return NoticeContent("relay_thread_closed", "留言会话已结束", body, f"pages/relay/thread?id={event.entity_id}",
                         {"status": "会话已结束", "dog_name": event.data.get("dog_name")})


STRAY_PAGE = "pages/stray/detail?id={}"


def stray_step(event: DomainEvent) -> NoticeContent | None:
    action = event.name.action
    where = event.data.get("address") or "您报告的地点"
    if action == "received" and event.data.get("to") == "duplicate":
        text = ("附近刚有人报告过同一处的流浪犬，您的报告已合并到该报告，处理结果会同样通知您。", "已合并")
    else:
        text = {
            "received": (f"您在{where}的流浪犬报告已受理，我们会尽快安排处置。", "已受理"),
            "dispatched": (f"您在{where}报告的流浪犬已派{event.data.get('team') or '处置队'}前往处置。", "已派单"),
            "captured": (f"您在{where}报告的流浪犬已捕获{event.data.get('captured_count') or ''}只并送留检所，"
                         "感谢您的报告！", "已捕获"),
            "not_found": (f"处置人员到{where}未找到您报告的流浪犬。如再看到，欢迎再次报告。", "未找到"),
            "duplicate": ("您的报告与另一条报告为同一处流浪犬，已合并处理，结果会同样通知您。", "已合并"),
            "original_captured": (f"与您报告相同的{where}流浪犬已捕获并送留检所，感谢您的报告！", "已捕获"),
            "original_not_found": (f"处置人员到{where}未找到与您报告相同的流浪犬。", "未找到"),
        }.get(action)
    if text is None:
        return None
    return NoticeContent(f"stray_{action}", "流浪犬报告进展", text[0], STRAY_PAGE.format(event.entity_id),
                         {"status": text[1]})


NOTICES = {
    reports.LOST_REPORT_OPENED: lost_report_opened,
    reports.LOST_REPORT_MATCH_FOUND: lost_match_found,
    reports.FOUND_REPORT_MATCH_FOUND: found_match_found,
    reports.FOUND_REPORT_OWNER_REUNITED: found_owner_reunited,
    reports.RELAY_THREAD_TAG_SCANNED: tag_scanned,
    reports.RELAY_THREAD_MESSAGE: relay_message,
    reports.RELAY_THREAD_PHONE_SHARED: phone_shared,
    reports.RELAY_THREAD_CLOSED: thread_closed,
    reports.STRAY_REPORT_RECEIVED: stray_step,
    reports.STRAY_REPORT_DISPATCHED: stray_step,
    reports.STRAY_REPORT_CAPTURED: stray_step,
    reports.STRAY_REPORT_NOT_FOUND: stray_step,
    reports.STRAY_REPORT_DUPLICATE: stray_step,
    reports.STRAY_REPORT_ORIGINAL_CAPTURED: stray_step,
    reports.STRAY_REPORT_ORIGINAL_NOT_FOUND: stray_step,
}
