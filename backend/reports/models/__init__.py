"""Lost and found reports with their matches, relay threads and messages, stray reports."""
