import logging

import pytest

from backend.core.security import idnumber
from backend.ops.logging_setup import _masking_factory
from tests.support.factories import bad_checksum, id_number


def test_valid_number_passes_and_is_normalised():
    number = id_number(birth="19491231", region="110105", seq="002")
    assert idnumber.validate(number) == number
    assert idnumber.validate("１１０１０５１９４９１２３１００２x") == "11010519491231002X"


@pytest.mark.parametrize("raw, message", [
    (bad_checksum(id_number()), "校验位"),
    ("15010219900307123", "18位"),
    ("1501021990030712AB", "格式"),
    (id_number(birth="19901307"), "出生日期"),  # month 13, correct check digit
    (id_number(region="159999"), "地区代码"),
])
def test_invalid_numbers_are_refused_with_a_reason(raw, message):
    with pytest.raises(idnumber.InvalidIdNumber, match=message):
        idnumber.validate(raw)


def test_a_region_created_after_the_holders_birth_is_still_valid():
    # 玉泉区 (150104) exists since 1983; a resident born in 1979 registered there later holds this number.
    number = id_number(birth="19790101", region="150104", seq="515")
    assert idnumber.validate(number) == number


def test_mask_keeps_region_and_last_four_only():
    number = id_number(birth="19900307", region="150102", seq="123")
    masked = idnumber.mask(number)
    assert masked.startswith("150102") and masked.endswith(number[-4:])
    assert "19900307" not in masked and masked.count("*") == 8


def test_mask_text_hides_every_number_in_free_text():
    a, b = id_number(seq="111"), id_number(seq="222")
    text = f"owner {a} transferred to {b}; phone 13800138000"
    masked = idnumber.mask_text(text)
    assert a not in masked and b not in masked
    assert "13800138000" in masked  # an 11-digit phone number is not an ID number


def test_log_records_are_masked_when_made():
    number = id_number()
    factory = _masking_factory(logging.LogRecord)
    record = factory("x", logging.INFO, __file__, 1, "checking %s now", (number,), None)
    assert record.getMessage() == f"checking {idnumber.mask(number)} now"


def test_birth_date_is_read_from_the_number():
    assert idnumber.birth_date(id_number(birth="20080229")).isoformat() == "2008-02-29"


def test_mask_text_catches_spaced_hyphenated_and_full_width_numbers():
    number = id_number()
    spaced = f"{number[:6]} {number[6:14]} {number[14:]}"
    hyphenated = f"{number[:6]}-{number[6:10]}-{number[10:14]}-{number[14:]}"
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    for text in (spaced, hyphenated, full_width):
        masked = idnumber.mask_text(f"号码 {text} 已提交")
        assert number[6:14] not in masked.replace(" ", "").replace("-", ""), masked
        assert idnumber.mask(number) in masked


def test_tracebacks_are_masked_when_the_record_is_made():
    number = id_number()
    try:
        raise ValueError(f"bad owner {number}")
    except ValueError:
        import sys

        factory = _masking_factory(logging.LogRecord)
        record = factory("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    text = logging.Formatter().format(record)
    assert number not in text and idnumber.mask(number) in text
