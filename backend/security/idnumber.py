"""Mainland resident ID numbers (居民身份证号码): validation, masking, encryption at rest, keyed look-up hash."""
from __future__ import annotations

import re
from datetime import date

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from backend.security import crypto

ID_PATTERN = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])")


class InvalidIdNumber(ValueError):
    pass


def normalise(raw: str) -> str:
    """Upper-case the X, drop spaces; full-width digits from some keyboards become ASCII."""
    import unicodedata

    return unicodedata.normalize("NFKC", raw or "").replace(" ", "").upper()


def validate(raw: str) -> str:
    """Return the normalised number or raise InvalidIdNumber with a Chinese reason."""
    number = normalise(raw)
    try:
        return ric.validate(number)
    except stdnum_errors.InvalidChecksum as exc:
        raise InvalidIdNumber("身份证号码校验位错误，请核对") from exc
    except stdnum_errors.InvalidLength as exc:
        raise InvalidIdNumber("身份证号码应为18位") from exc
    except stdnum_errors.ValidationError as exc:
        raise InvalidIdNumber("身份证号码格式不正确") from exc


def birth_date(number: str) -> date:
    return ric.get_birth_date(number)


def mask(number: str) -> str:
    """`110105********002X`: region kept for staff sanity checks, birth date and sequence hidden."""
    return number[:6] + "*" * 8 + number[-4:] if len(number) == 18 else "*" * len(number)


def mask_text(text: str) -> str:
    """Mask every ID-number-shaped run in free text (log lines, notes)."""
    return ID_PATTERN.sub(lambda m: m.group(1) + "*" * 8 + m.group(3), text)


def encrypt(number: str) -> str:
    return crypto.encrypt(number)


def decrypt(token: str) -> str:
    return crypto.decrypt(token)


def lookup_hash(number: str) -> str:
    return crypto.keyed_hash("id-number", number)
