"""The drills' production on this machine: a private MariaDB (its own datadir, port and socket), a private
redis-server, two gunicorn app nodes started with deploy/gunicorn.conf.py, Debian's nginx with the shipped
deploy/nginx/dogpass-locations.conf and the upstream block of deploy/nginx/dogpass.conf, two Celery workers, one
beat, and the WeChat simulator in a process of its own (it stands for Tencent's servers).

Nothing here touches the machine's own MariaDB or Redis: every server is started here, on free ports, and every
process is killed when the drills end (also when one fails).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from backend.core.config import PROJECT_ROOT
from tests.support.processes import free_port

DEPLOY = PROJECT_ROOT / "deploy"
BINARIES = {"mariadbd": "/usr/sbin/mariadbd", "mariadb-install-db": "mariadb-install-db", "mariadb": "mariadb",
            "mariadb-dump": "mariadb-dump", "nginx": "/usr/sbin/nginx", "redis-server": "redis-server"}
SECRETS = {"SECRET_KEY": "drill-secret-key-0123456789abcdefghij",
           "ID_ENCRYPTION_KEY": "ZHJpbGwtb25seS1mZXJuZXQta2V5LTMyLWJ5dGVzISE=",
           "ID_HASH_KEY": "drill-hash-key-0123456789abcdef"}
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # as serve_like_make_run: the public-account walk's safe mode


def missing_binaries() -> list[str]:
    return [name for name, path in BINARIES.items() if shutil.which(path) is None]


def wait_until(condition, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception as exc:  # not up yet
            last_error = exc
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what} (last error: {last_error!r})")


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Program:
    """One process (and its children) in a session of its own, logging to a file."""

    def __init__(self, name: str, command: list[str], env: dict, log: Path, cwd: Path = PROJECT_ROOT) -> None:
        self.name, self.command, self.env, self.log, self.cwd = name, command, env, log, cwd
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("a") as out:
            self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal(self, number: int) -> None:
        if self.running:
            os.killpg(self.process.pid, number)

    def kill(self) -> None:
        """SIGKILL to the whole group: no goodbye, nothing flushed, nothing acknowledged."""
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=20)

    def stop(self, timeout: float = 30) -> None:
        if not self.running:
            return
        self.signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""


class PrivateMariaDB:
    """mariadbd on its own datadir, port and socket (`--no-defaults`: nothing read from /etc/mysql)."""

    def __init__(self, work: Path) -> None:
        self.work, self.port = work, free_port()
        self.datadir, self.socket = work / "mariadb-data", work / "mariadb.sock"
        self.program = Program("mariadb", [
            shutil.which(BINARIES["mariadbd"]), "--no-defaults", f"--datadir={self.datadir}",
            f"--socket={self.socket}", f"--port={self.port}", "--bind-address=127.0.0.1", "--user=root",
            f"--pid-file={work / 'mariadb.pid'}", f"--log-error={work / 'mariadb.err'}", "--skip-name-resolve",
            "--innodb-buffer-pool-size=256M", "--max-connections=400", "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci"], dict(os.environ), work / "mariadb.out")

    def url(self, database: str = "dogpass") -> str:
        return f"mysql+pymysql://root@127.0.0.1:{self.port}/{database}"

    def install(self) -> None:
        subprocess.run([shutil.which(BINARIES["mariadb-install-db"]), "--no-defaults", f"--datadir={self.datadir}",
                        "--user=root", "--auth-root-authentication-method=normal", "--skip-test-db"],
                       check=True, capture_output=True)

    def start(self) -> None:
        self.program.start()
        wait_until(self._answers, 60, f"MariaDB on port {self.port}")

    def _answers(self) -> bool:
        import pymysql

        connection = pymysql.connect(host="127.0.0.1", port=self.port, user="root", connect_timeout=1)
        connection.close()
        return True

    def sql(self, statement: str) -> None:
        import pymysql

        connection = pymysql.connect(host="127.0.0.1", port=self.port, user="root", autocommit=True)
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    def crash(self) -> None:
        self.program.kill()

    def stop(self) -> None:
        self.program.stop(timeout=60)


class PrivateRedis:
    def __init__(self, work: Path) -> None:
        self.port = free_port()
        self.program = Program("redis", [shutil.which(BINARIES["redis-server"]), "--port", str(self.port), "--bind",
                                         "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(work)],
                               dict(os.environ), work / "redis.log")

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.program.start()
        wait_until(lambda: port_open(self.port), 20, "redis-server")

    def stop(self) -> None:
        self.program.stop()


@dataclass
class Node:
    name: str
    port: int
    program: Program

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.program.start()
        wait_until(lambda: _get(f"{self.url}/readyz") == 200, 90,
                   f"{self.name} to be ready; log:\n{self.program.tail()}")


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code


def render_nginx(work: Path, nginx_port: int, node_ports: list[int], name: str = "nginx",
                 down: frozenset[int] = frozenset()) -> Path:
    """nginx.conf for the drill: the shipped upstream block (its parameters: max_fails, fail_timeout, keepalive)
    with the drill's node addresses, the shipped log format, and the shipped locations file, included as is."""
    site = (DEPLOY / "nginx" / "dogpass.conf").read_text()
    upstream = re.search(r"upstream dogpass_app \{.*?\n\}", site, re.S).group(0)
    servers = re.findall(r"^\s*server 10\.0\.0\.\d+:8000 (.*);$", upstream, re.M)
    assert len(servers) == 2 and 1 <= len(node_ports) <= 2, upstream
    if len(node_ports) == 1:  # one node (the benchmark's comparison): the second server line goes
        upstream = re.sub(r"\n\s*server 10\.0\.0\.\d+:8000 .*;(?=[^;]*keepalive )", "", upstream, count=1)
        servers = servers[:1]
    for port, params in zip(node_ports, servers, strict=True):
        marked = f"{params} down" if port in down else params  # taken out of rotation, as the README's update says
        upstream = re.sub(r"server 10\.0\.0\.\d+:8000 " + re.escape(params), f"server 127.0.0.1:{port} {marked}",
                          upstream, count=1)
    log_format = re.search(r"log_format dogpass .*?;\n", site, re.S).group(0)
    (work / "www").mkdir(exist_ok=True)
    console = work / "www" / "console"
    if not console.exists():
        console.symlink_to(PROJECT_ROOT / "console" / "dist")
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (work / "nginx-tmp" / temp).mkdir(parents=True, exist_ok=True)
    conf = work / f"{name}.conf"
    conf.write_text(f"""
daemon off;
worker_processes 2;
pid {work}/{name}.pid;
error_log {work}/{name}-error.log warn;
events {{ worker_connections 2048; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {work}/nginx-tmp/body;
    proxy_temp_path {work}/nginx-tmp/proxy;
    fastcgi_temp_path {work}/nginx-tmp/fastcgi;
    uwsgi_temp_path {work}/nginx-tmp/uwsgi;
    scgi_temp_path {work}/nginx-tmp/scgi;
    {upstream}
    {log_format}
    server {{
        listen 127.0.0.1:{nginx_port};
        access_log {work}/{name}-access.log dogpass;
        set $dogpass_www {work}/www;
        include {DEPLOY}/nginx/dogpass-locations.conf;
    }}
}}
""")
    return conf


