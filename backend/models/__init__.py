"""All models, imported here so that Alembic and the app see one metadata. Split by aggregate."""
from backend.models.adoption import (
    AdoptionApplication,
    OpenDayClosure,
    OpenDayRule,
    VisitBooking,
    VisitSlot,
)
from backend.models.applications import ApplicationRound, LicenceApplication
from backend.models.audit import StatusChange
from backend.models.base import Base
from backend.models.dogs import Dog, Vaccination
from backend.models.indicators import IndicatorRollup, IndicatorWatermark, LicenceTally
from backend.models.licences import Inspection, Licence, Transfer
from backend.models.notices import Notice
from backend.models.payments import PaymentOrder, PaymentRefund, PaymentTrade
from backend.models.people import StaffUser, User
from backend.models.personal_data import PersonalDataAccess
from backend.models.public_account import (
    AccessToken,
    Conversation,
    ConversationMessage,
    InboundKey,
    ReminderSent,
    SignedQuery,
    SubscribeGrant,
)
from backend.models.reference import Breed, RejectReason, Zone
from backend.models.relay import RelayMessage, RelayThread
from backend.models.reports import FoundReport, LostReport, ReportMatch
from backend.models.sequences import NamedLock, Sequence
from backend.models.shelter import Kennel, MedicalEntry, ShelterDog
from backend.models.staff_sessions import StaffSession
from backend.models.strays import StrayReport
from backend.models.uploads import Upload, UploadAttachment

__all__ = [
    "AccessToken",
    "AdoptionApplication",
    "ApplicationRound",
    "Base",
    "Breed",
    "Conversation",
    "ConversationMessage",
    "Dog",
    "FoundReport",
    "InboundKey",
    "IndicatorRollup",
    "IndicatorWatermark",
    "Inspection",
    "Kennel",
    "Licence",
    "LicenceApplication",
    "LicenceTally",
    "LostReport",
    "MedicalEntry",
    "NamedLock",
    "Notice",
    "OpenDayClosure",
    "OpenDayRule",
    "PaymentOrder",
    "PaymentRefund",
    "PaymentTrade",
    "PersonalDataAccess",
    "RejectReason",
    "RelayMessage",
    "RelayThread",
    "ReminderSent",
    "ReportMatch",
    "Sequence",
    "ShelterDog",
    "SignedQuery",
    "StaffSession",
    "StaffUser",
    "StatusChange",
    "StrayReport",
    "SubscribeGrant",
    "Transfer",
    "Upload",
    "UploadAttachment",
    "User",
    "Vaccination",
    "VisitBooking",
    "VisitSlot",
    "Zone",
]

# Every table is utf8mb4 on MySQL/MariaDB whatever the server's default: names and notes are Chinese, and
# residents type emoji.
for _table in Base.metadata.tables.values():
    _table.dialect_kwargs["mysql_charset"] = "utf8mb4"
    _table.dialect_kwargs["mysql_collate"] = "utf8mb4_unicode_ci"
