"""Alembic migrations are the only way the schema is made: upgrading from empty must give exactly the models."""
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from backend.schema import Base
from tests.support import databases


def diff(url: str) -> list:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        changes = compare_metadata(context, Base.metadata)
    engine.dispose()
    return changes


def test_models_and_migrations_agree_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    databases.alembic_upgrade(url)
    assert diff(url) == []


@pytest.mark.services
def test_models_and_migrations_agree_on_mariadb(mariadb_url):
    # mariadb_url was built by `alembic upgrade head` from an empty database.
    assert diff(mariadb_url) == []


@pytest.mark.services
def test_instants_keep_microseconds_on_mariadb(mariadb_url):
    """Rows written in one transaction must keep their order: DATETIME(6), not whole seconds."""
    engine = sa.create_engine(mariadb_url)
    with engine.connect() as conn:
        precisions = set(conn.execute(sa.text(
            "SELECT datetime_precision FROM information_schema.columns "
            "WHERE table_schema = DATABASE() AND data_type = 'datetime'")).scalars())
    engine.dispose()
    assert precisions == {6}


def test_uploads_in_use_before_the_attachment_table_are_attached_by_the_migration(tmp_path):
    """Uploads stored before attachments were recorded: those a record shows get their attachment (so the orphan
    clean-up keeps them), the rest stay unattached, and all are marked as not yet re-encoded."""
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    databases.alembic_upgrade(url, "aca0fdcfd5db")
    engine = sa.create_engine(url)
    now = "2026-11-30 08:00:00.000000"
    with engine.begin() as conn:
        for upload_id in ("01UPLOADINUSE0000000000000", "01UPLOADORPHAN000000000000"):
            conn.execute(sa.text(
                "INSERT INTO uploads (id, content_type, size_bytes, width, height, sha256, storage_key, created_at, "
                "updated_at) VALUES (:id, 'image/png', 1, 1, 1, 'x', :key, :now, :now)"),
                {"id": upload_id, "key": f"x/{upload_id}.png", "now": now})
        conn.execute(sa.text(
            "INSERT INTO dogs (id, name, breed, breed_canonical, sex, colour, birth_date, neutered, "
            "photo_upload_ids, created_at, updated_at) VALUES ('01DOG000000000000000000000', '旺财', '柯基', '柯基', "
            "'male', '黄', '2022-05-01', 1, :photos, :now, :now)"),
            {"photos": '["01UPLOADINUSE0000000000000", "01NEVERUPLOADED00000000000"]', "now": now})
    engine.dispose()

    databases.alembic_upgrade(url)

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        attachments = conn.execute(sa.text("SELECT upload_id, kind, record_id FROM upload_attachments")).all()
        uploads = dict(conn.execute(sa.text("SELECT id, attached_at IS NOT NULL FROM uploads")).all())
        reencoded = set(conn.execute(sa.text("SELECT reencoded FROM uploads")).scalars())
    engine.dispose()
    assert attachments == [("01UPLOADINUSE0000000000000", "dog", "01DOG000000000000000000000")]
    assert uploads == {"01UPLOADINUSE0000000000000": 1, "01UPLOADORPHAN000000000000": 0}
    assert reencoded == {0}
