"""The audit trail: every state change as a StatusChange row with who, when and why, published as an event."""
