"""Owner details as held on an application and on a licence.

The ID number is stored three ways, never in plain text: encrypted (to show staff on request), a keyed hash (to
find the same person's other dogs), and its masked form (what every response shows).
"""
from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from backend.accounts.models.personal_data import REVEALABLE_FIELDS
from backend.core.security import crypto, idnumber
from backend.core.security.masking import mask_address, mask_phone


def normalise_address(address: str) -> str:
    """Same household, however it is typed: NFKC (full-width digits), no spaces, lower case."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", address).split()).lower()


def address_hash(address: str) -> str:
    return crypto.keyed_hash("address", normalise_address(address))


class OwnerDetails:
    owner_name: Mapped[str] = mapped_column(String(64))
    owner_id_encrypted: Mapped[str] = mapped_column(Text)
    owner_id_hash: Mapped[str] = mapped_column(String(64), index=True)
    owner_id_masked: Mapped[str] = mapped_column(String(18))
    owner_phone: Mapped[str] = mapped_column(String(20))
    owner_address: Mapped[str] = mapped_column(String(255))
    owner_address_hash: Mapped[str] = mapped_column(String(64), index=True)

    @declared_attr
    def zone_code(cls) -> Mapped[str]:
        return mapped_column(ForeignKey("zones.code"), index=True)

    def set_owner(self, *, name: str, id_number: str, phone: str, address: str, zone_code: str) -> None:
        """`id_number` must already be validated (backend.core.security.idnumber.validate)."""
        self.owner_name = name
        self.owner_id_encrypted = idnumber.encrypt(id_number)
        self.owner_id_hash = idnumber.lookup_hash(id_number)
        self.owner_id_masked = idnumber.mask(id_number)
        self.owner_phone = phone
        self.set_address(address, zone_code)

    def set_address(self, address: str, zone_code: str) -> None:
        self.owner_address = address
        self.owner_address_hash = address_hash(address)
        self.zone_code = zone_code

    def copy_owner_from(self, other: OwnerDetails) -> None:
        for column in ("owner_name", "owner_id_encrypted", "owner_id_hash", "owner_id_masked", "owner_phone",
                       "owner_address", "owner_address_hash", "zone_code"):
            setattr(self, column, getattr(other, column))

    def owner_public_dict(self) -> dict:
        """What the owner sees of their own details: all of it, but the ID number masked."""
        return {
            "name": self.owner_name,
            "id_number": self.owner_id_masked,
            "phone": self.owner_phone,
            "address": self.owner_address,
            "zone_code": self.zone_code,
        }

    def owner_staff_dict(self) -> dict:
        """What staff see: the phone and the address masked too (the district stays, for the zone check). Seeing
        them in full is a separate, recorded action (查询留痕)."""
        return {
            "name": self.owner_name,
            "id_number": self.owner_id_masked,
            "phone": mask_phone(self.owner_phone),
            "address": mask_address(self.owner_address),
            "zone_code": self.zone_code,
            "masked_fields": list(REVEALABLE_FIELDS),
        }

    def owner_full_values(self, fields: list[str]) -> dict:
        """The named fields in full, for the reveal action only."""
        full = {"phone": self.owner_phone, "address": self.owner_address}
        return {field: full[field] for field in fields}
