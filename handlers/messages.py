"""Messages a follower sends: a keyword gets its FAQ answer; everything else goes to the staff inbox."""
from __future__ import annotations

from backend.services import public_account
from handlers import texts

# A message this short that names a topic is a question about the topic: the FAQ answers it. A longer one that
# merely mentions it ("我想咨询一下办证的材料…") also gets the FAQ answer at once, and goes to staff as well.
FAQ_ONLY_MAX_CHARS = 12


def text(message) -> str | None:
    answer = texts.answer_for(message.content)
    needs_staff = answer is None or len(message.content) > FAQ_ONLY_MAX_CHARS
    started_wait = public_account.message_received(message.source, "text", message.content, str(message.id),
                                                   auto_reply=answer, needs_staff=needs_staff)
    if answer:
        return answer
    return texts.acknowledgement() if started_wait else None


def other(message) -> str | None:
    """Pictures, voice, locations, links: staff look at them in the inbox."""
    summary = {"image": "[图片]", "voice": "[语音]", "video": "[视频]", "shortvideo": "[视频]",
               "location": "[位置]", "link": "[链接]"}.get(message.type, f"[{message.type}]")
    started_wait = public_account.message_received(message.source, message.type, summary, str(message.id),
                                                   auto_reply=None, needs_staff=True)
    return texts.acknowledgement() if started_wait else None
