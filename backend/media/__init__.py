"""What residents and staff upload: images re-encoded without metadata, quotas, which record shows which upload, clean-
up, QR codes, and WeChat's content check with staff moderation."""
