"""The public account's scheduled jobs (Celery beat; their entries are added by `backend.public_account.init_app`).
The tasks its services queue themselves sit beside their functions: `link_follower_task` in
`backend.public_account.followers`, `persist_inbound_task` in `backend.public_account.messages`. The `name=`s
predate this module and are kept (docs/decisions.md)."""
from __future__ import annotations

from celery import shared_task

from backend.public_account import followers, inbound, signed_queries


@shared_task(name="backend.jobs.forget_old_inbound_keys")
def forget_old_inbound_keys() -> int:
    return inbound.forget_old_keys() + signed_queries.forget_expired()


@shared_task(name="backend.jobs.link_unlinked_followers")
def link_unlinked_followers() -> int:
    """Linking is queued when someone follows; this catches any whose task was lost."""
    return sum(1 for openid in followers.unlinked_followers() if followers.link_follower(openid))
