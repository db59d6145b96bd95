"""Where features above licensing take part in a licence's changes (backend.core.hooks). Reports fills both, in
`backend.reports.init_app`: a dog reported lost cannot change hands, and a licence that ends or changes hands closes
its lost report and the finders' threads about the dog."""
from __future__ import annotations

from collections.abc import Callable

from backend.audit.trail import Actor
from backend.core.hooks import Hook
from backend.licensing.models.licences import Licence

# Asked before a licence changes hands (when the transfer starts and when it is accepted), with the licence locked;
# a handler refuses by raising a domain error.
TRANSFER_CHECKS: Hook[Callable[[Licence], None]] = Hook("licensing.transfer_checks")

# A licence was cancelled (reason "licence_cancelled") or handed over ("transferred"), in that change's transaction
# with the licence locked: what else ends with it. (licence, reason, actor, facts of the change) → facts of what
# ended, which join the change's audit record and so its notice (e.g. {"relay_threads_closed": 2}).
LICENCE_ENDED: Hook[Callable[[Licence, str, Actor, dict], dict]] = Hook("licensing.licence_ended")


def licence_ended(licence: Licence, reason: str, actor: Actor, facts: dict) -> dict:
    ended: dict = {}
    for handler in LICENCE_ENDED.handlers():
        ended.update(handler(licence, reason, actor, facts))
    return ended
