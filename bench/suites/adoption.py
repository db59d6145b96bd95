"""Adoption open-day booking rush: 2,000 residents press "book" at once for 100 places spread over the slots of one
open day, under gunicorn on MariaDB. Each resident sends exactly one POST /api/v1/adoption/bookings (wrk with
post_once_each.lua: every request its own token and body, none sent twice). Measured: latency p50/p99 over all
2,000 answers, and, counted in MariaDB afterwards, the bookings made (must equal the places), the 409 slot_full
answers, and everything else (errors: must be 0). A fixed number of requests, so `--duration` does not apply;
`--connections` does (64 by default)."""
from __future__ import annotations

import json
import re
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from bench import seed, servers, wrk
from bench.report import Row

RESIDENTS = 2000
WARM_RESIDENTS = 256  # book a warm-up slot on another day first (not measured)
WARM_CAPACITY = 64
SLOTS = [("10:00", "10:45"), ("11:00", "11:45"), ("13:00", "13:45"), ("15:00", "15:45"), ("16:00", "16:45")]
CAPACITY = 20  # per slot: 5 × 20 = 100 places
WRK_THREADS = 2
CAP_SECONDS = 120  # wrk's -d: only a safety limit; wrk is stopped as soon as every request is answered


@dataclass
class Rush:
    statuses: dict[str, int]
    codes: dict[str, int]
    result: wrk.Result


@dataclass
class BookingRow(Row):
    """A row whose goal is correctness under the rush, judged from what MariaDB holds afterwards."""

    places: int = 0
    bookings: int = 0  # live bookings stored
    booked_column: int = 0  # sum of visit_slots.booked
    created: int = 0  # 201 answers
    slot_full: int = 0  # 409 slot_full answers
    overfilled_slots: int = 0
    people_with_two: int = 0

    def goal_text(self) -> str:
        consistent = (self.bookings == self.booked_column == self.created and self.overfilled_slots == 0
                      and self.people_with_two == 0)
        met = self.bookings == self.places and self.result.errors == 0 and consistent
        facts = (f"{self.bookings} bookings for {self.places} places, {self.slot_full:,} slot_full, "
                 f"{self.result.errors} errors" + ("" if consistent else
                                                   f"; INCONSISTENT: booked column {self.booked_column}, "
                                                   f"201s {self.created}, overfilled slots {self.overfilled_slots},"
                                                   f" people with two {self.people_with_two}"))
        return f"bookings = places, errors = 0 ({facts}): " + ("meets goal" if met else "BELOW GOAL")


def run(connections: int, duration: int) -> list[Row]:
    seed.reset_database()
    work = Path(tempfile.mkdtemp(prefix="dogpass-bench-adoption-"))
    app = seed.make_app(seed.BENCH_DATABASE_URL, work / "uploads")
    slot_ids = _seed(app, work / "warm.tsv", work / "rush.tsv")
    env = seed.server_env(seed.BENCH_DATABASE_URL, work / "uploads")
    with servers.serve("wsgi:app", env, "/healthz") as dogpass:
        # Warm-up, not measured: fresh gunicorn workers open their database connections and set up the booking
        # path (validation, notices) on their first bookings, which a running service did long before 09:00.
        # Other residents book a slot of another day, the same way as the rush.
        _rush("warm-up", dogpass, work / "warm.tsv", connections, WARM_RESIDENTS)
        rush = _rush(f"POST /api/v1/adoption/bookings: {RESIDENTS:,} at once for {len(SLOTS) * CAPACITY} places "
                     f"({len(SLOTS)} slots × {CAPACITY})", dogpass, work / "rush.tsv", connections, RESIDENTS)
    return [_row(app, slot_ids, rush)]


