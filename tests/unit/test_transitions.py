"""One way to change state (issue 15, point 5): every model with a lifecycle declares its moves, and transition()
is the only code that sets a status: it refuses an illegal move with the model's own error, and writes the audit
row and the event of a legal one."""
from __future__ import annotations

import ast
import importlib
import itertools
import re
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.orm import make_transient_to_detached

from backend.audit.trail import Actor
from backend.audit.transitions import Stateful, check_move, transition
from backend.core import clock, events
from backend.core.database.base import Base
from backend.core.database.extensions import db
from backend.core.errors import DomainError
from backend.core.events import EventName
from backend.indicators.models import LicenceTally
from backend.public_account.models import ConversationMessage

ROOT = Path(__file__).resolve().parents[2]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# Models with a `status` that is not a lifecycle, and why.
NOT_AUDITED = {ConversationMessage: "a staff reply's delivery state (sending, sent, failed), like a notice's",
               LicenceTally: "a count of licences per status (the dashboard's summary), not a record that moves"}

for declared in sorted((ROOT / "backend").glob("*/events.py")):  # every feature's declared events
    importlib.import_module(f"backend.{declared.parent.name}.events")


def stateful_models() -> list[type]:
    return sorted((mapper.class_ for mapper in Base.registry.mappers if issubclass(mapper.class_, Stateful)),
                  key=lambda cls: cls.__name__)


@pytest.fixture
def app():
    """Enough of an app for the audit trail: a session (nothing is flushed) and the event bus."""
    application = Flask(__name__)
    application.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    db.init_app(application)
    events.init_app(application)
    with application.app_context():
        yield application
        db.session.rollback()


@pytest.fixture
def published(app) -> list[events.DomainEvent]:
    seen: list[events.DomainEvent] = []
    events.bus().subscribe_all(seen.append)
    return seen


def a_record(model: type, status: str):
    facts = {"user_id": "01TESTUSER0000000000000000", "from_user_id": "01TESTOWNER000000000000000",
             "checked_in_at": clock.now()}
    return model(id=f"01TEST{model.__name__.upper()[:20]:0<20}", status=status,
                 **{name: value for name, value in facts.items() if hasattr(model, name)})


def an_event_of(model: type) -> EventName:
    return next(name for name in EventName.declared.values() if name.entity == model.AUDIT_ENTITY)


def test_every_model_with_a_status_moves_through_transition():
    with_status = {mapper.class_ for mapper in Base.registry.mappers if "status" in mapper.columns}
    assert with_status - set(NOT_AUDITED) == set(stateful_models())
    assert len(stateful_models()) >= 13


@pytest.mark.parametrize("model", stateful_models(), ids=lambda model: model.__name__)
def test_each_table_is_closed_and_each_entity_has_events(model):
    table = model.TRANSITIONS
    assert table and all(targets <= set(table) for targets in table.values())
    assert all(source not in targets for source, targets in table.items())  # a move changes the status
    assert any(targets for targets in table.values())
    assert an_event_of(model).entity == model.AUDIT_ENTITY


@pytest.mark.parametrize("model", stateful_models(), ids=lambda model: model.__name__)
def test_transition_walks_the_models_table(app, published, model):
    event, actor = an_event_of(model), Actor.staff("01TESTSTAFF000000000000000")
    for source, target in itertools.product(model.statuses(), repeat=2):
        record = a_record(model, source)
        published.clear()
        added = len(db.session.new)
        if target in model.TRANSITIONS[source]:
            change = transition(record, target, actor, "为什么", event=event, fact=1)
            assert record.status == target
            assert (change.entity_type, change.entity_id, change.action) == (model.AUDIT_ENTITY, record.id,
                                                                            event.action)
            assert (change.from_status, change.to_status, change.reason) == (source, target, "为什么")
            assert (change.actor_type, change.actor_id, change.data) == ("staff", actor.id, {"fact": 1})
            recipient = getattr(record, model.AUDIT_RECIPIENT) if model.AUDIT_RECIPIENT else None
            assert change.user_id == recipient
            assert change in db.session.new and len(db.session.new) == added + 1
            [sent] = published
            assert (sent.name, sent.entity_type, sent.entity_id, sent.user_id) == (event, model.AUDIT_ENTITY,
                                                                                   record.id, recipient)
            assert sent.data == {"from": source, "to": target, "reason": "为什么", "fact": 1}
        else:
            with pytest.raises(DomainError) as refused:
                transition(record, target, actor, "为什么", event=event)
            assert refused.value.status == 409 and refused.value.code != "conflict", (source, target)
            assert CHINESE.search(refused.value.message), refused.value.message
            assert record.status == source and published == [] and len(db.session.new) == added
            with pytest.raises(DomainError):
                check_move(record, target)


