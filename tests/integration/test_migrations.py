"""Alembic migrations are the only way the schema is made: upgrading from empty must give exactly the models."""
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from backend.models import Base
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
