"""Migration a169cc04758a closes the threads that the hole left open before it (a dog transferred or its licence
cancelled while a finder's thread stayed with the former holder), on SQLite and MariaDB."""
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from backend.audit.models import StatusChange
from backend.core.database.extensions import db
from backend.reports.models.relay import RelayMessage, RelayThread
from tests.support import databases, factories

BEFORE = "fff1621cc048"


def migrate(url: str, direction: str, revision: str) -> None:
    from backend import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "DOGPASS_ENV": "development"})
    config = Config(str(databases.MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(databases.MIGRATIONS))
    with app.app_context():
        getattr(command, direction)(config, revision)
        db.engine.dispose()


def test_threads_left_open_by_earlier_transfers_and_cancellations_are_closed(app, database, resident, licensed):
    people = {name: resident(name) for name in ("alice", "bob", "carol", "dave", "finder")}
    finder = people["finder"]
    threads = {}
    for n, name in enumerate(("alice", "carol", "dave")):
        household = {"number": factories.id_number(seq=f"{300 + n}"), "address": f"赛罕区大学东路{n}号",
                     "zone_code": "saihan-general"}
        licence = licensed(people[name], owner_fields=household)
        token = licence["tag_url"].rsplit("/", 1)[1]
        threads[name] = (licence["id"], finder.post(f"/t/{token}/found", json={"message": "在我这里"}).get_json()["id"])
        people[name].post(f"/api/v1/relay-threads/{threads[name][1]}/share-phone")
    reply = people["dave"].post(f"/api/v1/relay-threads/{threads['dave'][1]}/messages", json={"text": "谢谢"})
    assert reply.status_code == 201
    with app.app_context():
        # What the old code left behind: Alice's dog went to Bob, Carol's licence was cancelled, threads untouched.
        db.session.execute(sa.text("UPDATE licences SET user_id = :bob WHERE id = :id"),
                           {"bob": people["bob"].user_id, "id": threads["alice"][0]})
        db.session.execute(sa.text("UPDATE licences SET status = 'cancelled' WHERE id = :id"),
                           {"id": threads["carol"][0]})
        db.session.commit()
        db.session.remove()
        db.engine.dispose()

    migrate(database, "downgrade", BEFORE)
    migrate(database, "upgrade", "head")

    with app.app_context():
        by_id = {t.id: t for t in db.session.scalars(db.select(RelayThread))}
        alices, carols, daves = (by_id[threads[name][1]] for name in ("alice", "carol", "dave"))
        assert (alices.live, alices.closed_reason, alices.owner_shared_phone) == (None, "transferred", None)
        assert (carols.live, carols.closed_reason, carols.owner_shared_phone) == (None, "licence_cancelled", None)
        assert daves.live is True and daves.owner_shared_phone is not None
        audit = {c.entity_id: c for c in db.session.scalars(db.select(StatusChange).where(
            StatusChange.entity_type == "relay_thread", StatusChange.action == "closed"))}
        assert set(audit) == {alices.id, carols.id}
        assert audit[alices.id].actor_type == "system" and audit[alices.id].user_id == finder.user_id
        assert audit[alices.id].data["shared_phone_withdrawn"] is True
        # Finder messages written before count against the tags' quotas; the owner's reply does not.
        senders = {(m.sender, m.via_tag) for m in db.session.scalars(db.select(RelayMessage))}
        assert senders == {("finder", True), ("owner", False)}
    assert people["alice"].get(f"/api/v1/relay-threads/{alices.id}").status_code == 404
    assert people["carol"].post(f"/api/v1/relay-threads/{carols.id}/share-phone").status_code == 409
