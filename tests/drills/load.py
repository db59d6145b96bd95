"""Load for the drills: threads sending requests through nginx on kept-alive connections, every answer recorded
(when it was sent, what it was, the status, the error code) so a drill can count exactly what happened when."""
from __future__ import annotations

import http.client
import json
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass


@dataclass(frozen=True)
class Request:
    kind: str  # what the drill calls it: "read", "apply", "login", ...
    method: str
    path: str
    body: dict | None = None
    token: str | None = None
    key: str | None = None  # what the drill looks for in the database afterwards (a chip number)


@dataclass(frozen=True)
class Answer:
    request: Request
    started: float  # time.monotonic()
    finished: float
    status: int  # 0: no answer at all (nginx is never stopped, so this should not happen)
    code: str | None
    body: object = None


class Client:
    """One kept-alive connection to nginx; reconnects after any failure. Like a browser, it sends a GET again on a
    new connection when a kept-alive one was closed under it before any answer (nginx closes idle connections when
    it reloads); `resent` counts those. A POST is never sent again."""

    def __init__(self, port: int) -> None:
        self.port, self.connection, self.reused, self.resent = port, None, False, 0

    def send(self, request: Request, timeout: float = 60) -> Answer:
        answer = self._send(request, timeout)
        if answer.code == "closed_before_answer" and request.method == "GET":
            self.resent += 1
            answer = self._send(request, timeout)
        return answer

    def _send(self, request: Request, timeout: float) -> Answer:
        started = time.monotonic()
        headers = {"Accept": "application/json"}
        body = None
        if request.token:
            headers["Authorization"] = f"Bearer {request.token}"
        if request.body is not None:
            body = json.dumps(request.body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        reused = self.connection is not None and self.reused
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
                self.reused = False
            self.connection.request(request.method, request.path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
            status = response.status
            self.reused = True
            if response.getheader("Connection", "").lower() == "close":
                self.close()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            self.close()
            return Answer(request, started, time.monotonic(), 0, "closed_before_answer" if reused else "no_answer")
        except (OSError, http.client.HTTPException):
            self.close()
            return Answer(request, started, time.monotonic(), 0, "no_answer")
        parsed = None
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = None
        code = parsed.get("error", {}).get("code") if isinstance(parsed, dict) and "error" in parsed else None
        return Answer(request, started, time.monotonic(), status, code, parsed)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
        self.connection = None


def run_for(port: int, seconds: float, threads: int, next_request: Callable[[int], Request],
            during: Callable[[float], None] | None = None) -> list[Answer]:
    """`threads` threads send `next_request(thread number)` back to back for `seconds`; `during(start)` runs in
    the calling thread meanwhile (the fault: kill, stop, restart)."""
    answers: list[Answer] = []
    resent = [0]
    lock = threading.Lock()
    stop = threading.Event()
    start = time.monotonic()

    def loop(number: int) -> None:
        client = Client(port)
        while not stop.is_set():
            answer = client.send(next_request(number))
            with lock:
                answers.append(answer)
        client.close()
        with lock:
            resent[0] += client.resent

    with ThreadPoolExecutor(threads) as pool:
        futures = [pool.submit(loop, n) for n in range(threads)]
        try:
            if during is not None:
                during(start)
            remaining = start + seconds - time.monotonic()
            if remaining > 0:
                time.sleep(remaining)
        finally:
            stop.set()
        for future in futures:
            future.result()
    RESENT[0] = resent[0]
    return answers


RESENT = [0]  # GETs the last run_for sent again on a new connection


def send_all(port: int, requests: list[Request], threads: int) -> list[Answer]:
    """Each request once, `threads` at a time."""
    local = threading.local()

    def one(request: Request) -> Answer:
        if not hasattr(local, "client"):
            local.client = Client(port)
        return local.client.send(request)

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(one, requests))


def statuses(answers: list[Answer]) -> Counter:
    return Counter(answer.status for answer in answers)


def new_key() -> str:
    return uuid.uuid4().hex[:16]
