"""Failure drills on a production-like service (tests/drills/cluster.py): two gunicorn nodes behind nginx, two
Celery workers and one beat on Redis, a private MariaDB. Each drill does something that happens to a real city's
service, then counts, in the database and at WeChat's simulator, that nothing was lost, nothing half-written and
nothing done twice. They check correctness, never speed (this machine's 2 CPUs are shared).

Run with `make drill` (`.ci/run` calls it after `make test`); in order, on one service started once.
"""
from __future__ import annotations

import itertools
import os
import random
import subprocess
import threading
import time
from collections import Counter

import pytest
import sqlalchemy as sa

from backend.core.config import PROJECT_ROOT
from tests.drills import load
from tests.drills.cluster import wait_until
from tests.drills.support import application_body, application_states, make_residents, upload_photo

pytestmark = [pytest.mark.services, pytest.mark.slow]
RETRY_WINDOW = 2.0  # seconds after a node is killed during which requests it already held may fail


def say(text: str) -> None:
    print(f"[drill] {text}", flush=True)


@pytest.fixture(scope="module")
def shared():
    """What one drill leaves for a later one (the backup taken during the notice drill)."""
    return {}


def _posters(app, cluster, prefix: str, count: int) -> list[tuple[str, str, str]]:
    """Followers with a photo each (uploaded through nginx): (user id, token, photo id)."""
    return [(user, token, upload_photo(cluster.nginx_port, token))
            for user, token in make_residents(app, prefix, count)]


def _mixed_requests(app, cluster, prefix: str):
    """Reads (a resident's licences, a tag page) and applications, two to one; each application carries a chip
    number of its own, so the database can be asked what became of it."""
    posters = _posters(app, cluster, prefix, 8)
    reader = make_residents(app, f"{prefix}-reader", 1)[0][1]
    with app.app_context():
        from backend.core.database.extensions import db
        from backend.licensing.models.licences import Licence

        tags = list(db.session.scalars(db.select(Licence.tag_token).limit(20))) or ["no-such-tag"]
        db.session.remove()
    counter = itertools.count()

    def next_request(_thread: int) -> load.Request:
        n = next(counter)
        if n % 3 == 2:
            _, token, photo = posters[n % len(posters)]
            chip = f"{prefix[:3]}{load.new_key()}"
            return load.Request("apply", "POST", "/api/v1/licence-applications",
                                application_body(photo, chip), token, key=chip)
        if n % 3 == 1:
            return load.Request("read", "GET", f"/t/{random.choice(tags)}")
        return load.Request("read", "GET", "/api/v1/licences", token=reader)

    return next_request


def _apply_outcomes(app, answers: list[load.Answer], bad_status: set[int]) -> tuple[Counter, list[str]]:
    """What became of every application sent: 201 must be complete; one that failed with a status in
    `bad_status` may be complete or absent; anything half-written is a failure."""
    applied = [a for a in answers if a.request.kind == "apply"]
    states = application_states(app, {a.request.key for a in applied})
    tally, problems = Counter(), []
    for answer in applied:
        state = states[answer.request.key]
        tally[(answer.status, state)] += 1
        if state.startswith("PARTIAL"):
            problems.append(f"{answer.request.key}: answered {answer.status}, {state}")
        elif answer.status == 201 and state != "complete":
            problems.append(f"{answer.request.key}: answered 201 but {state}")
        elif answer.status not in (201, *bad_status):
            problems.append(f"{answer.request.key}: answered {answer.status} {answer.code}")
    return tally, problems


def test_every_readme_walk_through_nginx_on_both_nodes(cluster):
    from backend.demo import WALKS, walk_script

    before = cluster.upstream_counts()
    for walk in WALKS:
        started = time.monotonic()
        result = subprocess.run(["bash", "-c", walk_script(walk)], cwd=PROJECT_ROOT, capture_output=True, text=True,
                                env={**os.environ, "BASE_URL": cluster.url}, timeout=300)
        assert result.returncode == 0, f"{walk}:\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        say(f"{walk}: {len(result.stdout.splitlines())} answers as the README expects, "
            f"{time.monotonic() - started:.1f}s")
    after = cluster.upstream_counts()
    served = {name: after[name] - before[name] for name in after}
    say(f"walks' requests by node (nginx's log): {served}")
    assert all(count > 20 for count in served.values()), served  # round robin: both nodes served each walk