@dataclass
class Cluster:
    work: Path
    mariadb: PrivateMariaDB
    redis: PrivateRedis
    nginx_port: int
    env: dict
    nodes: list[Node] = field(default_factory=list)
    workers: list[Program] = field(default_factory=list)
    beat: Program | None = None
    sandbox: Program | None = None
    nginx: Program | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.nginx_port}"

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]

    def programs(self) -> list[Program]:
        found = [self.nginx, *(node.program for node in self.nodes), *self.workers, self.beat, self.sandbox]
        return [program for program in found if program is not None]

    def stop_all(self) -> None:
        for program in self.programs():
            program.kill()
        self.redis.program.kill()
        self.mariadb.program.kill()

    def take_out(self, down: set[str]) -> None:
        """nginx with these nodes marked `down` in its upstream, reloaded (SIGHUP to its master: new workers with
        the new upstream, old ones finish their requests and exit)."""
        render_nginx(self.work, self.nginx_port, [node.port for node in self.nodes],
                     down=frozenset(node.port for node in self.nodes if node.name in down))
        os.kill(self.nginx.process.pid, signal.SIGHUP)
        time.sleep(1)  # the new workers take over

    def upstream_counts(self) -> dict[str, int]:
        """Requests nginx handed to each node (from its access log), by node name."""
        counts = {node.name: 0 for node in self.nodes}
        names = {f"127.0.0.1:{node.port}": node.name for node in self.nodes}
        log = self.work / "nginx-access.log"
        for match in re.finditer(r"upstream=(\S+)", log.read_text() if log.exists() else ""):
            for address in match.group(1).split(","):
                name = names.get(address.strip())
                if name:
                    counts[name] += 1
        return counts


