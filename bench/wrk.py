"""Run wrk and read its numbers (requests/s, p50, p99, errors)."""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).resolve().parent / "lua"


@dataclass
class Result:
    label: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # socket errors, timeouts and non-2xx/3xx answers


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    if shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, capture_output=True)
        path = shutil.which("wrk")
    if not path:
        raise SystemExit("wrk is needed for the benchmarks: apt-get install wrk (Debian/Ubuntu) or brew install wrk")
    return path


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run(label: str, url: str, *, connections: int, duration: int, threads: int = 2, headers: dict | None = None,
        script: str | None = None, script_args: list[str] | None = None) -> Result:
    command = [require_wrk(), "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--latency",
               "--timeout", "10s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(LUA / script)]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.M))
    if "99" not in latency:
        raise RuntimeError(f"wrk measured nothing for {label} ({url}):\n{output}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Result(label=label, requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
                  p50_ms=_ms(latency["50"]), p99_ms=_ms(latency["99"]),
                  requests=int(re.search(r"(\d+) requests in", output).group(1)),
                  errors=errors + (int(non_2xx.group(1)) if non_2xx else 0))


def interleaved(first: tuple[str, str, dict], second: tuple[str, str, dict], *, connections: int, duration: int,
                rounds: int) -> tuple[Result, Result]:
    """Alternate two measurements `rounds` times and keep the median round of each (by requests/s), so a slow
    spell of the machine hits both sides instead of skewing their ratio."""
    runs: tuple[list[Result], list[Result]] = ([], [])
    for number in range(rounds):
        for results, (label, url, options) in zip(runs, (first, second), strict=True):
            # "{run}" in script arguments becomes the round number (the POST script takes fresh bodies per round).
            args = [a.replace("{run}", str(number)) for a in options.get("script_args") or []]
            results.append(run(label, url, connections=connections, duration=duration,
                               **{**options, "script_args": args}))
    return tuple(_median(results) for results in runs)


def _median(results: list[Result]) -> Result:
    ordered = sorted(results, key=lambda r: r.requests_per_second)
    middle = ordered[len(ordered) // 2]
    return Result(label=middle.label, requests_per_second=middle.requests_per_second, p50_ms=middle.p50_ms,
                  p99_ms=middle.p99_ms, requests=sum(r.requests for r in results),
                  errors=sum(r.errors for r in results))
