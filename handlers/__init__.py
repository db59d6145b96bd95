"""Inbound public-account (公众号) handlers: the WeChat callback. ("handlers" here means these, not use-case
handlers.) Verify, decrypt, dedupe, then dispatch each message or event type to a small function."""
