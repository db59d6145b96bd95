"""The notice worker's statements find their rows by primary key on MariaDB: the outbox keeps every notice ever
sent, and a claim that scanned it would slow with every notice the city sends (claim_token has no index)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from backend.accounts.models.people import User
from backend.core import clock
from backend.core.database.extensions import db
from backend.core.ids import new_id
from backend.notices import delivery as notice_delivery
from backend.notices.models import Notice

pytestmark = pytest.mark.services


@pytest.fixture
def database(mariadb_database):
    return mariadb_database


def explain(statement, params: dict) -> list[dict]:
    connection = db.session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    expanded = compiled.construct_expanded_state(params)
    rows = connection.exec_driver_sql("EXPLAIN " + expanded.statement, expanded.parameters).mappings().all()
    return [dict(row) for row in rows]


def test_claiming_reads_and_writes_notices_by_primary_key(app):
    now = clock.now()
    with app.app_context():
        users = [{"id": new_id(), "mp_openid": f"sbx-mp-plan{n}", "created_at": now, "updated_at": now}
                 for n in range(300)]
        notices = [{"id": new_id(), "user_id": user["id"], "kind": "licence_issued", "title": "t", "body": "b",
                    "fields": {}, "created_at": now, "delivery_status": "sent" if n % 3 else "pending",
                    "attempts": 0} for n, user in enumerate(users)]
        db.session.execute(sa.insert(User.__table__), users)
        db.session.execute(sa.insert(Notice.__table__), notices)
        db.session.commit()
        db.session.execute(sa.text("ANALYZE TABLE notices"))
        ids = [notice["id"] for notice in notices[:20]]

        read = explain(notice_delivery._CLAIMED, {"ids": ids, "token": new_id()})
        claim = explain(notice_delivery._CLAIM, {"ids": ids, "now": now, "token": new_id(), "lease": now})
        finish = explain(notice_delivery._finish_statement(2), {
            "ids": ids, "token": new_id(), "status": "sent", "channel": "template", "next_at": None, "error": None,
            "delivered_at": now, "notice0": ids[0], "msgid0": "1", "notice1": ids[1], "msgid1": "2"})
    for plan in (read, claim, finish):
        [on_notices] = [row for row in plan if row["table"] in ("notices", "n", "notices_1")]
        assert on_notices["key"] == "PRIMARY" and on_notices["type"] == "range", plan
