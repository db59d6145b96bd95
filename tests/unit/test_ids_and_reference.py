import time

from backend.ids import new_id
from backend.services.reference import _expand_groups


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


def test_production_refuses_development_secrets():
    import pytest

    from backend.config import DEV_SECRET, check_production_secrets

    check_production_secrets({"DOGPASS_ENV": "development", "SECRET_KEY": DEV_SECRET})
    with pytest.raises(RuntimeError, match="ID_ENCRYPTION_KEY, ID_HASH_KEY"):
        check_production_secrets({"DOGPASS_ENV": "production", "SECRET_KEY": "s3cret", "ID_ENCRYPTION_KEY": "",
                                  "ID_HASH_KEY": ""})
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        check_production_secrets({"DOGPASS_ENV": "production", "SECRET_KEY": DEV_SECRET,
                                  "ID_ENCRYPTION_KEY": "k", "ID_HASH_KEY": "h"})
    check_production_secrets({"DOGPASS_ENV": "production", "SECRET_KEY": "s", "ID_ENCRYPTION_KEY": "k",
                              "ID_HASH_KEY": "h"})
