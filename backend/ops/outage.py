"""A database that cannot be reached is an outage to wait out, not a bug: requests answer 503 with a Chinese message
and a machine code (never 500, never a proxy's 502), and the next request after the database is back succeeds by
itself (pool pre-ping drops the dead connections)."""
from __future__ import annotations

from backend.core.errors import DomainError

# MySQL/MariaDB client and server codes that mean the server is gone or going: can't connect (2002, 2003), gone
# away (2006), lost during a query (2013), lost reading the handshake (2055... 2026 SSL), shutdown in progress
# (1053), connection killed (1927), too many connections (1040).
OUTAGE_CODES = {1040, 1053, 1927, 2002, 2003, 2006, 2013, 2026, 2055}
RETRY_AFTER_SECONDS = 5


class DatabaseUnavailable(DomainError):
    status = 503
    code = "database_unavailable"
    message = "数据库暂时不可用，请稍后重试"


def is_database_outage(exc: BaseException) -> bool:
    from sqlalchemy.exc import DBAPIError, InterfaceError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    if isinstance(exc, PoolTimeout | InterfaceError):  # no free connection in time; a connection already closed
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    args = getattr(exc.orig, "args", ())
    return bool(args) and args[0] in OUTAGE_CODES
