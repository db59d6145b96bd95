"""Kennels, shelter dogs and medical entries; open-day rules, closures, slots, bookings and adoption applications."""
