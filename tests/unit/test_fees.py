"""The fee schedule (backend/payments/fees.py): zone lookups, reductions that do not stack, exemptions, zero fees."""
import json

import pytest

from backend.payments.fees import FeeFacts, FeeSchedule
from tests.support.payments import DEMO_FEES

SCHEDULE = FeeSchedule.from_dict({
    "services": {"new_licence": {"name": "犬只登记费", "fen": {"xincheng-key": 60000, "key": 50000, "general": 20000}},
                 "annual_inspection": {"fen": {"default": 10001}}},
    "reductions": [{"code": "neutered", "name": "绝育减半", "percent": 50},
                   {"code": "elderly_owner", "name": "老年减免", "percent": 70, "min_age": 60}],
    "exemptions": [{"code": "assistance_dog", "name": "导盲犬免收"}],
})


def facts(**kw) -> FeeFacts:
    return FeeFacts(**{"zone_code": "huimin-key", "zone_kind": "key", "owner_age": 35, **kw})


@pytest.mark.parametrize(("given", "expected"), [
    ({}, 50000),  # by zone kind
    ({"zone_code": "xincheng-key"}, 60000),  # a zone code overrides its kind
    ({"zone_kind": "general", "zone_code": "x"}, 20000),
    ({"neutered": True}, 25000),
    ({"owner_age": 60}, 15000),  # elderly from the 60th birthday on
    ({"owner_age": 59}, 50000),
    ({"neutered": True, "owner_age": 70}, 15000),  # the larger reduction, not both
    ({"assistance_dog": True, "neutered": True}, 0),
])
def test_new_licence_fees(given, expected):
    assert SCHEDULE.quote("new_licence", facts(**given)).amount_fen == expected


def test_default_price_rounding_and_what_the_quote_says():
    quote = SCHEDULE.quote("annual_inspection", facts(neutered=True))
    assert quote.base_fen == 10001 and quote.amount_fen == 5000  # rounded down, in the resident's favour
    assert quote.as_dict()["reduction"] == {"code": "neutered", "name": "绝育减半", "percent": 50}
    assert SCHEDULE.quote("annual_inspection", facts(assistance_dog=True)).exemption["code"] == "assistance_dog"


def test_unlisted_services_and_no_schedule_cost_nothing():
    assert SCHEDULE.quote("replacement_tag", facts()).amount_fen == 0
    assert FeeSchedule.from_file("").quote("new_licence", facts()).amount_fen == 0


@pytest.mark.parametrize("broken", [
    {"services": {"new_licence": {"fen": {"key": 12.5}}}},
    {"services": {"new_licence": {"fen": {"key": -1}}}},
    {"reductions": [{"code": "students", "name": "?", "percent": 50}]},
    {"reductions": [{"code": "neutered", "name": "?", "percent": 150}]},
    {"exemptions": [{"code": "police_dog", "name": "?"}]},
])
def test_a_broken_schedule_is_refused(broken):
    with pytest.raises(ValueError):
        FeeSchedule.from_dict(broken)


def test_the_demo_schedule_loads_and_charges():
    with open(DEMO_FEES, encoding="utf-8") as handle:
        demo = FeeSchedule.from_dict(json.load(handle))
    assert demo.quote("new_licence", facts()).amount_fen > 0
