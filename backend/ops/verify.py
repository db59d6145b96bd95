"""`flask --app wsgi ops verify`: after a restore (deploy/restore.sh runs it), proves the app runs on the database and
every record is intact, or lists what is not:

- the schema is at the migrations' head (the app's code and the restored data agree);
- every table of the models is read to the end, row by row (counted per table);
- every encrypted ID number decrypts with this configuration's ID_ENCRYPTION_KEY and matches its look-up hash
  (a backup restored under other keys is data nobody can read);
- every upload's file is in UPLOAD_DIR with the size and sha256 its row records;
- every licence application has its rounds and its submission in the audit trail.
"""
from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

ops_cli = AppGroup("ops", help="Operations: checking a restored backup.")
CHUNK = 1000


@dataclass
class Verification:
    revision: str | None = None
    head: str | None = None
    rows: dict[str, int] = field(default_factory=dict)
    id_numbers: int = 0
    upload_files: int = 0
    applications: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(check_files: bool = True) -> Verification:
    from backend.core.database.extensions import db

    result = Verification()
    _schema(result)
    for table in db.metadata.sorted_tables:
        result.rows[table.name] = sum(len(chunk) for chunk in _chunks(table))
    _id_numbers(result)
    if check_files:
        _upload_files(result)
    _applications(result)
    db.session.rollback()
    return result


def _chunks(table):
    """Every row of a table, in primary-key order, a chunk at a time (keyset pagination, no OFFSET)."""
    from backend.core.database.extensions import db

    key = list(table.primary_key.columns)
    last = None
    while True:
        query = db.select(table).order_by(*key).limit(CHUNK)
        if last is not None:
            query = query.where(db.tuple_(*key) > db.tuple_(*last)) if len(key) > 1 else query.where(key[0] > last[0])
        rows = db.session.execute(query).all()
        if not rows:
            return
        yield rows
        last = tuple(getattr(rows[-1], column.name) for column in key)


def _schema(result: Verification) -> None:
    from alembic.script import ScriptDirectory
    from flask_migrate import Migrate

    from backend.core.database.extensions import db

    migrate: Migrate = current_app.extensions["migrate"]
    script = ScriptDirectory.from_config(migrate.migrate.get_config(migrate.directory))
    result.head = script.get_current_head()
    result.revision = db.session.execute(db.text("SELECT version_num FROM alembic_version")).scalar()
    if result.revision != result.head:
        result.problems.append(f"schema at {result.revision}, the code's migrations end at {result.head}: "
                               "run `flask --app wsgi db upgrade`")


def _id_numbers(result: Verification) -> None:
    from backend.core.database.extensions import db
    from backend.core.security import idnumber
    from backend.licensing.models.applications import LicenceApplication
    from backend.licensing.models.licences import Licence
    from backend.shelter.models.adoption import AdoptionApplication

    for model in (LicenceApplication, Licence, AdoptionApplication):
        for row in db.session.execute(db.select(model.id, model.owner_id_encrypted, model.owner_id_hash)):
            try:
                number = idnumber.decrypt(row.owner_id_encrypted)
            except Exception:
                result.problems.append(f"{model.__tablename__} {row.id}: the ID number does not decrypt with "
                                       "this ID_ENCRYPTION_KEY")
                continue
            if idnumber.lookup_hash(number) != row.owner_id_hash:
                result.problems.append(f"{model.__tablename__} {row.id}: ID hash differs (another ID_HASH_KEY?)")
                continue
            result.id_numbers += 1


def _upload_files(result: Verification) -> None:
    from backend.core.database.extensions import db
    from backend.media.models import Upload

    root = Path(current_app.config["UPLOAD_DIR"])
    for row in db.session.execute(db.select(Upload.id, Upload.storage_key, Upload.size_bytes, Upload.sha256)):
        path = root / row.storage_key
        try:
            data = path.read_bytes()
        except OSError:
            result.problems.append(f"upload {row.id}: file {path} missing")
            continue
        if len(data) != row.size_bytes or hashlib.sha256(data).hexdigest() != row.sha256:
            result.problems.append(f"upload {row.id}: file {path} differs from its record (size or sha256)")
            continue
        result.upload_files += 1


def _applications(result: Verification) -> None:
    from backend.audit.models import StatusChange
    from backend.core.database.extensions import db
    from backend.licensing.models.applications import ApplicationRound, LicenceApplication

    rounds = dict(db.session.execute(db.select(ApplicationRound.application_id, db.func.count())
                                     .group_by(ApplicationRound.application_id)).all())
    submitted = set(db.session.scalars(db.select(StatusChange.entity_id).where(
        StatusChange.entity_type == "application", StatusChange.action == "submitted")))
    for app_id, round_no in db.session.execute(db.select(LicenceApplication.id, LicenceApplication.round_no)):
        if rounds.get(app_id, 0) != round_no:
            result.problems.append(f"application {app_id}: {rounds.get(app_id, 0)} round(s) stored, {round_no} "
                                   "expected")
        elif app_id not in submitted:
            result.problems.append(f"application {app_id}: no submission in the audit trail")
        else:
            result.applications += 1


@ops_cli.command("verify")
@click.option("--skip-files", is_flag=True, help="Do not read the upload files (the database alone).")
def verify_command(skip_files: bool) -> None:
    """Check that this database (and UPLOAD_DIR) is whole: schema, every row, ID numbers, upload files."""
    result = verify(check_files=not skip_files)
    click.echo(f"schema: {result.revision} (head {result.head})")
    click.echo(f"rows read: {sum(result.rows.values()):,} in {len(result.rows)} tables")
    for name, count in result.rows.items():
        if count:
            click.echo(f"  {name}: {count:,}")
    click.echo(f"ID numbers decrypted and matching their hash: {result.id_numbers:,}")
    if not skip_files:
        click.echo(f"upload files present with their recorded sha256: {result.upload_files:,}")
    click.echo(f"licence applications with every round and their submission audited: {result.applications:,}")
    if result.ok:
        click.echo("verified: nothing missing")
        return
    click.echo(f"PROBLEMS ({len(result.problems)}):", err=True)
    for problem in result.problems[:200]:
        click.echo(f"  {problem}", err=True)
    sys.exit(1)
