"""Messages a follower sends: a keyword gets its FAQ answer; everything else goes to the staff inbox."""
from __future__ import annotations

from backend.public_account import messages as public_account
from backend.public_account.messages import Inbound
from handlers import texts

# A message this short that names a topic is a question about the topic: the FAQ answers it. A longer one that
# merely mentions it ("我想咨询一下办证的材料…") also gets the FAQ answer at once, and goes to staff as well.
FAQ_ONLY_MAX_CHARS = 12
SUMMARIES = {"image": "[图片]", "voice": "[语音]", "video": "[视频]", "shortvideo": "[视频]", "location": "[位置]",
             "link": "[链接]"}


def text(message, key: str) -> tuple[str | None, Inbound]:
    content = message.content or ""  # wechatpy reads an empty <Content/> as None
    answer = texts.answer_for(content)
    needs_staff = answer is None or len(content) > FAQ_ONLY_MAX_CHARS
    reply = answer
    if answer is None and public_account.acknowledge_once(message.source):
        reply = texts.acknowledgement()
    return reply, Inbound(key, message.source, "message", "text", content, str(message.id),
                          needs_staff=needs_staff, auto_reply=answer)


def other(message, key: str) -> tuple[str | None, Inbound]:
    """Pictures, voice, locations, links: staff look at them in the inbox."""
    summary = SUMMARIES.get(message.type, f"[{message.type}]")
    reply = texts.acknowledgement() if public_account.acknowledge_once(message.source) else None
    return reply, Inbound(key, message.source, "message", message.type, summary, str(message.id), needs_staff=True)
