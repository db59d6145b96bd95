"""The database: the declarative base and column types, the session extension, units of work, named locks and
sequences, the one way a record is read by id, and the SQLite pragmas of the embedded default."""
