"""The events the shelter publishes: kennels and dogs, open days and visit bookings, adoptions (subscribers:
notifications/shelter.py). The name is what the audit trail stores as `<entity_type>.<action>`."""
from __future__ import annotations

from backend.core.events import EventName

KENNEL_CREATED = EventName("kennel.created")

SHELTER_DOG_TAKEN_IN = EventName("shelter_dog.taken_in")
SHELTER_DOG_OWNER_FOUND = EventName("shelter_dog.owner_found")
SHELTER_DOG_UPDATED = EventName("shelter_dog.updated")
SHELTER_DOG_STATUS_CHANGED = EventName("shelter_dog.status_changed")
SHELTER_DOG_MEDICAL_ENTRY = EventName("shelter_dog.medical_entry")

OPEN_DAY_RULE_CHANGED = EventName("open_day_rule.changed")
OPEN_DAY_CLOSED = EventName("open_day.closed")
OPEN_DAY_SLOTS_ADDED = EventName("open_day.slots_added")

VISIT_BOOKING_BOOKED = EventName("visit_booking.booked")
VISIT_BOOKING_CANCELLED = EventName("visit_booking.cancelled")
VISIT_BOOKING_CHECKED_IN = EventName("visit_booking.checked_in")
VISIT_BOOKING_NO_SHOW = EventName("visit_booking.no_show")
VISIT_BOOKING_REMINDER = EventName("visit_booking.reminder")
VISIT_BOOKING_DAY_CLOSED = EventName("visit_booking.day_closed")  # cancelled because the day closed

ADOPTION_SUBMITTED = EventName("adoption.submitted")
ADOPTION_APPROVED = EventName("adoption.approved")
ADOPTION_REJECTED = EventName("adoption.rejected")
ADOPTION_COMPLETED = EventName("adoption.completed")
ADOPTION_WITHDRAWN = EventName("adoption.withdrawn")
