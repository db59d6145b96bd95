"""The events of content moderation: staff approve or remove a flagged text. The entity is the record the text is
on; the name is what the audit trail stores as `<entity_type>.<action>`."""
from __future__ import annotations

from backend.core.events import EventName

LOST_REPORT_CONTENT_APPROVED = EventName("lost_report.content_approved")
LOST_REPORT_CONTENT_REMOVED = EventName("lost_report.content_removed")
FOUND_REPORT_CONTENT_APPROVED = EventName("found_report.content_approved")
FOUND_REPORT_CONTENT_REMOVED = EventName("found_report.content_removed")
STRAY_REPORT_CONTENT_APPROVED = EventName("stray_report.content_approved")
STRAY_REPORT_CONTENT_REMOVED = EventName("stray_report.content_removed")
RELAY_MESSAGE_CONTENT_APPROVED = EventName("relay_message.content_approved")
RELAY_MESSAGE_CONTENT_REMOVED = EventName("relay_message.content_removed")
