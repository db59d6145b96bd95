"""Demo data for `make run`: reference data and one staff account per role, with printed credentials.

Development only: the passwords are published (README, this file), so in production `admin/admin-demo` would be
anybody's admin account.
"""
from __future__ import annotations

from flask import current_app

from backend.accounts.models.people import STAFF_ROLES, StaffUser
from backend.accounts.staff_accounts import create_staff
from backend.core.config import PROJECT_ROOT
from backend.core.database.extensions import db
from backend.reference.catalogue import load_reference_data

DEMO_NAMES = {"admin": "系统管理员", "reviewer": "审核员", "shelter": "留检所管理员", "dispatcher": "捕捉调度员",
              "service": "客服", "leader": "市领导"}


def demo_password(role: str) -> str:
    return f"{role}-demo"


class DemoRefused(RuntimeError):
    pass


def seed() -> list[tuple[str, str, bool]]:
    """Load reference data; create missing demo staff. Returns (username, password, created) per role."""
    if current_app.config["DOGPASS_ENV"] != "development":
        raise DemoRefused(
            f"DOGPASS_ENV={current_app.config['DOGPASS_ENV']}: demo seed is refused outside development (it creates "
            "staff accounts whose passwords are published, admin/admin-demo among them). In production load the "
            "reference data with `flask --app wsgi reference load` and create each person's account with "
            "`flask --app wsgi staff create`.")
    load_reference_data()
    accounts = []
    for role in STAFF_ROLES:
        exists = db.session.scalar(db.select(StaffUser.id).where(StaffUser.username == role)) is not None
        if not exists:
            create_staff(role, role, demo_password(role), DEMO_NAMES[role])
        accounts.append((role, demo_password(role), not exists))
    _seed_kennels()
    return accounts


# A city shelter's kennels (Hohhot's has 158): single quarantine kennels in A and B, shared ones in C and D.
DEMO_KENNEL_AREAS = (("A", 40, 1), ("B", 40, 1), ("C", 40, 2), ("D", 38, 2))


def _seed_kennels() -> None:
    """The demo shelter's 158 kennels, for the walks and the console's kennel board (kept if already there)."""
    import secrets

    from backend.core.database.uow import transaction
    from backend.shelter.models.shelter import Kennel

    with transaction() as session:
        have = set(session.scalars(db.select(Kennel.code)))
        session.add_all(Kennel(code=f"{area}-{n:03d}", area=f"{area}区", capacity=capacity,
                               qr_token=secrets.token_urlsafe(12))
                        for area, count, capacity in DEMO_KENNEL_AREAS for n in range(1, count + 1)
                        if f"{area}-{n:03d}" not in have)


WALKS = ("walk", "walk-public-account", "walk-adoption", "walk-lost-found", "walk-payments")


def walk_text(name: str = "walk") -> str:
    """A curl walk, read from the README so that the two can never differ."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in readme:
        return f"(README.md has no {name} section)"
    return readme.split(start, 1)[1].split(end, 1)[0].strip()


def walk_script(name: str = "walk") -> str:
    """A walk as a bash script that stops at the first failing step."""
    body = walk_text(name).removeprefix("```bash").removesuffix("```").strip()
    return "set -euo pipefail\n" + body + "\n"
