"""The events of the public account (subscriber: notifications/licensing.py, which sends the answer as a notice)."""
from __future__ import annotations

from backend.core.events import EventName

CONVERSATION_ANSWERED_BY_NOTICE = EventName("conversation.answered_by_notice")  # the reply window had closed