def build(work: Path) -> Cluster:
    mariadb, redis = PrivateMariaDB(work), PrivateRedis(work)
    nginx_port, sandbox_port = free_port(), free_port()
    node_ports = [free_port(), free_port()]
    env = {**os.environ, **SECRETS, "DOGPASS_ENV": "development", "WECHAT_SANDBOX": "1", "FLASK_APP": "wsgi",
           "DATABASE_URL": mariadb.url(), "REDIS_URL": redis.url(0), "CELERY_BROKER_URL": redis.url(1),
           "UPLOAD_DIR": str(work / "uploads"), "WECHAT_SANDBOX_DB": str(work / "sandbox.sqlite3"),
           "PAYMENT_SANDBOX_KEY_DIR": str(work / "sandbox-pay-keys"),
           "WECHAT_API_BASE_URL": f"http://127.0.0.1:{sandbox_port}/_sandbox/wechat/",
           # The payment sandboxes are mounted by the nodes: reached through nginx, like the gateways' servers.
           "PORT": str(nginx_port), "PUBLIC_BASE_URL": f"http://127.0.0.1:{nginx_port}",
           "WECHAT_MP_AES_KEY": AES_KEY, "FEE_SCHEDULE_FILE": str(PROJECT_ROOT / "backend/data/fees.demo.json"),
           "TRUSTED_PROXY_HOPS": "1", "LOG_FORMAT": "json", "NOTICE_CLAIM_SECONDS": "5",
           "NOTICE_REQUEUE_SECONDS": "2", "CELERY_VISIBILITY_TIMEOUT": "30", "FOLLOWER_LINK_SECONDS": "5",
           "CELERY_WORKER_CONCURRENCY": "2", "PYTHONUNBUFFERED": "1"}
    for name in ("DOGPASS_BIND", "PROMETHEUS_MULTIPROC_DIR", "BLACKBOX_BASE_URL"):
        env.pop(name, None)
    (work / "uploads").mkdir(parents=True, exist_ok=True)
    cluster = Cluster(work, mariadb, redis, nginx_port, env)
    python = sys.executable
    for number, port in enumerate(node_ports, start=1):
        node_env = {**env, "DOGPASS_BIND": f"127.0.0.1:{port}", "DOGPASS_WORKERS": "2", "DOGPASS_THREADS": "4",
                    "PROMETHEUS_MULTIPROC_DIR": str(work / f"metrics-node{number}")}
        cluster.nodes.append(Node(f"node{number}", port, Program(
            f"node{number}", [python, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py"), "wsgi:app"],
            node_env, work / f"node{number}.log")))
    for number in (1, 2):
        cluster.workers.append(Program(f"worker{number}", [
            python, "-m", "celery", "-A", "wsgi.celery", "worker", "--loglevel", "INFO", "--concurrency", "2",
            "--hostname", f"worker{number}@drill", "--without-gossip", "--without-mingle"],
            env, work / f"worker{number}.log"))
    cluster.beat = Program("beat", [python, "-m", "celery", "-A", "wsgi.celery", "beat", "--loglevel", "INFO",
                                    "--schedule", str(work / "beat-schedule")], env, work / "beat.log")
    sandbox_env = {**env, "SANDBOX_PORT": str(sandbox_port)}
    cluster.sandbox = Program("wechat-sandbox", [
        python, "-m", "gunicorn", "bench.sandbox_app:app", "--bind", f"127.0.0.1:{sandbox_port}", "--workers", "1",
        "--worker-class", "gthread", "--threads", "16", "--log-level", "warning"], sandbox_env,
        work / "sandbox.log")
    cluster.sandbox_port = sandbox_port
    cluster.nginx = Program("nginx", [shutil.which(BINARIES["nginx"]), "-p", str(work), "-c",
                                      str(render_nginx(work, nginx_port, node_ports))], env, work / "nginx.out")
    return cluster


def start(cluster: Cluster) -> None:
    """Empty servers to a running service, in the README's order: database, Redis, migrations, reference data
    (with the demo accounts: development), the programs, then nginx; everything checked ready."""
    cluster.mariadb.install()
    cluster.mariadb.start()
    cluster.mariadb.sql("CREATE DATABASE dogpass CHARACTER SET utf8mb4")
    cluster.redis.start()
    flask = [sys.executable, "-m", "flask"]
    for step in (["db", "upgrade"], ["demo", "seed", "--quiet"]):
        subprocess.run([*flask, *step], cwd=PROJECT_ROOT, env=cluster.env, check=True, capture_output=True)
    cluster.sandbox.start()
    wait_until(lambda: port_open(cluster.sandbox_port), 30, "the WeChat sandbox")
    for node in cluster.nodes:
        node.program.start()
    for node in cluster.nodes:
        wait_until(lambda node=node: _get(f"{node.url}/readyz") == 200, 90,
                   f"{node.name} to be ready; log:\n{node.program.tail()}")
    for program in (*cluster.workers, cluster.beat):
        program.start()
    cluster.nginx.start()
    wait_until(lambda: _get(f"{cluster.url}/readyz") == 200, 30, f"nginx; log:\n{cluster.nginx.tail()}")
