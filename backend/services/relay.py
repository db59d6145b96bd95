"""The relay between a finder and an owner. A finder who scans a lost (or any) dog's tag writes to its owner; a
match between a found and a lost report opens a thread between them too. Messages pass through us: neither side
sees the other's phone or ID number, unless the owner chooses to share a phone number with that finder.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app

from backend import clock
from backend.errors import Conflict, NotFound, TooManyRequests
from backend.extensions import db
from backend.ids import new_id
from backend.inputs_reports import RelayMessageInput, TagFoundInput
from backend.locks import insert_ignoring_duplicates, lock_keys
from backend.models import Dog, FoundReport, Licence, LostReport, RelayMessage, RelayThread, ReportMatch
from backend.services import audit, content_check, places
from backend.services.audit import Actor
from backend.uow import retrying, transaction


@dataclass(frozen=True)
class Thread:
    thread: RelayThread
    side: str  # the caller's: owner | finder
    messages: list[RelayMessage]


@retrying
def tag_found(finder_id: str, tag_token: str, data: TagFoundInput) -> Thread:
    """A logged-in finder scanned a tag: the owner hears at once. Scanning again continues the same thread."""
    licence = db.session.scalar(db.select(Licence).where(Licence.tag_token == tag_token))
    if licence is None:
        raise NotFound("该犬牌不存在", code="tag_not_found")
    if licence.user_id == finder_id:
        raise Conflict("这是您自己的犬只", code="own_dog")
    flagged = content_check.screen(finder_id, data.message, field="message")
    point = places.checked_point(data.location) if data.location else None
    with transaction():
        lock_keys("tag_relay", [licence.id])  # the per-tag daily count below is exact under a rush
        _check_tag_quota(licence.id)
        thread = _thread_for_tag(licence, finder_id)
        message = _add_message(thread, "finder", data.message, point, data.location, flagged)
        audit.record("relay_thread", thread.id, "tag_scanned", actor=Actor.resident(finder_id),
                     user_id=licence.user_id, data={"dog_name": thread.dog_name, "text": message.text[:60],
                                                    "address": message.address, "lost": licence.lost_since is not None})
    return Thread(thread, "finder", messages_of(thread.id))


def _check_tag_quota(licence_id: str) -> None:
    """Against abuse: a tag takes at most TAG_RELAY_PER_TAG_PER_DAY finder messages a day, from everybody."""
    since = clock.now() - timedelta(days=1)
    sent = db.session.scalar(db.select(db.func.count()).select_from(RelayMessage).join(
        RelayThread, RelayThread.id == RelayMessage.thread_id).where(
        RelayThread.licence_id == licence_id, RelayMessage.sender == "finder", RelayMessage.created_at >= since))
    if sent >= current_app.config["TAG_RELAY_PER_TAG_PER_DAY"]:
        raise TooManyRequests("该犬牌今天收到的留言已达上限，请稍后再试或联系工作人员", code="tag_relay_limit")


def _thread_for_tag(licence: Licence, finder_id: str) -> RelayThread:
    now = clock.now()
    dog_name = db.session.scalar(db.select(Dog.name).where(Dog.id == licence.dog_id)) or ""
    insert_ignoring_duplicates(RelayThread, [{
        "id": new_id(), "origin": "tag", "owner_user_id": licence.user_id, "finder_user_id": finder_id,
        "licence_id": licence.id, "dog_name": dog_name, "created_at": now, "last_message_at": now}])
    return db.session.scalar(db.select(RelayThread).where(RelayThread.finder_user_id == finder_id,
                                                          RelayThread.licence_id == licence.id))


def open_for_match(match: ReportMatch, lost: LostReport, found: FoundReport) -> RelayThread:
    """Inside the matching transaction: a thread between the lost dog's owner and the finder."""
    now = clock.now()
    thread = RelayThread(origin="match", owner_user_id=lost.user_id, finder_user_id=found.user_id,
                         licence_id=None, match_id=match.id, dog_name=lost.dog_name, created_at=now,
                         last_message_at=now)
    db.session.add(thread)
    return thread