def test_a_request_id_follows_the_request_into_the_worker_that_runs_its_task(app, cluster):
    import http.client
    import json

    _, token, photo = _posters(app, cluster, "rid", 1)[0]
    connection = http.client.HTTPConnection("127.0.0.1", cluster.nginx_port, timeout=30)
    connection.request("POST", "/api/v1/licence-applications", headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json",
        "X-Request-Id": "client-made-this-up-0001"},  # nginx replaces it with its own
        body=json.dumps(application_body(photo, f"rid{load.new_key()}")).encode())
    response = connection.getresponse()
    response.read()
    request_id = response.getheader("X-Request-Id")
    assert response.status == 201 and request_id and request_id != "client-made-this-up-0001"

    def lines_with_it() -> list[dict]:
        found = []
        for program in (*cluster.workers, *(node.program for node in cluster.nodes)):
            for line in program.log.read_text(errors="replace").splitlines():
                if request_id in line and line.startswith("{"):
                    found.append({"program": program.name, **json.loads(line)})
        return found

    found = wait_until(lambda: [line for line in lines_with_it() if line["program"].startswith("worker")]
                       and lines_with_it(), 60, "the worker's log lines of the task")
    say(f"request id {request_id} (nginx's): in {len(found)} JSON log lines: "
        f"{sorted({(line['program'], line['logger']) for line in found})}")
    assert any(line["program"].startswith("node") and line["logger"] == "dogpass.request" for line in found)
    assert any(line["program"].startswith("worker") for line in found)
    assert all(line["request_id"] == request_id for line in found)


def test_booking_rush_through_both_nodes_books_exactly_the_places(app, cluster):
    from backend.accounts.staff_accounts import create_staff
    from backend.core.database.extensions import db
    from backend.shelter import open_days
    from backend.shelter.inputs import OpenDayInput
    from backend.shelter.models.adoption import VisitBooking, VisitSlot
    from bench.suites.adoption import _bookable_days

    with app.app_context():
        day = _bookable_days(1)[0]
        keeper = create_staff(f"drill-keeper-{load.new_key()[:6]}", "shelter", "drill-password-123")
        slots = open_days.add_open_day(keeper.id, OpenDayInput.model_validate({"date": day.isoformat(), "slots": [
            {"start": f"{h}:00", "end": f"{h}:45", "capacity": 20} for h in (10, 11, 13, 15, 16)]}))
        slot_ids = [slot.id for slot in slots]
        db.session.remove()
    residents = make_residents(app, "rush", 2000, follower=False)
    requests = [load.Request("book", "POST", "/api/v1/adoption/bookings", {"slot_id": slot_ids[n % 5]}, token)
                for n, (_, token) in enumerate(residents)]
    before = cluster.upstream_counts()
    started = time.monotonic()
    answers = load.send_all(cluster.nginx_port, requests, threads=48)
    took = time.monotonic() - started
    after = cluster.upstream_counts()
    outcome = Counter((a.status, a.code) for a in answers)
    with app.app_context():
        booked = db.session.scalar(db.select(db.func.sum(VisitSlot.booked)).where(VisitSlot.id.in_(slot_ids)))
        live = db.select(VisitBooking).where(VisitBooking.slot_id.in_(slot_ids), VisitBooking.live.is_(True),
                                             VisitBooking.status == "booked").subquery()
        stored = db.session.scalar(db.select(db.func.count()).select_from(live))
        people = db.session.scalar(db.select(db.func.count(db.distinct(live.c.user_id))))
        db.session.remove()
    say(f"booking rush: 2,000 residents, 100 places, through nginx in {took:.1f}s; by node "
        f"{ {k: after[k] - before[k] for k in after} }; answers {dict(outcome)}")
    say(f"booked {outcome[(201, None)]} (slots say {booked}, bookings stored {stored}, by {people} people), "
        f"slot_full {outcome[(409, 'slot_full')]}, errors {2000 - outcome[(201, None)] - outcome[(409, 'slot_full')]}")
    assert outcome == {(201, None): 100, (409, "slot_full"): 1900}
    assert booked == stored == people == 100


