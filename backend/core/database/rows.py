"""Reading one record by its id for a service: locked or not, and refused alike when it is missing or belongs to
somebody else."""
from __future__ import annotations

from typing import TypeVar

from backend.core.database.extensions import db
from backend.core.errors import DomainError

Row = TypeVar("Row")


def get_row(model: type[Row], row_id: str, missing: DomainError, *, owner: str | None = None,
            for_update: bool = False) -> Row:
    """The `model` row with this id, locked until the transaction ends when `for_update`. Raises `missing` when there
    is none, and, given `owner`, when its user_id is another's: a resident never learns that the record exists."""
    if for_update:
        row = db.session.scalar(db.select(model).where(model.id == row_id).with_for_update())
    else:
        row = db.session.get(model, row_id)
    if row is None or (owner is not None and row.user_id != owner):
        raise missing
    return row
