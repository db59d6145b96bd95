"""Masked phone numbers and addresses for staff answers: enough to work with, not enough to call or visit."""
import pytest

from backend.core.security.masking import mask_address, mask_phone


def test_a_phone_keeps_its_first_three_and_last_four_digits():
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("1380013") == "****"  # too short to show any of it


@pytest.mark.parametrize("address, masked", [
    ("新城区海拉尔东街1号院2单元301", "新城区****"),
    ("呼和浩特市赛罕区大学西街5号", "呼和浩特市赛罕区****"),
    ("内蒙古自治区呼和浩特市新城区海拉尔东街1号", "内蒙古自治区呼和浩特市新城区****"),
    ("广东省深圳市南山区科技园8栋", "广东省深圳市南山区****"),
    ("托克托县双河镇新坪街5号", "托克托县****"),
    ("土默特左旗察素齐镇1号", "土默特左旗****"),
    # a compound or campus ending in 区 is where somebody lives, not a district
    ("阳光小区3号楼501", "****"),
    ("呼和浩特市阳光社区1号", "呼和浩特市****"),
    ("和林格尔县盛乐园区8号", "和林格尔县****"),
    ("海拉尔东街1号", "****"),
    ("  新城区 海拉尔东街1号 ", "新城区****"),
])
def test_an_address_keeps_only_its_administrative_levels(address, masked):
    assert mask_address(address) == masked
