"""Messages a follower sends: a keyword gets its FAQ answer; everything else goes to the staff inbox."""
from __future__ import annotations

from backend.services import public_account
from handlers import texts


def text(message) -> str | None:
    answer = texts.answer_for(message.content)
    started_wait = public_account.message_received(message.source, "text", message.content, str(message.id),
                                                   auto_reply=answer)
    if answer:
        return answer
    return texts.acknowledgement() if started_wait else None


def other(message) -> str | None:
    """Pictures, voice, locations, links: staff look at them in the inbox."""
    summary = {"image": "[图片]", "voice": "[语音]", "video": "[视频]", "shortvideo": "[视频]",
               "location": "[位置]", "link": "[链接]"}.get(message.type, f"[{message.type}]")
    started_wait = public_account.message_received(message.source, message.type, summary, str(message.id),
                                                   auto_reply=None)
    return texts.acknowledgement() if started_wait else None
