"""Masked forms of a phone number and a home address, for staff answers (the full values only through the
recorded reveal action, backend.accounts.personal_data)."""
from __future__ import annotations

import re

MASK = "****"
# Province, prefecture and district levels at the start of a Chinese address: what a reviewer needs to see the
# address lies in the chosen zone. Each level is a short run of characters that are not level markers.
_LEVELS = re.compile(
    r"^(?P<province>[^省市区县旗\d]{2,7}?(?:省|自治区))?"
    r"(?P<city>[^省市区县旗\d]{2,10}?(?:市|自治州|地区|盟))?"
    r"(?P<district>[^省市区县旗\d]{1,10}?(?:区|县|旗|市))?")
# Words ending in 区 that name a compound or campus, not a district: they say where somebody lives.
_NOT_DISTRICTS = ("小区", "社区", "园区", "校区", "景区", "厂区", "营区", "矿区", "街区", "片区")


def mask_phone(phone: str) -> str:
    """13800138000 → 138****8000: enough to tell two people apart on the phone, not to call them."""
    if len(phone) < 8:
        return MASK
    return phone[:3] + MASK + phone[-4:]


def mask_address(address: str) -> str:
    """新城区海拉尔东街1号院2单元301 → 新城区****: the administrative levels at the start, nothing after them."""
    text = address.strip()
    match = _LEVELS.match(text)
    kept = "".join(part for part in (match.group("province"), match.group("city")) if part)
    district = match.group("district")
    if district and not district.endswith(_NOT_DISTRICTS):
        kept += district
    return kept + MASK
