"""Issue 3: callback latency under load, and notices per second from the outbox to the WeChat sandbox with one
Celery worker. MariaDB, gunicorn, a Redis broker; the sandbox runs under its own gunicorn."""
from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
import sqlalchemy as sa

from bench import cpu, report, seed, servers, wrk
from bench.report import Row

BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/4")
NOTICES = int(os.environ.get("BENCH_NOTICES", 5000))
TOKEN = "sandbox-token"


def run(connections: int, duration: int) -> report.Rows:
    seed.reset_database()
    work = Path(tempfile.mkdtemp(prefix="dogpass-bench-pa-"))
    rows = report.Rows(callback_latency(work, duration))
    row, notes = notice_throughput(work)
    rows.append(row)
    rows.notes += notes
    return rows


def _messages(path: Path, count: int) -> Path:
    """Signed callbacks as WeChat sends them, one "PATH<TAB>BODY" a line: mostly questions for staff, some FAQ
    keywords, some taps. Each message has its own signed query (timestamp, nonce), as from WeChat: the callback
    refuses a signed query that comes again with another body. Made just before the runs, well inside the
    freshness window (WECHAT_CALLBACK_MAX_AGE_SECONDS)."""
    from wechat.sandbox.inbound import message_xml, signed

    rng = random.Random(3)
    questions = ["我家狗狗的犬牌丢了，可以补办吗？", "小区里有人遛狗不牵绳，怎么投诉", "请问审核要多久",
                 "犬证地址写错了"]
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            openid = f"sbx-mp-bench{rng.randrange(2000)}"
            roll = rng.random()
            if roll < 0.7:
                xml, _ = message_xml(openid, content=rng.choice(questions), msg_id=10**12 + n)
            elif roll < 0.9:
                xml, _ = message_xml(openid, content=rng.choice(["年检", "办证", "过户", "领养"]), msg_id=10**12 + n)
            else:
                xml, _ = message_xml(openid, msg_type="event", event="CLICK", event_key="MY_LICENCES",
                                     create_time=1_700_000_000 + n)
            query = signed("", "x", "x", token=TOKEN, nonce=f"b{n}").query
            url = "/wechat/callback?" + "&".join(f"{k}={v}" for k, v in query.items() if k != "openid")
            out.write(url + "\t" + xml.replace("\n", "") + "\n")
    return path


def callback_latency(work: Path, duration: int) -> list[Row]:
    app = seed.make_app(seed.BENCH_DATABASE_URL, work / "uploads")
    with app.app_context():
        from backend.reference.catalogue import load_reference_data

        load_reference_data()
    env = {**seed.server_env(seed.BENCH_DATABASE_URL, work / "uploads", seed.BENCH_REDIS_URL),
           "WECHAT_MP_TOKEN": TOKEN, "CELERY_BROKER_URL": BROKER}
    rows = []
    with servers.serve("bench.bare:app", env, "/bare") as bare, servers.serve("wsgi:app", env, "/healthz") as dogpass:
        bodies = _messages(work / "callbacks.txt", 300_000)
        path = "-"  # each line carries its own signed path
        # Warm-up, not measured: fresh gunicorn workers open their database and Redis connections and fill their
        # caches on the first requests, which a running service did long ago.
        wrk.run("warm-up", dogpass, connections=16, duration=3, script="post_bodies.lua",
                script_args=[str(bodies), path, "2", "4", "60000", "text/xml", "40"])
        # Set loads (messages per second): paced connections. Then as fast as it goes (no pause), for capacity.
        for number, (label, connections, mean_delay_ms, goal) in enumerate(
                [("50 msg/s", 16, 320, 20), ("100 msg/s", 16, 160, 20), ("200 msg/s", 32, 160, 20),
                 ("saturated, 32 connections", 32, 0, None)]):
            measured = wrk.run(f"POST /wechat/callback, {label}", dogpass, connections=connections,
                               duration=duration, script="post_bodies.lua",
                               script_args=[str(bodies), path, "2", str(number), "60000", "text/xml",
                                            str(mean_delay_ms)])
            rows.append(Row(measured, None, p99_goal_ms=goal))
        rows[-1].baseline = wrk.run("bare Flask JSON", f"{bare}/bare", connections=32, duration=duration)
    return rows


ROUNDS = int(os.environ.get("BENCH_NOTICE_ROUNDS", 3))