def test_killing_an_app_node_under_load_loses_nothing(app, cluster):
    node = cluster.nodes[0]
    next_request = _mixed_requests(app, cluster, "kill")
    killed_at = {}

    def kill(start: float) -> None:
        time.sleep(5)
        killed_at["t"] = time.monotonic()
        node.program.kill()  # SIGKILL to the master and its workers: requests in hand die with them

    answers = load.run_for(cluster.nginx_port, 16, threads=12, next_request=next_request, during=kill)
    node.start()  # back for the drills that follow
    window_end = killed_at["t"] + RETRY_WINDOW
    failed = [a for a in answers if a.status >= 500 or a.status == 0]
    late = [a for a in failed if a.started >= window_end]
    in_window = [a for a in failed if a.started < window_end]
    after_kill = [a for a in answers if a.started >= window_end]
    # A POST the dead node held is answered 502 by nginx, or, when the node had begun its answer before it died,
    # nginx can only cut the connection (status 0): either way the application is complete or absent, never half.
    tally, problems = _apply_outcomes(app, answers, bad_status={502, 0})
    say(f"node kill: SIGKILL {node.name} 5s into 16s of load (12 clients): {len(answers)} requests, "
        f"statuses {dict(load.statuses(answers))}")
    say(f"5xx: {len(in_window)} in the {RETRY_WINDOW:.0f}s window (requests the dead node held: "
        f"{Counter((a.request.method, a.status) for a in in_window)}), {len(late)} after it "
        f"({len(after_kill)} requests answered after the window, all by the other node)")
    say(f"applications by (answer, what the database holds): {dict(tally)}; half-written: "
        f"{sum(1 for p in problems if 'PARTIAL' in p)}")
    complete = sum(n for (status, state), n in tally.items() if status == 201 and state == "complete")
    created = sum(n for (status, _), n in tally.items() if status == 201)
    say(f"nothing lost: {complete} of {created} applications answered 201 are complete")
    assert not late, [(a.request.method, a.request.path, a.status) for a in late[:10]]
    assert all(a.request.method == "POST" or a.status < 500 for a in failed), "a GET was not retried"
    assert not problems, problems[:20]
    assert len(after_kill) > 50


def test_a_rolling_restart_of_both_nodes_under_load_answers_everything(app, cluster):
    """The README's code update, under load: each node in turn taken out of nginx (`down`, reload), stopped
    gracefully (SIGTERM: it finishes its requests), started again, checked ready and put back. Nothing may fail.
    (Without taking it out first, a stopping node resets kept-alive connections that hold requests it has not read
    yet: a POST among them is answered 502 — 2 of 7,338 in the run that showed it.)"""
    import signal

    next_request = _mixed_requests(app, cluster, "roll")
    restarts = []

    def roll(start: float) -> None:
        for node in cluster.nodes:
            time.sleep(3)
            began = time.monotonic()
            cluster.take_out({node.name})
            time.sleep(2)  # nginx's old workers finish what they sent there
            node.program.signal(signal.SIGTERM)
            node.program.process.wait(timeout=60)
            node.start()  # waits for its /readyz
            cluster.take_out(set())
            restarts.append((node.name, time.monotonic() - began))

    answers = load.run_for(cluster.nginx_port, 45, threads=12, next_request=next_request, during=roll)
    # nginx's reload closes its idle kept-alive client connections; a client that sent on one just then gets no
    # answer and nothing was read (a browser sends again; the drill's client does so for GETs only). Those POSTs
    # must be absent from the database; anything else unanswered or 5xx is a failure.
    unread = [a for a in answers if a.status == 0 and a.code == "closed_before_answer"]
    failed = [a for a in answers if (a.status >= 500 or a.status == 0) and a not in unread]
    tally, problems = _apply_outcomes(app, answers, bad_status={0})
    say(f"rolling restart: {', '.join(f'{n} out, restarted, ready and back in {t:.1f}s' for n, t in restarts)}, "
        f"under {len(answers)} requests: statuses {dict(load.statuses(answers))}; applications {dict(tally)}; "
        f"closed by nginx's reload before it read them: {load.RESENT[0]} GETs (sent again), {len(unread)} POSTs "
        "(not written)")
    assert len(restarts) == 2
    assert not failed, [(a.request.method, a.request.path, a.status, a.code) for a in failed[:10]]
    assert not problems, problems[:20]


