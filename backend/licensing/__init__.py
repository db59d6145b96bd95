"""Dog licences: applications and their review rounds, issuing, renewal inspections, address changes, transfers,
cancellation, expiry and renewal reminders, the licence card read model, and the tag."""
