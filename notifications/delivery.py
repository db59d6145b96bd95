"""Delivering notices through WeChat: one batch at a time, each notice at most once.

For each notice, in order: a public-account template message when the person follows the account; else a
mini-program subscribe message when they granted one; else the notice stays in the mini-program (in_app). Someone
who unfollowed without us hearing of it (43004) falls back at once. Passing failures (-1, 45009, the network) are
tried again later with growing pauses; permanent ones are not. The notice id goes to WeChat as client_msg_id, so a
template message resent after a worker died between sending and recording is not shown twice.
"""
from __future__ import annotations

import os
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from flask import current_app

from backend.core import ports
from backend.core.database.uow import transaction
from backend.notices import subscriptions
from backend.notices.delivery import Claimed, Outcome, claim, finish
from backend.public_account import followers
from notifications import templates

SEND_THREADS = 16
_pool: tuple[int, ThreadPoolExecutor] | None = None
_pool_lock = threading.Lock()


def _send_pool() -> ThreadPoolExecutor:
    """One pool per process, kept between batches: starting 16 threads per batch cost more than the sends. Keyed
    by pid because a prefork worker inherits the parent's module state but not its threads."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), ThreadPoolExecutor(max_workers=SEND_THREADS, thread_name_prefix="notice-send"))
        return _pool[1]


@dataclass(frozen=True)
class Plan:
    claimed: Claimed
    channel: str  # template | subscribe | in_app
    template_id: str | None = None
    data: dict | None = None
    grant_id: str | None = None


def deliver(notice_ids: list[str]) -> Counter:
    claimed = claim(notice_ids)
    if not claimed:
        return Counter()
    with transaction():
        plans = [_plan(item) for item in claimed]
    outcomes = _send_all(plans)
    fallbacks = [plan for plan, outcome in zip(plans, outcomes, strict=True) if outcome is None]
    if fallbacks:  # unfollowed: plan again without the public account
        with transaction():
            second = [_plan(plan.claimed, allow_template=False) for plan in fallbacks]
        by_notice = dict(zip((p.claimed.notice.id for p in fallbacks), _send_all(second), strict=True))
        outcomes = [by_notice.get(plan.claimed.notice.id) if outcome is None else outcome
                    for plan, outcome in zip(plans, outcomes, strict=True)]
    _give_back_unspent_grants(plans, outcomes)
    finish(claimed[0].token, outcomes, {item.notice.id: item.notice.attempts for item in claimed})
    return Counter(outcome.status for outcome in outcomes)


def _plan(item: Claimed, allow_template: bool = True) -> Plan:
    notice, person = item.notice, item.recipient
    if allow_template and person.mp_followed and person.mp_openid:
        template = templates.public_account(notice.kind)
        if template:
            return Plan(item, "template", template.template_id, template.render(notice))
    template = templates.mini_program(notice.kind)
    if template and person.mini_openid:
        grant = subscriptions.take_grant(person.id, template.template_id, notice.id)
        if grant:
            return Plan(item, "subscribe", template.template_id, template.render(notice), grant)
    return Plan(item, "in_app")


def _send_all(plans: list[Plan]) -> list[Outcome | None]:
    """Sends run side by side (each waits on WeChat); None marks a notice whose follower had unfollowed. Each
    thread takes every n-th plan under one app context, rather than a context and a future per notice."""
    app = current_app._get_current_object()

    def send_each(share: list[Plan]) -> list[Outcome | None]:
        with app.app_context():
            return [_send(plan) for plan in share]

    if len(plans) == 1:
        return send_each(plans)
    threads = min(SEND_THREADS, len(plans))
    outcomes: list[Outcome | None] = [None] * len(plans)
    for n, sent in enumerate(_send_pool().map(send_each, [plans[n::threads] for n in range(threads)])):
        outcomes[n::threads] = sent
    return outcomes


def _send(plan: Plan) -> Outcome | None:
    notice, person = plan.claimed.notice, plan.claimed.recipient
    if plan.channel == "in_app":
        return Outcome(notice.id, "in_app")
    sender = ports.get(ports.MessageSender)
    if plan.channel == "template":
        sent = sender.send_template(person.mp_openid, plan.template_id, plan.data, page=notice.page,
                                    client_msg_id=notice.id)
    else:
        sent = sender.send_subscribe(person.mini_openid, plan.template_id, plan.data, page=notice.page)
    if sent.ok:
        return Outcome(notice.id, "sent", channel=plan.channel, msgid=sent.msgid)
    if sent.category == "not_following":
        followers.mark_not_following(person.id)
        return None
    error = f"{plan.channel}: {sent.category} {sent.errcode or ''} {sent.detail}".strip()
    if sent.category == "transient":
        return Outcome(notice.id, "retry", channel=plan.channel, error=error)
    if sent.category == "refused":
        return Outcome(notice.id, "in_app", error=error)
    return Outcome(notice.id, "failed", channel=plan.channel, error=error)


def _give_back_unspent_grants(plans: list[Plan], outcomes: list[Outcome | None]) -> None:
    """A grant is spent only by a message WeChat took (or the person refused); otherwise it goes back."""
    unspent = [plan.grant_id for plan, outcome in zip(plans, outcomes, strict=True)
               if plan.grant_id and outcome is not None and outcome.status in ("retry", "failed")]
    if unspent:
        with transaction():
            for grant_id in unspent:
                subscriptions.give_back_grant(grant_id)

