"""Issue 2: GET /api/v1/licences, GET /t/{token} and POST /api/v1/licence-applications against a bare Flask
endpoint, all under gunicorn at the same concurrency on MariaDB, measured back to back in one run.

The reads are measured as deployed (Redis read cache on) and again with the cache off, so the table shows what
the database path alone gives too."""
from __future__ import annotations

import random
import tempfile
from pathlib import Path

from bench import seed, servers, wrk
from bench.report import Row

ROUNDS = 3  # bare and endpoint alternate; each figure is the median of its rounds
BODIES_PER_RUN = 20_000  # far more applications than one run can submit


def run(connections: int, duration: int) -> list[Row]:
    seed.reset_database()
    work = Path(tempfile.mkdtemp(prefix="dogpass-bench-"))
    app = seed.make_app(seed.BENCH_DATABASE_URL, work / "uploads")
    data = seed.seed_licences(app)
    bodies = seed.application_bodies(work / "bodies.jsonl", data.photo_id, count=BODIES_PER_RUN * ROUNDS)
    tag = random.Random(1).choice(data.tag_tokens)
    seed.flush_redis()
    cached_env = seed.server_env(seed.BENCH_DATABASE_URL, work / "uploads", seed.BENCH_REDIS_URL)
    plain_env = seed.server_env(seed.BENCH_DATABASE_URL, work / "uploads")
    reader = {"Authorization": f"Bearer {data.reader_token}"}
    as_json = {"Accept": "application/json"}
    rows = []
    with servers.serve("bench.bare:app", plain_env, "/bare") as bare, \
            servers.serve("wsgi:app", cached_env, "/healthz") as dogpass, \
            servers.serve("wsgi:app", plain_env, "/healthz") as uncached:
        cases = [
            ("GET /api/v1/licences", f"{dogpass}/api/v1/licences", reader, None, None),
            ("GET /t/{token}", f"{dogpass}/t/{tag}", as_json, None, None),
            ("GET /api/v1/licences (cache off)", f"{uncached}/api/v1/licences", reader, None, None),
            ("GET /t/{token} (cache off)", f"{uncached}/t/{tag}", as_json, None, None),
            ("POST /api/v1/licence-applications", dogpass, {"Authorization": f"Bearer {data.poster_token}"},
             "post_bodies.lua", [str(bodies), "/api/v1/licence-applications", "2", "{run}", str(BODIES_PER_RUN)]),
        ]
        for label, url, headers, script, args in cases:
            # Warm both servers (imports, connection pools, cache) before measuring.
            wrk.run("warm", f"{bare}/bare", connections=connections, duration=2)
            if script is None:
                wrk.run("warm", url, connections=connections, duration=2, headers=headers)
            baseline, measured = wrk.interleaved(
                ("bare Flask JSON", f"{bare}/bare", {}), (label, url, {"headers": headers, "script": script,
                                                                     "script_args": args}),
                connections=connections, duration=duration, rounds=ROUNDS)
            goal = 0.5 if label.startswith("GET") and "cache off" not in label else None
            rows.append(Row(measured, baseline, goal=goal))
    return rows
