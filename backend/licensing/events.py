"""The events licensing publishes: one constant per event, used by the service that publishes it and by every
subscriber (notifications/licensing.py). The name is what the audit trail stores as `<entity_type>.<action>`."""
from __future__ import annotations

from backend.core.events import EventName

APPLICATION_SUBMITTED = EventName("application.submitted")
APPLICATION_RESUBMITTED = EventName("application.resubmitted")
APPLICATION_APPROVED = EventName("application.approved")  # to awaiting_payment (a fee) or issued (none)
APPLICATION_PAID = EventName("application.paid")  # awaiting_payment → issued
APPLICATION_REJECTED = EventName("application.rejected")
APPLICATION_WITHDRAWN = EventName("application.withdrawn")

LICENCE_ISSUED = EventName("licence.issued")
LICENCE_RENEWED = EventName("licence.renewed")
LICENCE_ADDRESS_CHANGED = EventName("licence.address_changed")
LICENCE_CANCELLED = EventName("licence.cancelled")
LICENCE_EXPIRED = EventName("licence.expired")
LICENCE_TRANSFERRED = EventName("licence.transferred")  # to the recipient
LICENCE_RENEWAL_DUE = EventName("licence.renewal_due")  # a reminder: no audit row

INSPECTION_SUBMITTED = EventName("inspection.submitted")
INSPECTION_APPROVED = EventName("inspection.approved")  # to awaiting_payment
INSPECTION_ISSUED = EventName("inspection.issued")
INSPECTION_REJECTED = EventName("inspection.rejected")
INSPECTION_WITHDRAWN = EventName("inspection.withdrawn")  # its licence was cancelled: stored as rejected

TRANSFER_STARTED = EventName("transfer.started")
TRANSFER_ACCEPTED = EventName("transfer.accepted")
TRANSFER_CANCELLED = EventName("transfer.cancelled")
