"""A resident's own profile summary: who they are, and counts the features that own them register at app start
(licensing: active licences and open applications; notices: unread notices), since accounts sits below them."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from backend.accounts import auth
from backend.accounts.models.people import User
from backend.core.hooks import Registry

# count name → user id → how many (e.g. "unread_notices")
PROFILE_COUNTS: Registry[Callable[[str], int]] = Registry("accounts.profile_counts")


@dataclass(frozen=True)
class Profile:
    user: User
    counts: dict[str, int]


def profile(user_id: str) -> Profile:
    user = auth.get_resident(user_id)
    return Profile(user=user, counts={name: count(user_id) for name, count in PROFILE_COUNTS.items()})
