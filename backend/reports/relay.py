"""The relay between a finder and an owner. A finder who scans a lost (or any) dog's tag writes to its owner; a
match between a found and a lost report opens a thread between them too. Messages pass through us: neither side
sees the other's phone or ID number, unless the owner chooses to share a phone number with that finder.

A thread's owner side is the dog's holder when it opened. When the licence changes hands or is cancelled every
open thread about the dog closes (`close_threads_of_licence`, inside that change's transaction): nobody writes in a
closed thread, a former owner loses it altogether, and the finder's next scan opens a new thread with the new
holder, who sees nothing said before (docs/decisions.md, "Relay threads follow the dog's owner").
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app

from backend.audit import trail as audit
from backend.audit.trail import Actor
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.database.locks import insert_ignoring_duplicates, locked_row
from backend.core.database.uow import retrying, transaction
from backend.core.errors import Conflict, NotFound, TooManyRequests
from backend.core.ids import new_id
from backend.licensing.models.dogs import Dog
from backend.licensing.models.licences import Licence
from backend.media import content_check
from backend.reference import places
from backend.reports.events import (
    RELAY_THREAD_CLOSED,
    RELAY_THREAD_MESSAGE,
    RELAY_THREAD_PHONE_SHARED,
    RELAY_THREAD_TAG_SCANNED,
)
from backend.reports.inputs import RelayMessageInput, TagFoundInput
from backend.reports.models.relay import OWNER_LEFT_REASONS, RelayMessage, RelayThread
from backend.reports.models.reports import FoundReport, LostReport, ReportMatch

CLOSE_REASON_TEXT = {"transferred": "犬证已过户，原犬主不再参与此会话", "licence_cancelled": "犬证已注销"}
CLOSED_MESSAGES = {"transferred": "该会话已结束。如需联系犬主，请重新扫描犬牌留言",
                   "licence_cancelled": "该犬证已注销，会话已结束"}


@dataclass(frozen=True)
class Thread:
    thread: RelayThread
    side: str  # the caller's: owner | finder
    messages: list[RelayMessage]


@retrying
def tag_found(finder_id: str, tag_token: str, data: TagFoundInput) -> Thread:
    """A logged-in finder scanned a tag: the licence's holder hears at once. Scanning again continues the open
    thread with the same holder."""
    licence = db.session.scalar(db.select(Licence).where(Licence.tag_token == tag_token))
    if licence is None:
        raise NotFound("该犬牌不存在", code="tag_not_found")
    _check_may_write_through(licence, finder_id)
    flagged = content_check.screen(finder_id, data.message, field="message")
    point = places.checked_point(data.location) if data.location else None
    with transaction():
        # The licence row's lock: a transfer or cancellation of this dog either finished before (and is seen
        # here) or waits until this thread is written (and then closes it). It also makes the quota counts exact.
        licence = locked_row(Licence, licence.id)
        _check_may_write_through(licence, finder_id)
        _check_tag_quotas(licence.id, finder_id)
        thread = _open_thread_for_tag(licence, finder_id)
        message = _add_message(thread, "finder", data.message, point, data.location, flagged, via_tag=True)
        audit.record(RELAY_THREAD_TAG_SCANNED, thread.id, actor=Actor.resident(finder_id),
                     user_id=licence.user_id, data={"dog_name": thread.dog_name, "text": message.text[:60],
                                                    "address": message.address, "lost": licence.lost_since is not None})
    return Thread(thread, "finder", messages_of(thread.id))


def _check_may_write_through(licence: Licence, finder_id: str) -> None:
    if licence.user_id == finder_id:
        raise Conflict("这是您自己的犬只", code="own_dog")
    if licence.status == "cancelled":
        # Nobody answers for a cancelled licence (the dog died, left the city or was surrendered, and may live
        # with someone else now): its former holder must not be reached through the tag.
        raise Conflict("该犬证已注销，无法通过犬牌联系犬主。如您发现了这只犬，请在小程序中登记拾获信息",
                       code="licence_cancelled")


def _check_tag_quotas(licence_id: str, finder_id: str) -> None:
    """Against abuse, counted over the last 24 hours and only for messages written by scanning (replies in a
    thread are a conversation): one finder may write TAG_RELAY_PER_FINDER_PER_TAG_PER_DAY through this tag, and
    all finders together TAG_RELAY_PER_TAG_PER_DAY, a backstop so large that one account cannot use it up."""
    since = clock.now() - timedelta(days=1)
    mine = db.case((RelayThread.finder_user_id == finder_id, 1), else_=0)
    everyone, by_me = db.session.execute(
        db.select(db.func.count(), db.func.coalesce(db.func.sum(mine), 0)).select_from(RelayMessage)
        .join(RelayThread, RelayThread.id == RelayMessage.thread_id)
        .where(RelayThread.licence_id == licence_id, RelayMessage.via_tag.is_(True),
               RelayMessage.created_at >= since)).one()
    config = current_app.config
    if by_me >= config["TAG_RELAY_PER_FINDER_PER_TAG_PER_DAY"]:
        raise TooManyRequests("您今天通过犬牌发送的留言已达上限，请在已有会话中继续与犬主沟通",
                              code="tag_relay_finder_limit")
    if everyone >= config["TAG_RELAY_PER_TAG_PER_DAY"]:
        raise TooManyRequests("该犬牌今天收到的留言已达上限，请稍后再试或联系工作人员", code="tag_relay_limit")


def _open_thread_for_tag(licence: Licence, finder_id: str) -> RelayThread:
    now = clock.now()
    dog_name = db.session.scalar(db.select(Dog.name).where(Dog.id == licence.dog_id)) or ""
    insert_ignoring_duplicates(RelayThread, [{
        "id": new_id(), "origin": "tag", "owner_user_id": licence.user_id, "finder_user_id": finder_id,
        "licence_id": licence.id, "dog_name": dog_name, "live": True, "created_at": now, "last_message_at": now}])
    return db.session.scalar(db.select(RelayThread).where(
        RelayThread.finder_user_id == finder_id, RelayThread.licence_id == licence.id, RelayThread.live.is_(True)))


def open_for_match(match: ReportMatch, lost: LostReport, found: FoundReport) -> RelayThread:
    """Inside the matching transaction: a thread between the lost dog's owner and the finder."""
    now = clock.now()
    thread = RelayThread(origin="match", owner_user_id=lost.user_id, finder_user_id=found.user_id,
                         licence_id=None, match_id=match.id, dog_name=lost.dog_name, live=True, created_at=now,
                         last_message_at=now)
    db.session.add(thread)
    return thread


