"""CPU seconds used so far by process trees (a server and its workers), read from /proc; Linux only."""
from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _processes() -> dict[int, tuple[int, str, float]]:
    """pid -> (parent pid, command name, CPU seconds of user and system time)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        found[int(entry.name)] = (int(fields[1]), name, (int(fields[11]) + int(fields[12])) / TICKS)
    return found


def snapshot(roots: dict[str, int], by_name: dict[str, str]) -> dict[str, float]:
    """CPU seconds per label: `roots` label -> pid (that process and all below it), `by_name` label -> command
    name (every process of that name, e.g. mariadbd)."""
    processes = _processes()
    totals = dict.fromkeys([*roots, *by_name], 0.0)
    for pid, (_parent, name, cpu) in processes.items():
        for label, root in roots.items():
            if _descends(pid, root, processes):
                totals[label] += cpu
        for label, wanted in by_name.items():
            if name == wanted:
                totals[label] += cpu
    return totals


def _descends(pid: int, root: int, processes: dict) -> bool:
    while pid and pid in processes:
        if pid == root:
            return True
        pid = processes[pid][0]
    return False


def available() -> bool:
    return Path("/proc/self/stat").exists()
