"""The events of accounts: residents' tokens revoked, staff log-in locks, staff passwords. Audited; nobody is
told. The name is what the audit trail stores as `<entity_type>.<action>`."""
from __future__ import annotations

from backend.core.events import EventName

USER_LOGGED_OUT = EventName("user.logged_out")
USER_TOKENS_REVOKED = EventName("user.tokens_revoked")

STAFF_USER_LOGIN_LOCKED = EventName("staff_user.login_locked")
STAFF_USER_LOGIN_SLOWED = EventName("staff_user.login_slowed")
STAFF_USER_LOGIN_UNLOCKED = EventName("staff_user.login_unlocked")
STAFF_PASSWORD_CHANGED = EventName("staff.password_changed")
