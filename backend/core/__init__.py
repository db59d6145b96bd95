"""The shared kernel every feature stands on: the database and its declarative base (`db`), units of work (`uow`),
domain errors, the clock, settings, the event bus, ports to the outside, ids, named locks and sequences, the Redis
read cache, SQLite tuning, throttles, and `security/` (ID numbers, encryption, tokens, masking). It imports no
feature."""
