"""The staff inbox: followers' messages as conversations, answered through WeChat's customer-service messages.

WeChat lets an account answer a follower with customer-service messages for 48 hours after the follower last
wrote or tapped, five at most; after that only a template notice reaches them. Both rules are checked here before
anything is sent (409 `reply_window_closed`), and again by WeChat.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backend.accounts.models.people import User
from backend.core import clock, events, ports
from backend.core.database.extensions import db
from backend.core.database.uow import after_commit, transaction
from backend.core.errors import Conflict, NotFound, UpstreamUnavailable
from backend.core.ids import new_id
from backend.public_account import acknowledgements, followers
from backend.public_account.events import CONVERSATION_ANSWERED_BY_NOTICE
from backend.public_account.models import REPLIES_PER_WINDOW, Conversation, ConversationMessage


def record_inbound(openid: str, kind: str, content: str, wechat_msg_id: str | None,
                   needs_staff: bool) -> tuple[str, bool]:
    """A follower wrote: store it and reopen the reply window; if staff must answer, queue the conversation.
    Returns the conversation id and whether this message started a wait (the account then acknowledges once, not
    every line). Runs in the caller's transaction (the callback's, with its dedupe key).

    Every follower message comes through here while WeChat waits, so it is three plain statements (find, update,
    insert) rather than ORM objects and a flush, which cost twice the database time on the callback path."""
    now = clock.now()
    found = db.session.execute(
        db.select(Conversation.id, Conversation.unanswered).join(User, User.id == Conversation.user_id)
        .where(User.mp_openid == openid)).first()
    if found is None:
        conversation_id, was_waiting = _new_conversation(openid), False
    else:
        conversation_id, was_waiting = found
    changes = {"last_inbound_at": now, "replies_since_inbound": 0}
    if needs_staff:
        changes.update(unanswered=True, waiting_since=db.func.coalesce(Conversation.waiting_since, now))
    db.session.execute(db.update(Conversation).where(Conversation.id == conversation_id).values(**changes)
                       .execution_options(synchronize_session=False))
    _insert_message(conversation_id, "in", kind, content, now, wechat_msg_id=wechat_msg_id)
    return conversation_id, needs_staff and not was_waiting


def _insert_message(conversation_id: str, direction: str, kind: str, content: str, at: datetime,
                    status: str = "received", wechat_msg_id: str | None = None) -> None:
    db.session.execute(db.insert(ConversationMessage).values(
        id=new_id(), conversation_id=conversation_id, direction=direction, kind=kind, content=content,
        wechat_msg_id=wechat_msg_id, status=status, created_at=at))


def _new_conversation(openid: str) -> str:
    conversation = Conversation(user_id=followers.follower(openid).id)
    db.session.add(conversation)
    db.session.flush()
    return conversation.id


def record_interaction(openid: str, what: str) -> None:
    """A menu tap or a follow also opens the window (WeChat counts them as interactions); no one waits for an
    answer. In the caller's transaction."""
    record_inbound(openid, "event", what, None, needs_staff=False)


def record_auto_reply(conversation_id: str, text: str) -> None:
    _insert_message(conversation_id, "out", "auto_reply", text, clock.now(), status="sent")


@dataclass(frozen=True)
class InboxEntry:
    conversation: Conversation
    user: User
    last_message: ConversationMessage | None


def inbox(limit: int = 50, offset: int = 0) -> tuple[list[InboxEntry], int]:
    """Unanswered first, longest waiting first; then the most recent."""
    total = db.session.scalar(db.select(db.func.count(Conversation.id)))
    rows = db.session.execute(
        db.select(Conversation, User).join(User, User.id == Conversation.user_id)
        .order_by(Conversation.unanswered.desc(), Conversation.waiting_since.asc(),
                  Conversation.last_inbound_at.desc())
        .limit(limit).offset(offset)).all()
    last = _last_messages([conversation.id for conversation, _ in rows])
    return [InboxEntry(conversation, user, last.get(conversation.id)) for conversation, user in rows], total


def _last_messages(conversation_ids: list[str]) -> dict[str, ConversationMessage]:
    """Each conversation's newest message, for a whole page in one query (ROW_NUMBER: SQLite and MariaDB)."""
    if not conversation_ids:
        return {}
    newest_first = db.func.row_number().over(
        partition_by=ConversationMessage.conversation_id,
        order_by=(ConversationMessage.created_at.desc(), ConversationMessage.id.desc())).label("n")
    ranked = (db.select(ConversationMessage.id, newest_first)
              .where(ConversationMessage.conversation_id.in_(conversation_ids)).subquery())
    messages = db.session.scalars(db.select(ConversationMessage).join(ranked, ranked.c.id == ConversationMessage.id)
                                  .where(ranked.c.n == 1))
    return {m.conversation_id: m for m in messages}