def notice_throughput(work: Path) -> tuple[Row, list[str]]:
    """Rounds of N followers with a pending notice each, one worker delivering them all to the sandbox; the
    median round is reported (this machine's speed drifts by a third from minute to minute)."""
    rounds = sorted((_notice_round(work / f"round-{n}") for n in range(ROUNDS)), key=lambda r: r[0])
    rate, cpu_ms = rounds[len(rounds) // 2]
    result = wrk.Result(label=f"notices outbox → sandbox, one worker ({NOTICES:,} notices, median of {ROUNDS} runs)",
                        requests_per_second=rate, p50_ms=float("nan"), p99_ms=float("nan"), requests=NOTICES,
                        errors=0)
    notes = ["Notices per second in each run: " + ", ".join(f"{r:,.0f}" for r, _ in rounds) + "."]
    if cpu_ms:
        notes.append("CPU per notice in the median run, while the middle 80% of its notices went out: "
                     + ", ".join(f"{label} {ms:.2f} ms" for label, ms in cpu_ms.items())
                     + f"; {sum(cpu_ms.values()):.2f} ms in all, on {os.cpu_count()} CPUs.")
    return Row(result, None, rate_goal=1000), notes


def _notice_round(work: Path) -> tuple[float, dict[str, float]]:
    from backend.accounts.models.people import User
    from backend.core import clock
    from backend.core.database.extensions import db
    from backend.core.ids import new_id
    from backend.notices.models import Notice

    seed.reset_database()
    redis.Redis.from_url(BROKER).flushdb()
    sandbox_db = work / "sandbox.sqlite3"
    app = seed.make_app(seed.BENCH_DATABASE_URL, work / "uploads", extra={"CELERY_BROKER_URL": BROKER})
    now = clock.now()
    users = [{"id": new_id(), "mp_openid": f"sbx-mp-n{n}", "mp_followed": True, "unionid": f"sbx-union-n{n}",
              "created_at": now, "updated_at": now} for n in range(NOTICES)]
    notices = [{"id": new_id(), "user_id": u["id"], "kind": "licence_issued", "title": "电子犬证已签发",
                "body": f"证号 DP-2026-{n:06d}", "fields": {"licence_no": f"DP-2026-{n:06d}"}, "created_at": now,
                "delivery_status": "pending", "attempts": 0} for n, u in enumerate(users)]
    with app.app_context():
        db.session.execute(sa.insert(User.__table__), users)
        db.session.execute(sa.insert(Notice.__table__), notices)
        db.session.commit()
    # The sandbox stands in for WeChat, which answers from Tencent's machines, not ours: it runs under granian
    # (a Rust HTTP server) so that as little of these two CPUs as possible goes to simulating WeChat.
    with servers.serve("bench.sandbox_app:app", {"WECHAT_SANDBOX_DB": str(sandbox_db)},
                       "/_sandbox/wechat/sent/count", servers.granian_command) as sandbox:
        worker_env = {**seed.server_env(seed.BENCH_DATABASE_URL, work / "uploads", seed.BENCH_REDIS_URL),
                      "CELERY_BROKER_URL": BROKER, "WECHAT_API_BASE_URL": f"{sandbox}/_sandbox/wechat/"}
        with app.app_context():
            from notifications.tasks import queue

            queue([n["id"] for n in notices])
        # The worker as deployed: `celery worker` with its configured concurrency (CELERY_WORKER_CONCURRENCY).
        worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "wsgi.celery", "worker", "--loglevel",
                                   "WARNING", "--without-gossip", "--without-mingle"], cwd=servers.ROOT,
                                  env={**os.environ, **worker_env}, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            sent, cpu_ms = _watch(sandbox_db, {"worker": worker.pid, "WeChat sandbox": sandbox.pid})
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    elapsed = max(s["sent_at"] for s in sent) - min(s["sent_at"] for s in sent)
    if len(sent) < NOTICES:
        raise RuntimeError(f"only {len(sent)} of {NOTICES} notices reached the sandbox")
    return (len(sent) / elapsed if elapsed else float("inf")), cpu_ms


def _watch(sandbox_db: Path, roots: dict[str, int]) -> tuple[list[dict], dict[str, float]]:
    """Wait for every notice; CPU per notice of each process tree (and MariaDB) between 10% and 90% sent."""
    from wechat.sandbox.store import SandboxStore

    store = SandboxStore(sandbox_db)
    marks: dict[int, tuple[int, dict]] = {}
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        count = store.sent_count("template_send")
        for mark in (NOTICES // 10, NOTICES * 9 // 10):
            if count >= mark and mark not in marks and cpu.available():
                marks[mark] = (count, cpu.snapshot(roots, {"MariaDB": "mariadbd"}))
        if count >= NOTICES:
            break
        time.sleep(0.2)
    per_notice = {}
    if len(marks) == 2:
        (first, before), (last, after) = marks[NOTICES // 10], marks[NOTICES * 9 // 10]
        per_notice = {label: 1000 * (after[label] - before[label]) / max(last - first, 1) for label in after}
    return store.sent(api="template_send"), per_notice
