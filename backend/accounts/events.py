"""The events of accounts: residents' tokens revoked, staff log-in locks, staff passwords. Audited; nobody is
told. The name is what the audit trail stores as `<entity_type>.<action>`."""
from __future__ import annotations

from backend.core.events import EventName

USER_LOGGED_OUT = EventName("user.logged_out")
USER_TOKENS_REVOKED = EventName("user.tokens_revoked")

STAFF_USER_LOGIN_LOCKED = EventName("staff_user.login_locked")
STAFF_USER_LOGIN_SLOWED = EventName("staff_user.login_slowed")
STAFF_USER_LOGIN_UNLOCKED = EventName("staff_user.login_unlocked")
# The staff member's own password change (the console's 修改密码).
STAFF_USER_PASSWORD_CHANGED = EventName("staff_user.password_changed")
# Administration (系统): what an admin does to an account, each with a reason; `password_set` is the server's CLI.
STAFF_USER_CREATED = EventName("staff_user.created")
STAFF_USER_ROLE_CHANGED = EventName("staff_user.role_changed")
STAFF_USER_PASSWORD_RESET = EventName("staff_user.password_reset")
STAFF_USER_PASSWORD_SET = EventName("staff_user.password_set")
STAFF_USER_DISABLED = EventName("staff_user.disabled")
STAFF_USER_ENABLED = EventName("staff_user.enabled")
