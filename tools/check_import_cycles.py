"""Fails when modules of ours import each other in a circle, counting imports inside functions.

import-linter's contracts say which package may import which; they do not see a cycle between two modules of one
package, nor one hidden in a function body (`def f(): from backend.jobs import x`), which Python allows and which
still ties the two modules together. grimp (import-linter's graph) records every import statement wherever it
stands, so this builds that graph and prints each strongly connected component of more than one module (Tarjan).
`make lint` runs it; exit status 1 when any cycle is found.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp

PACKAGES = ("backend", "wechat", "handlers", "miniprogram_api", "notifications", "console_web")


def import_graph(packages=PACKAGES) -> dict[str, set[str]]:
    root = str(Path(__file__).resolve().parents[1])  # run as a script, sys.path[0] is tools/
    if root not in sys.path:
        sys.path.insert(0, root)
    graph = grimp.build_graph(*packages, cache_dir=None)
    return {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (or a module importing itself), iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges.get(node, ()):
                    found.append(sorted(component))
    return sorted(found)


def main() -> int:
    edges = import_graph()
    found = cycles(edges)
    for component in found:
        members = set(component)
        print(f"Import cycle between {len(component)} modules:")
        for module in component:
            inside = sorted(edges[module] & members)
            print(f"  {module} -> {', '.join(inside)}")
    if found:
        print(f"{len(found)} import cycle(s); imports inside functions count too.")
        return 1
    print(f"No import cycles among {len(edges)} modules.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
