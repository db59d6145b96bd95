"""HTTP for uploads."""
