"""Start and stop gunicorn for a WSGI app, the same way for DogPass and for the bare endpoint."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS = int(os.environ.get("BENCH_WORKERS", (os.cpu_count() or 2) * 2))
THREADS = int(os.environ.get("BENCH_THREADS", 8))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_command(target: str, port: int) -> list[str]:
    # gthread workers keep connections alive and overlap database waits; the bare endpoint gets the same.
    return [sys.executable, "-m", "gunicorn", target, "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
            "--worker-class", "gthread", "--threads", str(THREADS), "--keep-alive", "5", "--backlog", "2048",
            "--log-level", "warning"]


def granian_command(target: str, port: int, workers: int = 2, threads: int = 2) -> list[str]:
    # A Rust HTTP server calling the WSGI app: for the simulators of outside services, whose CPU on this machine
    # is not ours to measure (on a real run WeChat answers from Tencent's machines).
    return [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers), "--blocking-threads", str(threads), "--backlog", "2048",
            "--log-level", "warning", target]


class Served(str):
    """The server's base URL, also carrying the pid of its master process (for CPU accounting)."""

    pid: int


@contextmanager
def serve(target: str, env: dict, health_path: str, command=gunicorn_command):
    port = free_port()
    log_path = ROOT / "bench" / "results" / f"gunicorn-{target.replace(':', '-')}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as log:
        process = subprocess.Popen(command(target, port), cwd=ROOT, env={**os.environ, **env},
                                   stdout=log, stderr=subprocess.STDOUT)
    url = Served(f"http://127.0.0.1:{port}")
    url.pid = process.pid
    try:
        _wait(url + health_path, process, log_path)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url}:\n{log_path.read_text()}")
