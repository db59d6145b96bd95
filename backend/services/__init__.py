"""Service functions: every business rule. Each takes plain values, owns its transaction, raises
`backend.errors` and returns plain data or models that adapters serialise."""
