"""Residents, staff, console sessions and the personal-data access log."""
