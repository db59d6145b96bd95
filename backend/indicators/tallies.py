"""Licence tallies: every licence counted in two rows of `licence_tallies`, (issued, issue day, status, zone) and
(expires, last valid day, status, zone), moved in the same flush that inserts or changes the licence.

With a million licences, "active now by zone" is half a million index entries to count on every request; the
tallies answer it from a few thousand rows, and they are exact and current because no licence changes without a
flush (the services change licences through the ORM; a bulk statement that bypassed it would have to call
`rebuild()`, as the benchmark's generator does). Deltas are applied as upserts in a fixed key order, so two
transactions that issue licences at once queue on a row instead of deadlocking."""
from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import event, inspect, text
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.orm import Session

from backend.core.database.extensions import db
from backend.indicators.common import day_month
from backend.indicators.models import LicenceTally
from backend.licensing.models.licences import Licence

TRACKED = ("status", "zone_code", "issued_on", "expires_on")


def _keys(status: str, zone: str, issued_on: date, expires_on: date) -> list[tuple]:
    return [("issued", issued_on, status, zone), ("expires", expires_on, status, zone)]


def _before(session: Session, licence: Licence) -> tuple:
    """The tracked values as the database has them now (before this flush): from the attribute history, or read
    from the row when a value was set without being loaded first (after a commit expired it)."""
    state = inspect(licence)
    values = []
    for name in TRACKED:
        history = state.attrs[name].history
        if history.deleted:
            values.append(history.deleted[0])
        elif history.unchanged:
            values.append(history.unchanged[0])
        else:
            return tuple(session.execute(db.select(*(getattr(Licence, n) for n in TRACKED))
                                         .where(Licence.id == licence.id)).one())
    return tuple(values)


def _deltas(session: Session) -> Counter:
    deltas: Counter = Counter()
    for obj in session.new:
        if isinstance(obj, Licence):
            deltas.update(_keys(*(getattr(obj, name) for name in TRACKED)))
    for obj in session.dirty:
        if isinstance(obj, Licence) and session.is_modified(obj):
            before, after = _before(session, obj), tuple(getattr(obj, name) for name in TRACKED)
            if before != after:
                deltas.subtract(_keys(*before))
                deltas.update(_keys(*after))
    for obj in session.deleted:
        if isinstance(obj, Licence):
            deltas.subtract(_keys(*_before(session, obj)))
    return deltas


def _apply(session: Session, flush_context, instances) -> None:
    with session.no_autoflush:
        changes = sorted((key, n) for key, n in _deltas(session).items() if n)
        if not changes:
            return
        rows = [{"kind": k, "day": d, "status": s, "zone_code": z, "licences": n} for (k, d, s, z), n in changes]
        table = LicenceTally.__table__
        if session.get_bind().dialect.name == "mysql":
            insert = mysql.insert(table)
            stmt = insert.on_duplicate_key_update(licences=table.c.licences + insert.inserted.licences)
        else:
            insert = sqlite.insert(table)
            stmt = insert.on_conflict_do_update(index_elements=["kind", "day", "status", "zone_code"],
                                                set_={"licences": table.c.licences + insert.excluded.licences})
        for row in rows:  # one statement per row keeps the lock order the sorted order
            session.execute(stmt, row)


def install() -> None:
    if not event.contains(Session, "before_flush", _apply):
        event.listen(Session, "before_flush", _apply)


def rebuild() -> None:
    """Counts every licence afresh (after a bulk load, or to check the tallies: they must come out the same)."""
    db.session.execute(db.delete(LicenceTally))
    for kind, column in (("issued", "issued_on"), ("expires", "expires_on")):
        db.session.execute(text(
            f"INSERT INTO licence_tallies (kind, day, status, zone_code, licences) "  # noqa: S608 (constants only)
            f"SELECT '{kind}', {column}, status, zone_code, COUNT(*) FROM licences "
            f"GROUP BY {column}, status, zone_code"))
    db.session.commit()


def monthly(kind: str, period, status: str | None = None, zone: str | None = None):
    """(YYYYMM, zone, licences) of one kind over the period's days, summed over the statuses unless one is given."""
    t = LicenceTally
    month = day_month(t.day)
    query = (db.select(month, t.zone_code, db.func.sum(t.licences))
             .where(t.kind == kind, t.day >= period.start_day, t.day < period.end_day)
             .group_by(month, t.zone_code))
    if status is not None:
        query = query.where(t.status == status)
    if zone is not None:
        query = query.where(t.zone_code == zone)
    return db.session.execute(query).all()


def active(today: date, zone: str | None = None):
    """(zone, active, of those past their last valid day) for the licences active now."""
    t = LicenceTally
    overdue = db.func.sum(db.case((t.day < today, t.licences), else_=0))
    query = (db.select(t.zone_code, db.func.sum(t.licences), overdue)
             .where(t.kind == "expires", t.status == "active").group_by(t.zone_code))
    if zone is not None:
        query = query.where(t.zone_code == zone)
    return db.session.execute(query).all()
