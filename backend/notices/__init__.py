"""Telling residents: the outbox rows notice functions write, their delivery through WeChat (each at most once),
subscription grants, and WeChat access tokens for deployments without Redis."""
