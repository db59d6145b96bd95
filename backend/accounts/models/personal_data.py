"""The record of every staff look at a resident's full phone number or address (查询留痕).

Staff answers show those fields masked; the full values come only from the reveal action, which writes one of
these rows in the same transaction. Rows are only ever added: nothing in the application changes or deletes them.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core import clock
from backend.core.database.base import Base, id_column

# What a staff answer masks (the owner details of licensing's and the shelter's records,
# backend.licensing.models.owners); the full values only through the recorded reveal (backend.accounts.personal_data).
REVEALABLE_FIELDS = ("phone", "address")


class PersonalDataAccess(Base):
    __tablename__ = "personal_data_access"
    __table_args__ = (Index("ix_personal_data_access_at", "accessed_at"),
                      Index("ix_personal_data_access_staff", "staff_id", "accessed_at"),
                      Index("ix_personal_data_access_record", "record_type", "record_id", "accessed_at"),
                      Index("ix_personal_data_access_subject", "subject_user_id", "accessed_at"))

    id: Mapped[str] = id_column()
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff_users.id"))
    staff_role: Mapped[str] = mapped_column(String(20))  # the role at the time: roles change
    accessed_at: Mapped[datetime] = mapped_column(default=clock.now)
    record_type: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(26))
    subject_user_id: Mapped[str | None] = mapped_column(String(26))  # whose data it is
    fields: Mapped[list] = mapped_column(default=list)
    reason: Mapped[str] = mapped_column(String(200), default="")
    client_ip: Mapped[str] = mapped_column(String(45), default="")
