"""The import-cycle check of `make lint` (tools/check_import_cycles.py): it must find a cycle between any two
modules, including one hidden in a function body, and our own modules must have none."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _checker():
    spec = importlib.util.spec_from_file_location("check_import_cycles", ROOT / "tools" / "check_import_cycles.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_strongly_connected_component_of_more_than_one_module_is_a_cycle():
    cycles = _checker().cycles
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"f"}, "f": {"e", "g"}, "g": set()}
    assert cycles(edges) == [["a", "b", "c"], ["e", "f"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    assert cycles({"self": {"self"}}) == [["self"]]


def test_an_import_inside_a_function_closes_a_cycle(tmp_path, monkeypatch):
    package = tmp_path / "cyclepkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "tasks.py").write_text("def run():\n    from cyclepkg import service\n\n    return service.work()\n")
    (package / "service.py").write_text("from cyclepkg import tasks\n\n\ndef work():\n    return tasks\n")
    (package / "other.py").write_text("from cyclepkg import service\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    checker = _checker()
    assert checker.cycles(checker.import_graph(("cyclepkg",))) == [["cyclepkg.service", "cyclepkg.tasks"]]


def test_our_modules_import_each_other_in_no_cycle():
    checker = _checker()
    edges = checker.import_graph()
    assert "backend.payments.trades" in edges and "wechat.pay.wechatpay" in edges  # the graph is ours, whole
    assert checker.cycles(edges) == []