def _add_message(thread: RelayThread, sender: str, text: str, point, location, flagged: bool) -> RelayMessage:
    message = RelayMessage(thread_id=thread.id, sender=sender, text=text, created_at=clock.now(),
                           lat_e6=point.lat_e6 if point else None, lng_e6=point.lng_e6 if point else None,
                           address=location.address if location else "", content_flagged=flagged)
    db.session.add(message)
    thread.last_message_at = message.created_at
    return message


@retrying
def post_message(user_id: str, thread_id: str, data: RelayMessageInput) -> Thread:
    thread = _party_thread(user_id, thread_id)
    flagged = content_check.screen(user_id, data.text, field="text")
    point = places.checked_point(data.location) if data.location else None
    with transaction():
        thread = _party_thread(user_id, thread_id, for_update=True)
        side = thread.side_of(user_id)
        message = _add_message(thread, side, data.text, point, data.location, flagged)
        other = thread.finder_user_id if side == "owner" else thread.owner_user_id
        audit.record("relay_thread", thread.id, "message", actor=Actor.resident(user_id), user_id=other,
                     data={"from": side, "dog_name": thread.dog_name, "text": message.text[:60]})
    return Thread(thread, side, messages_of(thread.id))


@retrying
def share_phone(user_id: str, thread_id: str) -> Thread:
    """The owner chooses to give this finder a phone number (the one on the licence, or the owner's latest)."""
    with transaction():
        thread = _party_thread(user_id, thread_id, for_update=True)
        if thread.side_of(user_id) != "owner":
            raise Conflict("只有犬主可以选择公开联系电话", code="not_owner")
        phone = _owner_phone(thread)
        if phone is None:
            raise Conflict("没有可公开的联系电话（未办证犬只请直接在留言中告知）", code="no_phone_on_record")
        thread.owner_shared_phone = phone
        audit.record("relay_thread", thread.id, "phone_shared", actor=Actor.resident(user_id),
                     user_id=thread.finder_user_id, data={"dog_name": thread.dog_name})
    return Thread(thread, "owner", messages_of(thread.id))


def _owner_phone(thread: RelayThread) -> str | None:
    licence_id = thread.licence_id
    if licence_id is None and thread.match_id:
        licence_id = db.session.scalar(db.select(LostReport.licence_id).join(
            ReportMatch, ReportMatch.lost_report_id == LostReport.id).where(ReportMatch.id == thread.match_id))
    if licence_id is None:
        return None
    return db.session.scalar(db.select(Licence.owner_phone).where(Licence.id == licence_id))


def _party_thread(user_id: str, thread_id: str, for_update: bool = False) -> RelayThread:
    query = db.select(RelayThread).where(RelayThread.id == thread_id)
    thread = db.session.scalar(query.with_for_update() if for_update else query)
    if thread is None or thread.side_of(user_id) is None:
        raise NotFound("会话不存在", code="thread_not_found")
    return thread


def messages_of(thread_id: str) -> list[RelayMessage]:
    return list(db.session.scalars(db.select(RelayMessage).where(RelayMessage.thread_id == thread_id)
                                   .order_by(RelayMessage.created_at, RelayMessage.id)))


def get_thread(user_id: str, thread_id: str) -> Thread:
    thread = _party_thread(user_id, thread_id)
    return Thread(thread, thread.side_of(user_id), messages_of(thread.id))


def list_threads(user_id: str) -> list[tuple[RelayThread, str]]:
    threads = db.session.scalars(db.select(RelayThread).where(
        (RelayThread.owner_user_id == user_id) | (RelayThread.finder_user_id == user_id))
        .order_by(RelayThread.last_message_at.desc()).limit(100))
    return [(t, t.side_of(user_id)) for t in threads]
