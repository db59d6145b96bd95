import time

from backend.core.ids import new_id
from backend.reference.catalogue import _expand_groups


def test_ids_are_unique_opaque_and_time_ordered():
    first = new_id()
    time.sleep(0.002)
    later = [new_id() for _ in range(1000)]
    assert len(set(later)) == 1000
    assert all(len(i) == 26 for i in later)
    assert all(first < i for i in later)


def test_zone_rules_name_breed_groups():
    groups = {"fierce": ["藏獒", "比特犬"], "large": ["德国牧羊犬"]}
    assert _expand_groups("@fierce+large", groups) == ["藏獒", "比特犬", "德国牧羊犬"]
    assert _expand_groups(["柴犬"], groups) == ["柴犬"]

