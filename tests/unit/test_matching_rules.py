"""The matching table: pairs that must match and pairs that must not, scored by the pure rules with the default
configuration."""
from datetime import UTC, datetime, timedelta

import pytest

from backend.core.config import load_config
from backend.reference.geo import Point, box_around, distance_km
from backend.reports.matching_rules import DogFacts, MatchSettings, colour_tokens, match

RULES = MatchSettings.from_config(load_config())
LOST_AT = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
HOME = Point(40.842, 111.749)


def km_north(km: float) -> Point:
    return Point(HOME.lat + km / 111.32, HOME.lng)


LOST = DogFacts(breed="柯基犬", sex="male", colour="黄白", size="small", place=HOME, at=LOST_AT)


def found(**changes) -> DogFacts:
    base = dict(breed="柯基犬", sex="male", colour="黄白", size="small", place=km_north(1),
                at=LOST_AT + timedelta(days=1))
    base.update(changes)
    return DogFacts(**base)


MUST_MATCH = {
    "same dog a kilometre away next day": found(),
    "finder unsure of breed and sex": found(breed="", sex="unknown"),
    "colour described differently (黄 vs 黄白)": found(colour="黄"),
    "found 3 km away 5 days later": found(place=km_north(3), at=LOST_AT + timedelta(days=5)),
    "tag agrees though the description is wrong": found(breed="藏獒", sex="female", colour="黑", size="large",
                                                        place=km_north(80), tag_token="tok123"),
    "chip agrees, case differs": found(breed="", colour="黑", chip_no="900123456789ABC"),
    "found an hour before the owner says it went missing": found(at=LOST_AT - timedelta(hours=1)),
    "shelter intake without a place": found(place=None, at=LOST_AT + timedelta(days=2)),
}

MUST_NOT_MATCH = {
    "found before it was lost": found(at=LOST_AT - timedelta(days=1)),
    "50 km apart": found(place=km_north(50)),
    "different sex": found(sex="female"),
    "different colour and breed": found(breed="哈士奇", colour="黑"),
    "found long after the window": found(at=LOST_AT + timedelta(days=RULES.max_days + 1)),
    "different breed, colour and size": found(breed="金毛寻回犬", colour="黑", size="large"),
}


@pytest.mark.parametrize("case", MUST_MATCH, ids=list(MUST_MATCH))
def test_pairs_that_must_match(case):
    lost = LOST
    if case.startswith("tag"):
        lost = DogFacts(**{**LOST.__dict__, "tag_token": "tok123"})
    if case.startswith("chip"):
        lost = DogFacts(**{**LOST.__dict__, "chip_no": "900123456789abc"})
    result = match(lost, MUST_MATCH[case], RULES)
    assert result is not None, case
    assert result.score >= RULES.threshold


@pytest.mark.parametrize("case", MUST_NOT_MATCH, ids=list(MUST_NOT_MATCH))
def test_pairs_that_must_not_match(case):
    assert match(LOST, MUST_NOT_MATCH[case], RULES) is None, case


def test_identity_matches_win_outright_and_say_how():
    lost = DogFacts(**{**LOST.__dict__, "tag_token": "tok123", "chip_no": "900123456789"})
    assert match(lost, found(tag_token="tok123", sex="female"), RULES).kind == "tag"
    assert match(lost, found(chip_no="900123456789", place=km_north(60)), RULES).kind == "chip"


def test_closer_and_sooner_scores_higher():
    near = match(LOST, found(place=km_north(0.5)), RULES)
    far = match(LOST, found(place=km_north(8)), RULES)
    soon = match(LOST, found(at=LOST_AT + timedelta(hours=6)), RULES)
    late = match(LOST, found(at=LOST_AT + timedelta(days=20)), RULES)
    assert near.score > far.score
    assert soon.score > late.score
    assert near.parts["distance"] > far.parts["distance"]


def test_weights_and_threshold_come_from_configuration():
    strict = MatchSettings.from_config(load_config({"MATCH_THRESHOLD": 0.95}))
    assert match(LOST, found(colour="黄"), strict) is None
    only_place = MatchSettings.from_config(load_config({"MATCH_WEIGHTS": {"distance": 1.0}}))
    assert match(LOST, found(breed="哈士奇", colour="黑"), only_place) is not None


def test_colour_words_fold_into_base_colours():
    assert colour_tokens("黄白花") == {"yellow", "white", "mixed"}
    assert colour_tokens("Golden") == {"yellow"}
    assert colour_tokens("") == frozenset()


def test_box_contains_every_point_within_its_radius():
    box = box_around(HOME, 20)
    for bearing_point in (km_north(19.9), Point(HOME.lat, HOME.lng + 19.9 / (111.32 * 0.756))):
        assert distance_km(HOME, bearing_point) < 20
        assert box.lat_min <= bearing_point.lat_e6 <= box.lat_max
        assert box.lng_min <= bearing_point.lng_e6 <= box.lng_max