def _add_message(thread: RelayThread, sender: str, text: str, point, location, flagged: bool,
                 via_tag: bool = False) -> RelayMessage:
    message = RelayMessage(thread_id=thread.id, sender=sender, text=text, created_at=clock.now(), via_tag=via_tag,
                           lat_e6=point.lat_e6 if point else None, lng_e6=point.lng_e6 if point else None,
                           address=location.address if location else "", content_flagged=flagged)
    db.session.add(message)
    thread.last_message_at = message.created_at
    return message


@retrying
def post_message(user_id: str, thread_id: str, data: RelayMessageInput) -> Thread:
    _check_open(_party_thread(user_id, thread_id))
    flagged = content_check.screen(user_id, data.text, field="text")
    point = places.checked_point(data.location) if data.location else None
    with transaction():
        thread = _party_thread(user_id, thread_id, for_update=True)
        _check_open(thread)
        side = thread.side_of(user_id)
        message = _add_message(thread, side, data.text, point, data.location, flagged)
        other = thread.finder_user_id if side == "owner" else thread.owner_user_id
        audit.record(RELAY_THREAD_MESSAGE, thread.id, actor=Actor.resident(user_id), user_id=other,
                     data={"from": side, "dog_name": thread.dog_name, "text": message.text[:60]})
    return Thread(thread, side, messages_of(thread.id))


@retrying
def share_phone(user_id: str, thread_id: str) -> Thread:
    """The owner chooses to give this finder the phone number on the licence (the owner's own: see
    `_holders_phone`)."""
    with transaction():
        thread = _party_thread(user_id, thread_id, for_update=True)
        if thread.side_of(user_id) != "owner":
            raise Conflict("只有犬主可以选择公开联系电话", code="not_owner")
        _check_open(thread)
        phone = _holders_phone(thread)
        if phone is None:
            raise Conflict("没有可公开的联系电话（未办证犬只请直接在留言中告知）", code="no_phone_on_record")
        thread.owner_shared_phone = phone
        audit.record(RELAY_THREAD_PHONE_SHARED, thread.id, actor=Actor.resident(user_id),
                     user_id=thread.finder_user_id, data={"dog_name": thread.dog_name})
    return Thread(thread, "owner", messages_of(thread.id))


