"""HTTP for the staff inbox."""