def test_the_refusals_are_what_the_endpoints_answered(app):
    from backend.licensing.models.applications import LicenceApplication
    from backend.shelter.models.adoption import VisitBooking
    from backend.shelter.models.shelter import ShelterDog

    def refused(record, target) -> dict:
        with pytest.raises(DomainError) as caught:
            check_move(record, target)
        return caught.value.to_dict()

    assert refused(a_record(LicenceApplication, "issued"), "withdrawn") == {
        "code": "application_not_withdrawable", "message": "当前状态的申请不能撤回", "details": {"status": "issued"}}
    assert refused(a_record(LicenceApplication, "pending_review"), "pending_review")["code"] == \
        "application_not_rejected"
    assert refused(a_record(ShelterDog, "adopted"), "available") == {
        "code": "dog_status_conflict", "message": "犬只当前状态为已领养，不能改为待领养",
        "details": {"from": "adopted", "to": "available"}}
    assert refused(a_record(VisitBooking, "checked_in"), "checked_in")["code"] == "already_checked_in"
    assert refused(a_record(VisitBooking, "no_show"), "checked_in")["code"] == "booking_not_active"


def test_an_event_of_another_entity_is_refused(app):
    from backend.licensing.events import LICENCE_CANCELLED
    from backend.licensing.models.applications import LicenceApplication

    record = a_record(LicenceApplication, "pending_review")
    with pytest.raises(ValueError, match="not an event of application"):
        transition(record, "withdrawn", Actor.system(), event=LICENCE_CANCELLED)
    assert record.status == "pending_review"


def test_a_stored_rows_status_cannot_be_set_by_hand(app):
    from backend.payments.events import ORDER_EXPIRED
    from backend.payments.models import PaymentOrder

    order = a_record(PaymentOrder, "pending")  # new: its constructor sets the first status
    order.status = "expired"
    order.status = "pending"
    make_transient_to_detached(order)  # as if loaded from the database
    with pytest.raises(RuntimeError, match=r"only by backend\.audit\.transitions\.transition"):
        order.status = "paid"
    assert order.status == "pending"
    transition(order, "expired", Actor.system(), event=ORDER_EXPIRED)
    assert order.status == "expired"


# --- no code but transition() assigns a status ---------------------------------------------------------------------

SOURCES = ["backend", "miniprogram_api", "notifications", "handlers", "wechat", "console_web", "wsgi.py"]
HELPER = "backend/audit/transitions.py"
# (file, assignment target) of the models in NOT_AUDITED.
ALLOWED = {("backend/public_account/inbox.py", "message.status")}


def status_assignments(source: str, path: str) -> list[tuple[str, str, int]]:
    """Every place that sets an attribute `status`: assignments (plain, tuple, augmented, annotated), setattr with
    "status", and bulk UPDATEs with `.values(status=...)`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AugAssign | ast.AnnAssign) else []
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, ast.Attribute) and part.attr == "status" and isinstance(part.ctx, ast.Store):
                    found.append((path, ast.unparse(part), node.lineno))
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            # (setattr with a computed name is the runtime guard's: see test_a_stored_rows_status_cannot_be_set...)
            if name == "setattr" and len(node.args) > 1 and isinstance(node.args[1], ast.Constant) \
                    and node.args[1].value == "status":
                found.append((path, ast.unparse(node), node.lineno))
            if name == "values" and any(keyword.arg == "status" for keyword in node.keywords) \
                    and "update" in _calls_in_chain(node.func):  # an INSERT's status is the row's first
                found.append((path, ast.unparse(node), node.lineno))
    return sorted(found, key=lambda site: site[2])


def _calls_in_chain(node: ast.AST) -> set[str]:
    """The names called along `a.b(...).c(...).values`: `{"b", "c"}`."""
    names = set()
    while isinstance(node, ast.Attribute | ast.Call):
        if isinstance(node, ast.Call):
            names.add(node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", ""))
            node = node.func
        else:
            node = node.value
    return names


def code_files():
    for name in SOURCES:
        root = ROOT / name
        yield from [root] if root.is_file() else sorted(root.rglob("*.py"))


def test_no_code_but_transition_sets_a_status():
    sites = [site for path in code_files()
             for site in status_assignments(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    stray = [site for site in sites if site[0] != HELPER and site[:2] not in ALLOWED]
    assert stray == [], "set a status with backend.audit.transitions.transition(), not by hand"
    assert {site[:2] for site in sites if site[0] != HELPER} == ALLOWED  # the list holds no stale entries
    assert any(site[0] == HELPER for site in sites)


def test_the_check_sees_every_way_of_setting_a_status():
    source = """
order.status = "paid"
previous, report.status = report.status, status
application.status, application.decided_at = "approved", now
setattr(dog, "status", "died")
session.execute(db.update(PaymentOrder).where(PaymentOrder.id == order_id).values(status="expired"))
order.status += ""
session.execute(db.insert(PaymentOrder).values(status="pending"))
booking.live = None
setattr(dog, name, value)
"""
    assert [line for _, _, line in status_assignments(source, "x.py")] == [2, 3, 4, 5, 6, 7]
