"""The staff inbox (role `service`): public-account conversations, unanswered first; replies through WeChat."""
from flask import Blueprint

from backend.core import clock
from backend.public_account import inbox
from miniprogram_api.public_account.schemas import ConversationOut, ConversationSummary, InboxQuery, MessageOut, ReplyIn
from miniprogram_api.routing import Page, endpoint

bp = Blueprint("inbox", __name__)
SERVICE = ("service",)


def _message(item) -> dict:
    return {"id": item.id, "direction": item.direction, "kind": item.kind, "content": item.content,
            "status": item.status, "staff_id": item.staff_id, "error": item.error,
            "created_at": clock.isoformat(item.created_at)}


def _summary(conversation, user, last) -> dict:
    now = clock.now()
    waited = int((now - conversation.waiting_since).total_seconds()) if conversation.waiting_since else None
    return {
        "id": conversation.id, "user_id": user.id, "linked_resident": user.mini_openid is not None,
        "unanswered": conversation.unanswered, "waiting_seconds": waited,
        "waiting": None if waited is None else f"{waited // 3600}小时{waited % 3600 // 60}分钟",
        "last_message": _message(last) if last else None,
        "reply_window": {"open": conversation.reply_window_open(now),
                         "closes_at": clock.isoformat(conversation.reply_window_closes_at()),
                         "replies_left": conversation.replies_left},
    }


@endpoint(bp, "/api/v1/staff/inbox", summary="公众号会话（未回复的在前，含等待时长；总数见 X-Total-Count）",
          tag="inbox", auth="staff", roles=SERVICE, query=InboxQuery, response=list[ConversationSummary])
def list_inbox(staff, query: InboxQuery):
    entries, total = inbox.inbox(query.limit, query.offset)
    return Page([_summary(e.conversation, e.user, e.last_message) for e in entries], total)


@endpoint(bp, "/api/v1/staff/inbox/<conversation_id>", summary="会话详情（双向全部消息）", tag="inbox",
          auth="staff", roles=SERVICE, response=ConversationOut, errors=("conversation_not_found",))
def get_conversation(staff, conversation_id: str):
    conversation, user, messages = inbox.conversation(conversation_id)
    return {**_summary(conversation, user, messages[-1] if messages else None),
            "messages": [_message(m) for m in messages]}


@endpoint(bp, "/api/v1/staff/inbox/<conversation_id>/reply", "POST",
          summary="客服回复（48小时内、最多5条；否则 409 reply_window_closed，可改发模板通知）", tag="inbox",
          auth="staff", roles=SERVICE, body=ReplyIn, response=MessageOut,
          errors=("conversation_not_found", "reply_window_closed", "wechat_refused", "wechat_unavailable"))
def reply(staff, conversation_id: str, body: ReplyIn):
    return _message(inbox.reply(staff.id, conversation_id, body.text))


@endpoint(bp, "/api/v1/staff/inbox/<conversation_id>/notice", "POST",
          summary="回复窗口关闭时，以模板通知发送回复（经通知队列投递）", tag="inbox", auth="staff", roles=SERVICE,
          body=ReplyIn, response=MessageOut, status=201, errors=("conversation_not_found",))
def notice_instead(staff, conversation_id: str, body: ReplyIn):
    return _message(inbox.send_notice_instead(staff.id, conversation_id, body.text))
