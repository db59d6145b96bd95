"""Typed seams, events (issue 15, point 6): every event name is a constant declared once, in the events.py of the
feature that publishes it, and publishers and subscribers both use the constant; the bus refuses anything else."""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from flask import Flask

from backend.audit import trail
from backend.audit.trail import Actor
from backend.core import events
from backend.core.events import DomainEvent, EventName
from backend.licensing.events import APPLICATION_REJECTED
from notifications.licensing import NOTICES

ROOT = Path(__file__).resolve().parents[2]
for declared in sorted((ROOT / "backend").glob("*/events.py")):
    importlib.import_module(f"backend.{declared.parent.name}.events")
SOURCES = ["backend", "miniprogram_api", "notifications", "handlers", "console_web", "wsgi.py"]


def code_files():
    for name in SOURCES:
        root = ROOT / name
        yield from [root] if root.is_file() else sorted(root.rglob("*.py"))


def test_event_names_are_declared_only_as_constants_in_a_features_events_module():
    declarations, elsewhere = [], []
    for path in code_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = {id(node.value) for node in tree.body if isinstance(node, ast.Assign)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "EventName":
                where = str(path.relative_to(ROOT))
                literal = len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
                if path.name == "events.py" and path.parent.parent.name == "backend" and literal \
                        and id(node) in top_level:
                    declarations.append(node.args[0].value)
                else:
                    elsewhere.append((where, node.lineno))
    assert elsewhere == []
    assert len(declarations) == len(set(declarations)) > 80
    for name in declarations:  # a declaration is what grepping the name on the wire finds
        assert name in EventName.declared


def test_every_notice_is_keyed_by_a_declared_event():
    assert NOTICES and all(isinstance(name, EventName) and EventName.declared[name] is name for name in NOTICES)
    assert APPLICATION_REJECTED in NOTICES and NOTICES["application.rejected"] is NOTICES[APPLICATION_REJECTED]


def test_an_event_name_is_the_text_on_the_wire():
    assert APPLICATION_REJECTED == "application.rejected" and isinstance(APPLICATION_REJECTED, str)
    assert (APPLICATION_REJECTED.entity, APPLICATION_REJECTED.action) == ("application", "rejected")
    with pytest.raises(ValueError, match="declared twice"):
        EventName("application.rejected")
    with pytest.raises(ValueError, match=r"<entity>\.<action>"):
        EventName("rejected")


def test_the_bus_and_the_trail_refuse_names_put_together_at_run_time():
    app = Flask(__name__)
    events.init_app(app)
    with app.app_context():
        heard = []
        events.bus().subscribe(APPLICATION_REJECTED, heard.append)
        with pytest.raises(TypeError, match="not a declared EventName"):
            events.bus().subscribe("application.rejected", heard.append)
        with pytest.raises(TypeError, match="not a declared EventName"):
            events.publish(DomainEvent(name=f"{'application'}.rejected", entity_type="application", entity_id="1",
                                       user_id=None))
        with pytest.raises(TypeError, match="not a declared EventName"):
            trail.record("application.rejected", "1", actor=Actor.system(), user_id=None)
        events.publish(DomainEvent(name=APPLICATION_REJECTED, entity_type="application", entity_id="1", user_id=None))
        assert [event.entity_id for event in heard] == ["1"]
