"""The events of lost, found and stray reports and the tag relay (subscribers: notifications/reports.py). The name
is what the audit trail stores as `<entity_type>.<action>`."""
from __future__ import annotations

from backend.core.events import EventName

LOST_REPORT_OPENED = EventName("lost_report.opened")
LOST_REPORT_CLOSED = EventName("lost_report.closed")
LOST_REPORT_MATCH_FOUND = EventName("lost_report.match_found")

FOUND_REPORT_OPENED = EventName("found_report.opened")
FOUND_REPORT_CLOSED = EventName("found_report.closed")
FOUND_REPORT_OWNER_REUNITED = EventName("found_report.owner_reunited")
FOUND_REPORT_MATCH_FOUND = EventName("found_report.match_found")

RELAY_THREAD_TAG_SCANNED = EventName("relay_thread.tag_scanned")
RELAY_THREAD_MESSAGE = EventName("relay_thread.message")
RELAY_THREAD_PHONE_SHARED = EventName("relay_thread.phone_shared")
RELAY_THREAD_CLOSED = EventName("relay_thread.closed")

STRAY_REPORT_RECEIVED = EventName("stray_report.received")  # to received, or to duplicate from the start
STRAY_REPORT_DISPATCHED = EventName("stray_report.dispatched")
STRAY_REPORT_CAPTURED = EventName("stray_report.captured")
STRAY_REPORT_NOT_FOUND = EventName("stray_report.not_found")
STRAY_REPORT_DUPLICATE = EventName("stray_report.duplicate")
# To the reporters of the duplicates linked to a report, when that report ends.
STRAY_REPORT_ORIGINAL_CAPTURED = EventName("stray_report.original_captured")
STRAY_REPORT_ORIGINAL_NOT_FOUND = EventName("stray_report.original_not_found")