def test_restarting_mariadb_under_load_answers_503_and_recovers_by_itself(app, cluster):
    next_request = _mixed_requests(app, cluster, "mdb")
    times = {}

    def crash_and_restart(start: float) -> None:
        time.sleep(5)
        times["down"] = time.monotonic()
        cluster.mariadb.crash()  # SIGKILL: a crash, then InnoDB's recovery on start
        time.sleep(8)
        times["restart"] = time.monotonic()
        cluster.mariadb.start()
        times["up"] = time.monotonic()

    answers = load.run_for(cluster.nginx_port, 30, threads=12, next_request=next_request, during=crash_and_restart)
    outcome = Counter((a.status, a.code) for a in answers)
    wrong = [a for a in answers if a.status >= 500 and (a.status != 503 or a.code != "database_unavailable")]
    wrong += [a for a in answers if a.status == 0]
    unavailable = [a for a in answers if a.status == 503]
    recovered = min((a.finished for a in answers if a.started >= times["up"] and a.status < 500), default=None)
    last_failure = max((a.started for a in unavailable), default=times["down"])
    tail = [a for a in answers if a.started >= times["up"] + 10]
    tally, problems = _apply_outcomes(app, answers, bad_status={503})
    say(f"MariaDB crash (SIGKILL) 5s into 30s of load, down for {times['up'] - times['down']:.1f}s "
        f"(restarted after 8s, recovery {times['up'] - times['restart']:.1f}s): answers {dict(outcome)}")
    say(f"503 database_unavailable meanwhile: {len(unavailable)}; other 5xx: {len(wrong)}; first success "
        f"{(recovered - times['up']) if recovered else float('nan'):.1f}s after the database was back, last 503 "
        f"sent {last_failure - times['up']:+.1f}s from then; the last {len(tail)} requests all succeeded: "
        f"{all(a.status < 500 for a in tail)}")
    say(f"applications by (answer, what the database holds): {dict(tally)}; half-written: "
        f"{sum(1 for p in problems if 'PARTIAL' in p)}")
    created = sum(n for (status, _), n in tally.items() if status == 201)
    say(f"nothing lost: {sum(n for (s, st), n in tally.items() if s == 201 and st == 'complete')} of {created} "
        "applications answered 201 are complete; every one answered 503 is complete or absent")
    assert not wrong, [(a.request.path, a.status, a.code) for a in wrong[:10]]
    assert unavailable, "the outage was never seen"
    assert recovered is not None and tail and all(a.status < 500 for a in tail)
    assert not problems, problems[:20]


def _template_sends(cluster, notice_ids: set[str]) -> Counter:
    from wechat.sandbox.store import SandboxStore

    sent = SandboxStore(cluster.env["WECHAT_SANDBOX_DB"]).sent(api="template_send")
    return Counter(m["client_msg_id"] for m in sent if m.get("client_msg_id") in notice_ids)


def test_with_redis_stopped_for_a_minute_residents_log_in_and_read_and_notices_wait(app, cluster):
    from backend.core.database.extensions import db
    from backend.licensing.models.applications import LicenceApplication
    from backend.licensing.models.licences import Licence
    from backend.notices.models import Notice

    posters = _posters(app, cluster, "redis", 6)
    with app.app_context():
        tags = list(db.session.scalars(db.select(Licence.tag_token).limit(10)))
        db.session.remove()
    counter = itertools.count()
    sessions: dict[int, str] = {}

    def next_request(thread: int) -> load.Request:
        n = next(counter)
        if thread == 0:  # one client applies now and then: each application writes a notice to deliver
            time.sleep(1.5)
            _, token, photo = posters[n % len(posters)]
            chip = f"red{load.new_key()}"
            return load.Request("apply", "POST", "/api/v1/licence-applications", application_body(photo, chip),
                                token, key=chip)
        if n % 4 == 0 or thread not in sessions:
            return load.Request("login", "POST", "/api/v1/auth/wx-login",
                                {"code": f"sandbox:redis-drill-{thread}-{n % 50}"}, key=str(thread))
        if n % 4 == 1:
            return load.Request("read", "GET", "/api/v1/me", token=sessions[thread])
        if n % 4 == 2:
            return load.Request("read", "GET", "/api/v1/licences", token=sessions[thread])
        return load.Request("read", "GET", f"/t/{random.choice(tags)}")

    answers: list[load.Answer] = []
    client_pool: dict[int, load.Client] = {}

    def client_loop(thread: int, stop: threading.Event) -> None:
        client = client_pool.setdefault(thread, load.Client(cluster.nginx_port))
        while not stop.is_set():
            answer = client.send(next_request(thread))
            if answer.request.kind == "login" and answer.status == 200:
                sessions[thread] = answer.body["token"]
            answers.append(answer)

    stop = threading.Event()
    threads = [threading.Thread(target=client_loop, args=(n, stop)) for n in range(6)]
    cluster.redis.stop()
    stopped = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(60)
    stop.set()
    for thread in threads:
        thread.join()
    cluster.redis.start()  # empty (no persistence here): whatever the broker held is gone too
    restarted = time.monotonic()
    outcome = Counter((a.request.kind, a.status, a.code) for a in answers)
    failed = [a for a in answers if a.status >= 500 or a.status == 0]
    chips = {a.request.key for a in answers if a.request.kind == "apply" and a.status == 201}
    _, problems = _apply_outcomes(app, answers, bad_status=set())
    with app.app_context():
        applications = db.session.scalars(db.select(LicenceApplication.id)
                                          .where(LicenceApplication.chip_no.in_(chips))).all()
        ids = set(db.session.scalars(db.select(Notice.id).where(
            Notice.kind == "application_received",
            Notice.page.in_([f"pages/application/detail?id={a}" for a in applications]))))
        waiting = db.session.scalar(db.select(db.func.count()).where(Notice.id.in_(ids),
                                                                    Notice.delivery_status != "sent"))
        db.session.remove()
    say(f"Redis stopped for {restarted - stopped:.0f}s: {len(answers)} requests from 6 clients, "
        f"{dict(outcome)}; 5xx: {len(failed)}")
    say(f"{len(ids)} notices written meanwhile ({waiting} waiting when Redis came back)")

    def delivered() -> bool:
        with app.app_context():
            left = db.session.scalar(db.select(db.func.count()).where(Notice.id.in_(ids),
                                                                     Notice.delivery_status != "sent"))
            db.session.remove()
        return left == 0

    wait_until(delivered, 180, "the notices written during the outage to go out")
    sends = _template_sends(cluster, ids)
    say(f"after Redis came back: delivered {len(sends)} of {len(ids)} in {time.monotonic() - restarted:.0f}s, "
        f"each once: {set(sends.values()) == {1}}")
    assert not failed, [(a.request.path, a.status, a.code) for a in failed[:10]]
    assert outcome[("login", 200, None)] > 10 and sum(n for (k, s, _), n in outcome.items() if k == "read") > 30
    assert ids and len(ids) == len(chips) and not problems
    assert set(sends) == ids and set(sends.values()) == {1}


