"""Events: follow and unfollow, menu taps. Each is a small function that calls a service and builds a reply."""
from __future__ import annotations

from backend.public_account import messages as public_account
from backend.public_account.messages import Inbound
from backend.shelter import open_days
from handlers import texts


def subscribe(event, key: str) -> tuple[str, Inbound]:
    return texts.welcome(), Inbound(key, event.source, "follow")


def unsubscribe(event, key: str) -> tuple[None, Inbound]:
    return None, Inbound(key, event.source, "unfollow")


def click(event, key: str) -> tuple[str | None, Inbound]:
    answer = MENU.get(event.key)
    return (answer(event.source) if answer else None), Inbound(key, event.source, "tap", content=f"click:{event.key}")


def interaction(event, key: str) -> tuple[None, Inbound]:
    """Menu links, scans, location reports: they open the reply window; nothing to say."""
    return None, Inbound(key, event.source, "tap", content=event.event)


def _my_licences(openid: str) -> str:
    overview = public_account.overview(openid)
    if not overview.linked:
        return texts.with_links("请先在小程序中登录，之后即可在这里查看您的犬证。\n"
                                "{mini_link:pages/index/index:打开小程序}")
    if not overview.licences:
        return texts.with_links("您还没有犬证。\n{mini_link:pages/application/new:立即办理}")
    lines = [f"{licence.licence_no}｜{(licence.card or {}).get('dog', {}).get('name', '')}｜"
             f"{licence.status_text}｜有效期至{licence.expires_on.isoformat()}"
             for licence in overview.licences]
    return "您的犬证：\n" + "\n".join(lines) + texts.with_links("\n{mini_link:pages/licence/list:查看详情}")


def _progress(openid: str) -> str:
    overview = public_account.overview(openid)
    if not overview.linked:
        return texts.with_links("请先在小程序中登录。\n{mini_link:pages/index/index:打开小程序}")
    if not overview.applications:
        return "您目前没有办理中的申请。"
    lines = [f"{a.dog['name']}：{a.status_text}"
             + (f"（原因：{a.reject_reason}）" if a.status == "rejected" and a.reject_reason else "")
             for a in overview.applications]
    return "办理进度：\n" + "\n".join(lines)


WEEKDAYS = "一二三四五六日"


def _open_days(openid: str) -> str:
    """The next open days with places left, then the booking link; closed days say why."""
    lines = []
    for day in open_days.upcoming(days=7):
        when = f"{day.day.month}月{day.day.day}日（周{WEEKDAYS[day.day.weekday()]}）"
        if day.closed_reason:
            lines.append(f"{when}：{day.closed_reason}")
        else:
            lines.append(when + "：" + "，".join(f"{s.start}-{s.end} 余{s.places_left}位"
                                                for s in day.slots))
    if not lines:
        return texts.answer_for("开放日")
    return ("领养开放日（凭预约码入场）：\n" + "\n".join(lines)
            + texts.with_links("\n{mini_link:pages/adoption/index:预约开放日}"))


def _faq_for(keyword: str):
    return lambda openid: texts.answer_for(keyword)


MENU = {"MY_LICENCES": _my_licences, "APPLICATION_PROGRESS": _progress, "OPEN_DAYS": _open_days,
        "REPORT_STRAY": _faq_for("流浪犬"), "REPORT_LOST": _faq_for("走失")}
