"""HTTP for a resident's notices and subscription grants."""
