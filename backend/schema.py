"""All models, imported here so that Alembic and the app see one metadata. Split by aggregate."""
from backend.accounts.models.people import StaffUser, User
from backend.accounts.models.personal_data import PersonalDataAccess
from backend.accounts.models.staff_sessions import StaffSession
from backend.audit.models import StatusChange
from backend.core.database.base import Base
from backend.core.database.sequences import NamedLock, Sequence
from backend.indicators.models import IndicatorRollup, IndicatorWatermark, LicenceTally
from backend.licensing.models.applications import ApplicationRound, LicenceApplication
from backend.licensing.models.dogs import Dog, Vaccination
from backend.licensing.models.licences import Inspection, Licence, ReminderSent, Transfer
from backend.media.models import Upload, UploadAttachment
from backend.notices.models import AccessToken, Notice, SubscribeGrant
from backend.payments.models import PaymentOrder, PaymentRefund, PaymentTrade
from backend.public_account.models import Conversation, ConversationMessage, InboundKey, SignedQuery
from backend.reference.models import Breed, RejectReason, Zone
from backend.reports.models.relay import RelayMessage, RelayThread
from backend.reports.models.reports import FoundReport, LostReport, ReportMatch
from backend.reports.models.strays import StrayReport
from backend.shelter.models.adoption import AdoptionApplication, OpenDayClosure, OpenDayRule, VisitBooking, VisitSlot
from backend.shelter.models.shelter import Kennel, MedicalEntry, ShelterDog

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