def _seed(app, warm_path: Path, rush_path: Path) -> list[str]:
    """The open day's slots, and 2,000 residents with tokens (one request line each, slots round-robin); also a
    warm-up slot on another day with its own residents. Returns the rush's slot ids."""
    from backend.accounts.models.people import User
    from backend.accounts.staff_accounts import create_staff
    from backend.core import clock
    from backend.core.database.extensions import db
    from backend.core.ids import new_id
    from backend.core.security import tokens
    from backend.reference.catalogue import load_reference_data
    from backend.shelter import open_days
    from backend.shelter.inputs import OpenDayInput

    with app.app_context():
        load_reference_data()
        warm_day, day = _bookable_days(2)
        keeper = create_staff("bench-shelter", "shelter", "bench-password-123")
        slots = open_days.add_open_day(keeper.id, OpenDayInput.model_validate(
            {"date": day.isoformat(), "slots": [{"start": s, "end": e, "capacity": CAPACITY} for s, e in SLOTS]}))
        warm_slots = open_days.add_open_day(keeper.id, OpenDayInput.model_validate(
            {"date": warm_day.isoformat(), "slots": [{"start": "10:00", "end": "10:45", "capacity": WARM_CAPACITY}]}))
        now = clock.now()
        for path, prefix, count, slot_ids in ((warm_path, "bench-warm", WARM_RESIDENTS, [s.id for s in warm_slots]),
                                              (rush_path, "bench-rush", RESIDENTS, [s.id for s in slots])):
            users = [{"id": new_id(), "mini_openid": f"{prefix}-{n}", "created_at": now, "updated_at": now}
                     for n in range(count)]
            db.session.execute(sa.insert(User.__table__), users)
            db.session.commit()
            with path.open("w", encoding="utf-8") as out:
                for n, user in enumerate(users):
                    token = tokens.issue("resident", {"u": user["id"]})
                    out.write(f"{token}\t{json.dumps({'slot_id': slot_ids[n % len(slot_ids)]})}\n")
        db.session.remove()
    return [s.id for s in slots]


def _bookable_days(count: int) -> list:
    """The first `count` days whose booking is open now (1–6 days ahead, within book_days_ahead) and that nothing
    closes (a public holiday, a closure)."""
    from backend.core import clock
    from backend.shelter import open_days

    days = [clock.today() + timedelta(days=ahead) for ahead in range(1, 7)]
    days = [day for day in days if open_days.closure_reason(day) is None]
    if len(days) < count:
        raise RuntimeError(f"fewer than {count} bookable days in the next six (holidays?)")
    return days[:count]


def _rush(label: str, url: str, lines: Path, connections: int, expected: int) -> Rush:
    """wrk sends each line once; when every thread reports all its lines answered, wrk is interrupted (SIGINT ends
    its wait early and it prints its figures), so requests/s covers the rush, not the safety limit."""
    command = [wrk.require_wrk(), "-t", str(WRK_THREADS), "-c", str(connections), "-d", f"{CAP_SECONDS}s",
               "--latency", "--timeout", "10s", "-s", str(wrk.LUA / "post_once_each.lua"), url, "--", str(lines),
               "/api/v1/adoption/bookings", str(WRK_THREADS)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output, finished = [], 0
    for line in process.stdout:
        output.append(line)
        if line.strip() == "thread-done":
            finished += 1
            if finished == WRK_THREADS:
                process.send_signal(signal.SIGINT)
    process.wait(timeout=30)
    text = "".join(output)
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed ({process.returncode}):\n{text}")
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", text, re.M))
    if "99" not in latency:
        raise RuntimeError(f"wrk measured nothing:\n{text}")
    statuses = {k: int(v) for k, v in re.findall(r"^status (\d+) (\d+)$", text, re.M)}
    codes = {k: int(v) for k, v in re.findall(r"^code (\S+) (\d+)$", text, re.M)}
    answered = sum(statuses.values())
    ok = statuses.get("201", 0) + codes.get("slot_full", 0)
    # Errors: answers other than 201 or 409 slot_full, plus requests never answered (socket errors, timeouts) or,
    # should that ever happen, answered beyond the one per resident.
    errors = (answered - ok) + abs(expected - answered)
    result = wrk.Result(
        label=label,
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        p50_ms=wrk._ms(latency["50"]), p99_ms=wrk._ms(latency["99"]), requests=answered, errors=errors)
    return Rush(statuses=statuses, codes=codes, result=result)


def _row(app, slot_ids: list[str], rush: Rush) -> BookingRow:
    from backend.core.database.extensions import db
    from backend.shelter.models.adoption import VisitBooking, VisitSlot

    with app.app_context():
        slots = list(db.session.execute(db.select(VisitSlot.booked, VisitSlot.capacity)
                                        .where(VisitSlot.id.in_(slot_ids))))
        live = db.select(VisitBooking).where(VisitBooking.slot_id.in_(slot_ids), VisitBooking.live.is_(True),
                                             VisitBooking.status == "booked").subquery()
        bookings = db.session.scalar(db.select(db.func.count()).select_from(live))
        people = db.session.scalar(db.select(db.func.count(db.distinct(live.c.user_id))))
        db.session.remove()
    return BookingRow(rush.result, places=sum(capacity for _, capacity in slots), bookings=bookings,
                      booked_column=sum(booked for booked, _ in slots), created=rush.statuses.get("201", 0),
                      slot_full=rush.codes.get("slot_full", 0),
                      overfilled_slots=sum(1 for booked, capacity in slots if booked > capacity),
                      people_with_two=bookings - people)
