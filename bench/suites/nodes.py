"""Issue 18: requests per second through nginx with one app node and with two, for the licence list and the tag page
(Redis read cache on, as deployed), on the drills' production (tests/drills/cluster.py: Debian's nginx with the
shipped locations and upstream settings, gunicorn nodes with deploy/gunicorn.conf.py, a private MariaDB and Redis,
JSON request logs as in production). One nginx lists node 1 alone, another lists both; the two are measured in
alternating rounds, median of three. Every process shares this machine's CPUs: a second node adds processes, not
CPUs, and the table shows what that gives."""
from __future__ import annotations

import random
import tempfile
from pathlib import Path

from bench import seed, wrk
from bench.report import Row, Rows
from tests.drills import cluster as harness

ROUNDS = 3


def run(connections: int, duration: int) -> list[Row]:
    work = Path(tempfile.mkdtemp(prefix="dogpass-bench-nodes-"))
    service = harness.build(work)
    one_node_port = harness.free_port()
    single = harness.Program("nginx-one-node", [harness.shutil.which(harness.BINARIES["nginx"]), "-p", str(work),
                                                "-c", str(harness.render_nginx(work, one_node_port,
                                                                               [service.nodes[0].port], "one"))],
                             service.env, work / "nginx-one.out")
    rows = Rows()
    try:
        harness.start(service)
        for worker in (*service.workers, service.beat):
            worker.stop()  # idle here; their CPU is not part of the comparison
        single.start()
        harness.wait_until(lambda: harness.port_open(one_node_port), 20, "the one-node nginx")
        app = seed.make_app(service.database_url, work / "uploads",
                            {**harness.SECRETS, "REDIS_URL": service.env["REDIS_URL"]})
        data = seed.seed_licences(app)
        tag = random.Random(1).choice(data.tag_tokens)
        reader = {"Authorization": f"Bearer {data.reader_token}"}
        for label, path, headers in (("GET /api/v1/licences", "/api/v1/licences", reader),
                                     ("GET /t/{token}", f"/t/{tag}", {"Accept": "application/json"})):
            one_url, two_url = f"http://127.0.0.1:{one_node_port}{path}", f"{service.url}{path}"
            for url in (one_url, two_url):
                wrk.run("warm", url, connections=connections, duration=2, headers=headers)
            one, two = wrk.interleaved((f"{label}, one node", one_url, {"headers": headers}),
                                       (f"{label}, two nodes", two_url, {"headers": headers}),
                                       connections=connections, duration=duration, rounds=ROUNDS)
            rows += [Row(one), Row(two, baseline=one)]
        counts = service.upstream_counts()
        rows.notes.append(f"two nodes: nginx handed {counts['node1']:,} requests to node 1 and {counts['node2']:,} "
                          "to node 2 (its access log)")
    finally:
        single.kill()
        service.stop_all()
    return rows


def table(rows: list[Row]) -> str:
    from bench.report import with_notes

    lines = ["| measurement | per second | p50 ms | p99 ms | count | errors | two nodes ÷ one |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        r = row.result
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else "—"
        lines.append(f"| {r.label} | {r.requests_per_second:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | "
                     f"{r.requests:,} | {r.errors} | {ratio} |")
    return with_notes("\n".join(lines), rows)
