"""Uploaded images (dog photos, certificates) and what each is attached to.

An image is stored only after it was decoded and written again (backend.media.images): the stored bytes carry no EXIF,
GPS, XMP, text chunks or colour profile, so `sha256`, `size_bytes`, `width` and `height` describe those bytes, not
what was posted. `reencoded` is False only for images stored before that rule (`flask uploads reencode` cleans
them).

An attachment row records that a record (an application's dog, a licensed dog, a lost, found or stray report, a
shelter dog) shows the upload. It is written by `backend.media.attachments` whenever such a record is flushed, so
no service can forget it; it decides which staff roles may read the image, and an upload with none is an orphan
that the clean-up job deletes after `UPLOAD_ORPHAN_HOURS`.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from backend.core import clock
from backend.core.database.base import Base, Timestamps, id_column

ATTACHMENT_KINDS = ("licence_application", "dog", "lost_report", "found_report", "stray_report", "shelter_dog")


class Upload(Timestamps, Base):
    __tablename__ = "uploads"
    # The daily quota counts a resident's uploads since midnight; the clean-up reads the unattached old ones.
    __table_args__ = (Index("ix_uploads_user_created", "user_id", "created_at"),
                      Index("ix_uploads_unattached", "attached_at", "created_at"),
                      Index("ix_uploads_reencoded", "reencoded"))

    id: Mapped[str] = id_column()
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff_users.id"))
    content_type: Mapped[str] = mapped_column(String(32))
    size_bytes: Mapped[int]
    width: Mapped[int]
    height: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(128))
    reencoded: Mapped[bool] = mapped_column(default=True, server_default=false())
    attached_at: Mapped[datetime | None]  # first attachment; NULL: nothing shows this upload (yet)


class UploadAttachment(Base):
    __tablename__ = "upload_attachments"
    __table_args__ = (UniqueConstraint("upload_id", "kind", "record_id", name="uq_upload_attachments_record"),
                      Index("ix_upload_attachments_record", "kind", "record_id"))

    id: Mapped[str] = id_column()
    upload_id: Mapped[str] = mapped_column(ForeignKey("uploads.id"))
    kind: Mapped[str] = mapped_column(String(24))
    record_id: Mapped[str] = mapped_column(String(26))
    attached_at: Mapped[datetime] = mapped_column(default=clock.now)
