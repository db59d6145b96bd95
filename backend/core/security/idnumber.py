"""Mainland resident ID numbers (居民身份证号码): validation, masking, encryption at rest, keyed look-up hash."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from stdnum import exceptions as stdnum_errors
from stdnum import numdb
from stdnum.cn import ric

from backend.core.security import crypto

# 17 digits and a check character, with an optional space or hyphen between any two (how people type them).
ID_PATTERN = re.compile(r"(?<![0-9A-Za-z])(?:\d[ \-]?){17}[\dXx](?![0-9A-Za-z])")


class InvalidIdNumber(ValueError):
    pass


def normalise(raw: str) -> str:
    """Upper-case the X, drop spaces; full-width digits from some keyboards become ASCII."""
    return unicodedata.normalize("NFKC", raw or "").replace(" ", "").upper()


def validate(raw: str) -> str:
    """Return the normalised number or raise InvalidIdNumber with a Chinese reason.

    stdnum gives the check digit, the date and the region data. Its own `validate` also refuses a region code
    created after the holder's birth year, but the code records where the number was issued, not where the
    holder was born: somebody born in 1979 and registered in 玉泉区 (created 1983) holds a genuine
    150104-1979 number. So the region only has to be a code that has ever existed.
    """
    number = normalise(raw)
    if len(number) != 18:
        raise InvalidIdNumber("身份证号码应为18位")
    if not number[:-1].isdigit() or not (number[-1].isdigit() or number[-1] == "X"):
        raise InvalidIdNumber("身份证号码格式不正确")
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidIdNumber("身份证号码校验位错误，请核对")
    try:
        born = ric.get_birth_date(number)
    except stdnum_errors.ValidationError as exc:
        raise InvalidIdNumber("身份证号码中的出生日期不正确") from exc
    if born > date.today() or born.year < 1900:
        raise InvalidIdNumber("身份证号码中的出生日期不正确")
    if not _region_ever_existed(number[:6]):
        raise InvalidIdNumber("身份证号码中的地区代码不存在")
    return number


def _region_ever_existed(code: str) -> bool:
    info = {key: value for _, props in numdb.get("cn/loc").info(code) for key, value in props.items()}
    return "county" in info


def birth_date(number: str) -> date:
    return ric.get_birth_date(number)


def mask(number: str) -> str:
    """`110105********002X`: region kept for staff sanity checks, birth date and sequence hidden."""
    return number[:6] + "*" * 8 + number[-4:] if len(number) == 18 else "*" * len(number)


def mask_text(text: str) -> str:
    """Mask every ID-number-shaped run in free text (log lines, notes), also typed with full-width digits,
    spaces or hyphens."""
    if any(ord(ch) > 0xFF00 for ch in text):
        text = unicodedata.normalize("NFKC", text)
    return ID_PATTERN.sub(lambda m: mask(re.sub(r"[ \-]", "", m.group(0)).upper()), text)


def encrypt(number: str) -> str:
    return crypto.encrypt(number)


def decrypt(token: str) -> str:
    return crypto.decrypt(token)


def lookup_hash(number: str) -> str:
    return crypto.keyed_hash("id-number", number)
