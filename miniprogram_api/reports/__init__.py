"""HTTP for lost and found reports, the tag relay, stray reports and their links."""
