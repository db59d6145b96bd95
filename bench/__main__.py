"""`make bench` / `python -m bench [SUITE ...] [--duration S] [--connections N] [--no-write]`."""
from __future__ import annotations

import argparse
import importlib

from bench import report

SUITES = ["licences", "public_account", "adoption", "reports", "console", "nodes", "workbench", "dashboard"]


def main() -> None:
    parser = argparse.ArgumentParser(description="DogPass benchmarks (gunicorn + MariaDB, load from wrk)")
    # No `choices` here: argparse checks a list default against them as one value and refuses a bare run.
    parser.add_argument("suites", nargs="*", metavar="SUITE", help="default: all of " + ", ".join(SUITES))
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/performance.md alone")
    args = parser.parse_args()
    unknown = set(args.suites) - set(SUITES)
    if unknown:
        parser.error(f"unknown suite(s) {sorted(unknown)}; choose from {SUITES}")
    for suite in args.suites or SUITES:
        module = importlib.import_module(f"bench.suites.{suite}")
        rows = module.run(args.connections, args.duration)
        # A suite that measures something other than wrk load brings its own table and says how it ran.
        text = getattr(module, "table", report.table)(rows)
        how = getattr(module, "RUN_NOTE", f"{args.connections} connections, {args.duration}s each")
        print(f"\n## {suite} ({how})\n\n{text}\n")
        if not args.no_write:
            report.write_section(suite, text)


if __name__ == "__main__":
    main()
