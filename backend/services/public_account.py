"""What happens when a follower writes to or taps in the public account. The callback adapter (handlers/) parses
and answers; this is the state behind it: each delivery handled once, followers, the inbox, what to show them."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from backend.extensions import db
from backend.models import Licence, LicenceApplication, User
from backend.services import inbound, inbox
from backend.uow import transaction

T = TypeVar("T")


def handle_once(dedupe_key: str, handle: Callable[[], T]) -> tuple[bool, T | None]:
    """Run `handle` in one transaction with the dedupe key: (False, None) for a delivery handled before."""
    with transaction():
        if not inbound.first_time(dedupe_key):
            return False, None
        return True, handle()


def message_received(openid: str, kind: str, content: str, wechat_msg_id: str | None,
                     auto_reply: str | None, needs_staff: bool) -> bool:
    """Store a follower's message and any automatic answer; if staff must look at it, it joins the inbox queue.
    True when it started a wait for staff."""
    conversation, started_wait = inbox.record_inbound(openid, kind, content, wechat_msg_id, needs_staff=needs_staff)
    if auto_reply:
        inbox.record_auto_reply(conversation, auto_reply)
    return started_wait


def tapped(openid: str, what: str) -> None:
    inbox.record_interaction(openid, what)


@dataclass(frozen=True)
class FollowerOverview:
    linked: bool
    licences: list[Licence]
    applications: list[LicenceApplication]


def overview(openid: str) -> FollowerOverview:
    """What the menu's "my licences" and "progress" show a follower who is also a mini-program resident."""
    user = db.session.scalar(db.select(User).where(User.mp_openid == openid))
    if user is None or user.mini_openid is None:
        return FollowerOverview(False, [], [])
    licences = list(db.session.scalars(db.select(Licence).where(Licence.user_id == user.id)
                                       .order_by(Licence.issued_on.desc()).limit(5)))
    applications = list(db.session.scalars(
        db.select(LicenceApplication).where(LicenceApplication.user_id == user.id)
        .order_by(LicenceApplication.submitted_at.desc()).limit(3)))
    return FollowerOverview(True, licences, applications)