def conversation(conversation_id: str) -> tuple[Conversation, User, list[ConversationMessage]]:
    found = db.session.get(Conversation, conversation_id)
    if found is None:
        raise NotFound("会话不存在", code="conversation_not_found")
    messages = list(db.session.scalars(db.select(ConversationMessage)
                                       .where(ConversationMessage.conversation_id == conversation_id)
                                       .order_by(ConversationMessage.created_at, ConversationMessage.id)))
    return found, db.session.get(User, found.user_id), messages


def reply(staff_id: str, conversation_id: str, text: str) -> ConversationMessage:
    """Reserve one of the window's replies, send it, record the outcome. The send happens between two short
    transactions, so no row lock is held while WeChat answers."""
    openid, message_id = _reserve_reply(staff_id, conversation_id, text)
    outcome = ports.get(ports.MessageSender).send_text(openid, text)
    return _record_reply(conversation_id, message_id, outcome)


def _reserve_reply(staff_id: str, conversation_id: str, text: str) -> tuple[str, str]:
    with transaction():
        found = db.session.scalar(db.select(Conversation).where(Conversation.id == conversation_id)
                                  .with_for_update())
        if found is None:
            raise NotFound("会话不存在", code="conversation_not_found")
        if not found.reply_window_open(clock.now()):
            raise _window_closed(found)
        user = db.session.get(User, found.user_id)
        found.replies_since_inbound += 1
        message = ConversationMessage(conversation_id=found.id, direction="out", kind="reply", content=text,
                                      staff_id=staff_id, status="sending", created_at=clock.now())
        db.session.add(message)
    return user.mp_openid, message.id


def _record_reply(conversation_id: str, message_id: str, outcome) -> ConversationMessage:
    with transaction():
        found = db.session.scalar(db.select(Conversation).where(Conversation.id == conversation_id)
                                  .with_for_update())
        message = db.session.get(ConversationMessage, message_id)
        if outcome.ok:
            message.status = "sent"
            found.unanswered, found.waiting_since, found.last_outbound_at = False, None, clock.now()
            openid = db.session.get(User, found.user_id).mp_openid
            after_commit(lambda: acknowledgements.answered(openid))
            return message
        message.status, message.error = "failed", f"{outcome.category} {outcome.errcode or ''}".strip()
        found.replies_since_inbound = max(0, found.replies_since_inbound - 1)
        if outcome.category == "window_closed":
            found.replies_since_inbound = REPLIES_PER_WINDOW  # WeChat knows better: the window is over
    # Outside the transaction: the failed message stays recorded.
    if outcome.category == "window_closed":
        raise _window_closed(found)
    if outcome.category == "transient":
        raise UpstreamUnavailable("微信暂时无法发送，请稍后重试", code="wechat_unavailable",
                                  details={"message_id": message_id})
    raise Conflict("微信拒绝了这条消息", code="wechat_refused",
                   details={"message_id": message_id, "errcode": outcome.errcode})


def _window_closed(found: Conversation) -> Conflict:
    closes_at = found.reply_window_closes_at()
    return Conflict("已超过48小时回复时限或已回复5条，请改用模板通知", code="reply_window_closed",
                    details={"closes_at": clock.isoformat(closes_at), "replies_used": found.replies_since_inbound,
                             "alternative": "POST /api/v1/staff/inbox/{conversation_id}/notice"})


def send_notice_instead(staff_id: str, conversation_id: str, text: str) -> ConversationMessage:
    """When the window is closed: the answer goes out as a template notice through the outbox."""
    with transaction():
        found = db.session.scalar(db.select(Conversation).where(Conversation.id == conversation_id)
                                  .with_for_update())
        if found is None:
            raise NotFound("会话不存在", code="conversation_not_found")
        message = ConversationMessage(conversation_id=found.id, direction="out", kind="template_notice",
                                      content=text, staff_id=staff_id, status="queued", created_at=clock.now())
        db.session.add(message)
        found.unanswered, found.waiting_since, found.last_outbound_at = False, None, clock.now()
        openid = db.session.get(User, found.user_id).mp_openid
        after_commit(lambda: acknowledgements.answered(openid))
        events.publish(events.DomainEvent(name=CONVERSATION_ANSWERED_BY_NOTICE,
                                          entity_type=CONVERSATION_ANSWERED_BY_NOTICE.entity,
                                          entity_id=found.id, user_id=found.user_id,
                                          data={"text": text, "message_id": message.id}))
    return message
