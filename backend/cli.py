"""Command line: `flask --app wsgi <group> <command>`."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from backend.accounts.models.people import STAFF_ROLES
from backend.core.errors import DomainError

staff_cli = AppGroup("staff", help="Staff accounts.")
reference_cli = AppGroup("reference", help="Zones, breeds and rejection reasons.")
licences_cli = AppGroup("licences", help="Licence jobs.")
adoption_cli = AppGroup("adoption", help="Open-day booking jobs.")
demo_cli = AppGroup("demo", help="Demo data for make run (development only).")
uploads_cli = AppGroup("uploads", help="Upload store upkeep.")


def _fail(error: DomainError) -> None:
    raise click.ClickException(f"{error.message} ({error.code}) {error.details or ''}".strip())


@staff_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(STAFF_ROLES))
@click.option("--password", required=True, help="At least 8 characters.")
@click.option("--name", "display_name", default="", help="Name shown to colleagues.")
def create_staff_command(username: str, role: str, password: str, display_name: str) -> None:
    from backend.accounts.staff_accounts import create_staff

    try:
        staff = create_staff(username, role, password, display_name, reason="服务器命令行创建")
    except DomainError as error:
        _fail(error)
    click.echo(f"created staff {staff.username} ({staff.role})")


@staff_cli.command("set-password")
@click.argument("username")
@click.option("--password", required=True)
def set_password_command(username: str, password: str) -> None:
    from backend.accounts.staff_accounts import set_password

    try:
        set_password(username, password)
    except DomainError as error:
        _fail(error)
    click.echo(f"password changed for {username}; their sessions are signed out and login locks lifted")


@reference_cli.command("load")
def load_reference_command() -> None:
    from backend.reference.catalogue import load_reference_data

    counts = load_reference_data()
    click.echo("loaded " + ", ".join(f"{n} {what}" for what, n in counts.items()))


@licences_cli.command("remind")
def remind_command() -> None:
    """Write today's renewal reminders (also run daily by Celery beat)."""
    from backend.licensing.lifecycle.reminders import send_renewal_reminders

    click.echo(f"wrote {send_renewal_reminders()} reminder(s)")


@licences_cli.command("expire")
def expire_command() -> None:
    """Mark licences past expiry plus grace as expired (also run daily by Celery beat)."""
    from backend.licensing.lifecycle.expiry import expire_lapsed_licences

    click.echo(f"expired {expire_lapsed_licences()} licence(s)")


@adoption_cli.command("no-shows")
def no_shows_command() -> None:
    """Mark bookings whose slot ended without a check-in as no-shows (also run daily by Celery beat)."""
    from backend.shelter.bookings import mark_no_shows

    click.echo(f"marked {mark_no_shows()} no-show(s)")


@adoption_cli.command("remind")
def visit_remind_command() -> None:
    """Remind everyone booked for tomorrow (also run daily by Celery beat)."""
    from backend.shelter.bookings import send_reminders

    click.echo(f"wrote {send_reminders()} reminder(s)")


@uploads_cli.command("clean-orphans")
def clean_orphans_command() -> None:
    """Delete uploads nothing was attached to within UPLOAD_ORPHAN_HOURS (also run hourly by Celery beat)."""
    from backend.media.cleanup import delete_orphans

    click.echo(f"deleted {delete_orphans()} orphan upload(s)")


@uploads_cli.command("reencode")
@click.option("--limit", type=int, default=None, help="Stop after this many (default: all).")
def reencode_command(limit: int | None) -> None:
    """Re-encode images stored before uploads were re-encoded: their EXIF, GPS and other metadata go."""
    from backend.media.cleanup import reencode_stored

    result = reencode_stored(limit)
    click.echo(f"re-encoded {result.reencoded} upload(s); {result.missing} file(s) missing, "
               f"{result.failed} not decodable (left as they were)")


@demo_cli.command("seed")
@click.option("--quiet", is_flag=True, help="Do not print the walk.")
def demo_seed_command(quiet: bool) -> None:
    """Zones, rules, breeds, reasons, and one staff account per role (existing accounts are kept)."""
    from backend import demo

    try:
        accounts = demo.seed()
    except demo.DemoRefused as refused:
        raise click.ClickException(str(refused)) from refused
    click.echo("Demo staff accounts (username / password):")
    for username, password, created in accounts:
        click.echo(f"  {username:<11} {password:<16} {'created' if created else 'already there'}")
    if not quiet:
        click.echo("\nA walk through the licence lifecycle (README.md has it, and a public-account walk):\n")
        click.echo(demo.walk_text())


def init_app(app) -> None:
    for group in (staff_cli, reference_cli, licences_cli, adoption_cli, demo_cli, uploads_cli):
        app.cli.add_command(group)