def test_killing_a_worker_mid_delivery_of_5000_notices_delivers_each_once(app, cluster, shared):
    from backend.core import clock
    from backend.core.database.extensions import db
    from backend.core.ids import new_id
    from backend.notices.models import Notice
    from notifications.tasks import queue

    people = make_residents(app, "bulk", 5000)
    now = clock.now()
    notices = [{"id": new_id(), "user_id": user, "kind": "licence_issued", "title": "电子犬证已签发",
                "body": f"证号 DP-2026-{n:06d}", "fields": {}, "created_at": now, "delivery_status": "pending",
                "attempts": 0} for n, (user, _) in enumerate(people)]
    ids = {n["id"] for n in notices}
    with app.app_context():
        db.session.execute(sa.insert(Notice.__table__), notices)
        db.session.commit()
        queue([n["id"] for n in notices])
        db.session.remove()
    started = time.monotonic()
    backup = threading.Thread(target=_backup, args=(cluster, shared))
    backup.start()  # the backup of this drill is taken while the workers deliver
    wait_until(lambda: sum(_template_sends(cluster, ids).values()) >= 1000, 180, "1,000 notices sent")
    victim = cluster.workers[0]
    victim.kill()
    with app.app_context():
        held = db.session.scalar(db.select(db.func.count()).where(Notice.id.in_(ids),
                                                                 Notice.delivery_status == "sending"))
        db.session.remove()
    killed_after = sum(_template_sends(cluster, ids).values())
    victim.start()

    def all_sent() -> bool:
        with app.app_context():
            left = db.session.scalar(db.select(db.func.count()).where(Notice.id.in_(ids),
                                                                     Notice.delivery_status != "sent"))
            db.session.remove()
        return left == 0

    wait_until(all_sent, 300, "all 5,000 notices sent")
    backup.join(timeout=120)
    sends = _template_sends(cluster, ids)
    from wechat.sandbox.store import SandboxStore

    say(f"5,000 notices: SIGKILL {victim.name} after {killed_after} had gone out ({held} claimed at that moment); "
        f"all sent {time.monotonic() - started:.0f}s after queueing")
    say(f"nothing lost: {len(sends)} of {len(ids)} delivered; shown twice: {sum(1 for n in sends.values() if n > 1)}; "
        f"resends WeChat dropped by client_msg_id (whole service so far): "
        f"{SandboxStore(cluster.env['WECHAT_SANDBOX_DB']).duplicates_dropped()}")
    assert set(sends) == ids and set(sends.values()) == {1}


