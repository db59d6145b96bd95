"""On MariaDB the 工作台's counts read an index and nothing else of the table's history: every card's statement
finds its rows through an index led by the card's condition, so the count costs the waiting rows, not the years of
decided ones. Likewise a licence's trail is ranges of the audit index, and the search's exact keys are index look-ups.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from backend.core import clock
from backend.core.database.base import UTCDateTime
from backend.core.database.extensions import db
from backend.core.ids import new_id
from backend.workbench import CARDS
from backend.workbench import licences as licence_search
from tests.integration.test_notice_claim_plan import explain

pytestmark = pytest.mark.services

# The index each card is meant to use (a better one the optimiser finds is fine, a full scan is not).
CARD_TABLES = {
    "applications_pending": "licence_applications", "inspections_pending": "inspections",
    "conversations_unanswered": "conversations", "conversations_closing": "conversations",
    "adoptions_pending": "adoption_applications", "strays_received": "stray_reports",
    "refunds_stuck": "payment_refunds", "orders_unpaid": "payment_orders",
}


@pytest.fixture
def database(mariadb_database):
    return mariadb_database


# Per table: the column the card reads, the waiting value and the decided one most rows have.
WAITING = {
    "licence_applications": ("status", "pending_review", "issued"),
    "inspections": ("status", "pending_review", "issued"),
    "conversations": ("unanswered", True, False), "adoption_applications": ("status", "submitted", "completed"),
    "stray_reports": ("status", "received", "captured"), "payment_refunds": ("status", "processing", "success"),
    "payment_orders": ("status", "pending", "paid"),
}


def _filler(column: sa.Column, n: int, now):
    """A value of the column's type: the plan depends on the indexed columns, which the caller sets."""
    if isinstance(column.type, UTCDateTime):
        return now
    kind = column.type.python_type if not isinstance(column.type, sa.JSON) else dict
    if kind is str:
        return f"x{n}"[: getattr(column.type, "length", None) or 32]
    if kind is bool:
        return False
    if kind is int:
        return n
    if kind is dict:
        return {}
    if kind is list:
        return []
    return now.date()


def _fill(table_name: str, spec: tuple | None = None, rows: int = 400) -> None:
    """Mostly decided rows with a few waiting ones, as a city's tables are after a year (foreign keys off: the
    plan does not depend on them)."""
    table = db.metadata.tables[table_name]
    column, waiting, decided = spec or WAITING[table_name]
    now = clock.now()
    values = []
    for n in range(rows):
        row = {c.name: _filler(c, n, now - timedelta(hours=n)) for c in table.columns
               if not c.nullable or c.primary_key or c.name in ("last_inbound_at", "waiting_since")}
        row["id"] = new_id()
        row[column] = waiting if n % 20 == 0 else decided
        values.append(row)
    db.session.execute(sa.text("SET FOREIGN_KEY_CHECKS = 0"))
    db.session.execute(table.insert(), values)
    db.session.commit()


def _analyse(tables) -> None:
    for table in tables:
        db.session.execute(sa.text(f"ANALYZE TABLE {table}"))


def test_every_card_counts_from_an_index(app):
    now = clock.now()
    with app.app_context():
        for table in WAITING:
            _fill(table)
        _analyse(set(CARD_TABLES.values()))
        plans = {card.key: explain(card.statement(now), {}) for card in CARDS}
    assert set(plans) == set(CARD_TABLES)
    for key, plan in plans.items():
        [row] = [r for r in plan if r["table"] == CARD_TABLES[key]]
        assert row["key"] and row["type"] in ("ref", "range", "index_merge"), (key, row)
        assert "Using index" in (row["Extra"] or "").split("; "), (key, row)  # covering: no table rows read


def test_a_licences_trail_and_its_exact_keys_are_index_look_ups(app):
    with app.app_context():
        _fill("licences", ("status", "active", "cancelled"))
        _analyse(("status_changes", "licences", "dogs", "personal_data_access"))
        related = {"application": ["01JAPPLICATION0000000000000"], "inspection": ["01JINSPECTION00000000000000"],
                   "transfer": [], "order": ["01JORDER0000000000000000000"], "lost_report": []}
        trail = licence_search._audit_entries_statement("01JLICENCE000000000000000000", related)
        plan = explain(trail, {})
        [audit] = [r for r in plan if r["table"] == "status_changes"]
        assert audit["key"] == "ix_status_changes_entity" and audit["type"] == "range", plan

        hits = explain(licence_search._matching_ids("DP-2026-000001"), {})
        for row in hits:
            if row["table"] in ("licences", "dogs"):
                assert row["key"] and row["type"] in ("const", "ref", "eq_ref"), hits

        # The ID number's tail: a scan of the narrow masked-ID index, never of the licence rows
        tail = explain(licence_search._matching_ids("1237"), {})
        [scan] = [r for r in tail if r["table"] == "licences" and r["type"] == "index"]
        assert scan["key"] == "ix_licences_owner_id_masked" and "Using index" in scan["Extra"].split("; "), tail
        assert not [r for r in tail if r["table"] == "licences" and r["type"] == "ALL"], tail