def _holders_phone(thread: RelayThread) -> str | None:
    """The licence's phone, only while the thread's owner still holds the licence: the number on a licence is its
    current holder's, and nobody else may give it away. (Threads close when the holder changes; this is the
    second lock on the same door, read afresh from the database.)"""
    licence_id = thread.licence_id
    if licence_id is None and thread.match_id:
        licence_id = db.session.scalar(db.select(LostReport.licence_id).join(
            ReportMatch, ReportMatch.lost_report_id == LostReport.id).where(ReportMatch.id == thread.match_id))
    if licence_id is None:
        return None
    holder = db.session.execute(db.select(Licence.user_id, Licence.owner_phone, Licence.status)
                                .where(Licence.id == licence_id)).one()
    if holder.user_id != thread.owner_user_id or holder.status == "cancelled":
        return None
    return holder.owner_phone


def _check_open(thread: RelayThread) -> None:
    if not thread.is_open:
        raise Conflict(CLOSED_MESSAGES.get(thread.closed_reason, "该会话已结束"), code="thread_closed",
                       details={"closed_reason": thread.closed_reason})


def _party_thread(user_id: str, thread_id: str, for_update: bool = False) -> RelayThread:
    thread = locked_row(RelayThread, thread_id) if for_update else db.session.get(RelayThread, thread_id)
    if thread is None or thread.side_of(user_id) is None:
        raise NotFound("会话不存在", code="thread_not_found")
    return thread


def close_threads_of_licence(licence: Licence, reason: str, actor: Actor, facts: dict) -> int:
    """The dog changed hands (`transferred`) or its licence ended (`licence_cancelled`): inside that change's
    transaction, with the licence row locked, every open thread about the dog closes: its tag threads and the
    match threads of its lost reports. A phone the owner shared in them is withdrawn. Each closing is audited and
    tells the finder. Returns how many closed."""
    matches_of_its_lost_reports = db.select(ReportMatch.id).join(
        LostReport, LostReport.id == ReportMatch.lost_report_id).where(LostReport.licence_id == licence.id)
    threads = db.session.scalars(db.select(RelayThread).where(
        RelayThread.live.is_(True),
        (RelayThread.licence_id == licence.id) | RelayThread.match_id.in_(matches_of_its_lost_reports))
        .order_by(RelayThread.id).with_for_update().execution_options(populate_existing=True)).all()
    for thread in threads:
        # A finder who is now the dog's holder needs no notice that "the dog has a new holder".
        told = None if thread.finder_user_id == licence.user_id else thread.finder_user_id
        _close(thread, reason, actor, facts, told)
    return len(threads)


def _close(thread: RelayThread, reason: str, actor: Actor, facts: dict, told: str | None) -> None:
    withdrawn = thread.owner_shared_phone is not None
    thread.live, thread.closed_at, thread.closed_reason = None, clock.now(), reason
    # The number was the former owner's, shared for a purpose that has ended; the finder no longer sees it.
    thread.owner_shared_phone = None
    audit.record(RELAY_THREAD_CLOSED, thread.id, actor=actor, user_id=told,
                 from_status="open", to_status="closed", reason=CLOSE_REASON_TEXT[reason],
                 data={"close_reason": reason, "dog_name": thread.dog_name, "origin": thread.origin,
                       "shared_phone_withdrawn": withdrawn, **facts})


def messages_of(thread_id: str) -> list[RelayMessage]:
    return list(db.session.scalars(db.select(RelayMessage).where(RelayMessage.thread_id == thread_id)
                                   .order_by(RelayMessage.created_at, RelayMessage.id)))


def get_thread(user_id: str, thread_id: str) -> Thread:
    thread = _party_thread(user_id, thread_id)
    return Thread(thread, thread.side_of(user_id), messages_of(thread.id))


def visible_to_owner():
    """SQL: the threads whose owner side still belongs to their owner (not left by a transfer)."""
    return RelayThread.closed_reason.is_(None) | RelayThread.closed_reason.not_in(OWNER_LEFT_REASONS)


def list_threads(user_id: str) -> list[tuple[RelayThread, str]]:
    threads = db.session.scalars(db.select(RelayThread).where(
        ((RelayThread.owner_user_id == user_id) & visible_to_owner()) | (RelayThread.finder_user_id == user_id))
        .order_by(RelayThread.last_message_at.desc()).limit(100))
    return [(t, t.side_of(user_id)) for t in threads]