def _backup(cluster, shared: dict) -> None:
    shared["backup_started"] = time.time()
    result = subprocess.run([str(PROJECT_ROOT / "deploy" / "backup.sh"), str(cluster.work / "backups")],
                            env={**cluster.env, "APP_DIR": str(PROJECT_ROOT)}, capture_output=True, text=True,
                            timeout=300)
    shared["backup"] = result


def test_the_backup_taken_during_the_drills_restores_whole(app, cluster, shared):
    from pathlib import Path

    result = shared.get("backup")
    assert result is not None and result.returncode == 0, getattr(result, "stderr", "no backup was taken")
    backup = Path(result.stdout.strip().splitlines()[-1])
    target_url = cluster.mariadb.url("dogpass_restored")
    uploads = cluster.work / "uploads-restored"
    restored = subprocess.run([str(PROJECT_ROOT / "deploy" / "restore.sh"), str(backup)],
                              env={**cluster.env, "APP_DIR": str(PROJECT_ROOT), "PYTHON": __import__("sys").executable,
                                   "DATABASE_URL": target_url, "UPLOAD_DIR": str(uploads)},
                              capture_output=True, text=True, timeout=600)
    say("restore.sh: " + " | ".join(line.strip() for line in restored.stdout.splitlines()
                                    if not line.startswith("  ")))
    assert restored.returncode == 0, f"{restored.stdout}\n{restored.stderr}"
    # A second restore into the same database is refused: a restore never overwrites data.
    again = subprocess.run([str(PROJECT_ROOT / "deploy" / "restore.sh"), str(backup)],
                           env={**cluster.env, "APP_DIR": str(PROJECT_ROOT), "DATABASE_URL": target_url,
                                "UPLOAD_DIR": str(cluster.work / "uploads-again")}, capture_output=True, text=True)
    assert again.returncode == 2 and "refused" in again.stderr
    report = _compare(cluster.database_url, target_url, shared["backup_started"])
    for line in report["lines"]:
        say(line)
    assert not report["problems"], report["problems"][:20]


def _compare(source_url: str, restored_url: str, backup_started: float) -> dict:
    """The restored database against the live one it was taken from (which kept working meanwhile): every row
    committed before the backup began is there; the audit trail and uploads (never changed once written) are
    identical; nothing is there that the source never had."""
    from datetime import UTC, datetime

    from backend.core.database.extensions import db as flask_db

    aware_cutoff = datetime.fromtimestamp(backup_started - 1, UTC)

    def before_backup(value) -> bool:  # instants are stored in UTC; some column types read back with a zone
        if value is None:
            return False
        return value < (aware_cutoff if value.tzinfo else aware_cutoff.replace(tzinfo=None))

    source, target = sa.create_engine(source_url), sa.create_engine(restored_url)
    lines, problems = [], []
    before_total = before_present = rows_restored = 0
    immutable = {"status_changes", "uploads", "application_rounds", "upload_attachments"}
    identical = 0
    for table in flask_db.metadata.sorted_tables:
        key = [c.name for c in table.primary_key.columns]
        with source.connect() as s, target.connect() as t:
            live = {tuple(row._mapping[k] for k in key): row for row in s.execute(sa.select(table))}
            back = {tuple(row._mapping[k] for k in key): row for row in t.execute(sa.select(table))}
        rows_restored += len(back)
        invented = set(back) - set(live)
        if invented:
            problems.append(f"{table.name}: {len(invented)} rows the source never had")
        if "created_at" in table.c:
            old = [k for k, row in live.items() if before_backup(row._mapping["created_at"])]
            before_total += len(old)
            present = sum(1 for k in old if k in back)
            before_present += present
            if present != len(old):
                problems.append(f"{table.name}: {len(old) - present} rows committed before the backup are missing")
        if table.name in immutable:
            for k, row in back.items():
                if k in live and tuple(live[k]) == tuple(row):
                    identical += 1
                elif k in live:
                    problems.append(f"{table.name} {k}: differs from the source")
    source.dispose()
    target.dispose()
    lines.append(f"restored {rows_restored:,} rows in {len(flask_db.metadata.sorted_tables)} tables; none the "
                 f"source never had: {not any('never had' in p for p in problems)}")
    lines.append(f"nothing lost: {before_present:,} of {before_total:,} rows committed before the backup began "
                 "are in the restored database")
    lines.append(f"audit trail, rounds, uploads and attachments identical to the source: {identical:,} rows")
    return {"lines": lines, "problems": problems}
