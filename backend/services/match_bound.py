"""The most a candidate row could score against a new report, in SQL, so that rows which cannot reach the threshold
never leave the database (issue 5: matching one report among 100,000 open ones within 50 ms).

For each part of the score the bound is what `backend.matching_rules` would give: breed, sex, size, distance
(haversine) and time exactly, colour from the row's `colour_bits` (`matching_rules.colour_bound`: exact but for two
unrecognised colour texts, which count as the same). The weights, decays and threshold are the same MatchSettings.
The rows that pass are scored in Python as before, so the bound only decides which rows are read, never a score;
it must never be lower than the real score, and tests/integration/test_match_bound.py checks it never drops a match.

Written for the values the services store: breed_canonical is "" or a canonical breed name, sex and size are
REPORT_SEXES / REPORT_SIZES. Floating-point differences between SQL and Python are covered by SLACK.
"""
from __future__ import annotations

import math
from datetime import datetime

import sqlalchemy as sa

from backend import geo
from backend.matching_rules import (
    COLOUR_UNKNOWN_BIT,
    SIZE_ORDER,
    UNKNOWN_WORDS,
    DogFacts,
    MatchSettings,
    colour_bits,
    unknown_word,
)

# Scores are compared with this much room: SQL's sin or exp need not round as Python's do.
SLACK = 1e-6
PARTS = ("breed", "sex", "colour", "size", "distance", "time")
RADIANS_PER_E6 = math.pi / 180 / geo.E6
MYSQL = ("mysql", "mariadb")


def conditions(model, row_at, mine: DogFacts, rules: MatchSettings, dialect: str, mine_is_lost: bool) -> list:
    """WHERE conditions keeping the rows of `model` whose best possible score against `mine` reaches the threshold.

    Two of them: the first without distance and time (cheap: most rows fail it on breed or colour), then the
    whole bound. None when the weights allow no bound (a negative weight would turn a maximum into a minimum)."""
    weights = {name: float(rules.weights.get(name, 0)) for name in PARTS}
    if any(w < 0 for w in rules.weights.values()):
        return []
    need = (rules.threshold - SLACK) * (sum(rules.weights.values()) or 1.0)
    facts = [(weights["breed"], _breed(model, mine)), (weights["sex"], _sex(model, mine)),
             (weights["colour"], _colour(model, mine)), (weights["size"], _size(model, mine))]
    distance = 0.5 if mine.place is None else _distance(model, mine.place, rules)
    time = _time(row_at, mine.at, rules, dialect, mine_is_lost)
    cheap = [*facts, (weights["distance"], 0.5 if mine.place is None else 1.0), (weights["time"], 1.0)]
    whole = [*facts, (weights["distance"], distance), (weights["time"], time)]
    return [_at_least(cheap, need), _at_least(whole, need)]


def force_index(query, model, index: str):
    """MariaDB estimates half the table for every usable index and may read the narrower one, row by row; the
    covering index lets it judge the bound on index entries alone. Other databases choose for themselves."""
    for dialect in MYSQL:
        query = query.with_hint(model, f"FORCE INDEX ({index})", dialect_name=dialect)
    return query


def _at_least(terms: list[tuple[float, object]], need: float):
    """Σ weight × part ≥ need, with the parts known in Python added up here rather than in SQL."""
    known = sum(w * part for w, part in terms if isinstance(part, float))
    sql = [w * part for w, part in terms if w and not isinstance(part, float)]
    if not sql:
        return sa.true() if known >= need else sa.false()
    return sum(sql[1:], sql[0]) >= need - known


def _breed(model, mine: DogFacts):
    if unknown_word(mine.breed):
        return 0.4
    return sa.case((model.breed_canonical == mine.breed, 1.0),
                   (sa.func.lower(sa.func.trim(model.breed_canonical)).in_(UNKNOWN_WORDS), 0.4), else_=0.0)


def _sex(model, mine: DogFacts):
    if mine.sex == "unknown":
        return 0.5
    return sa.case((model.sex == mine.sex, 1.0), else_=0.5)


def _size(model, mine: DogFacts):
    if mine.size not in SIZE_ORDER:
        return 0.5
    scores = {size: {0: 1.0, 1: 0.4}.get(abs(order - SIZE_ORDER[mine.size]), 0.0)
              for size, order in SIZE_ORDER.items()}
    return sa.case(scores, value=model.size, else_=0.5)


def _colour(model, mine: DogFacts):
    """matching_rules.colour_bound in SQL: the Jaccard of the base colours when both name some."""
    mine_bits, bits = colour_bits(mine.colour), model.colour_bits
    if mine_bits & COLOUR_UNKNOWN_BIT:
        return 0.4
    whens = [(bits.is_(None), 1.0), (bits.bitwise_and(COLOUR_UNKNOWN_BIT) != 0, 0.4)]
    if not mine_bits:
        return sa.case(*whens, (bits == 0, 1.0), else_=0.0)
    shared = sa.func.bit_count(bits.bitwise_and(mine_bits))
    # × 1.0 first: MariaDB divides integers into a 4-decimal DECIMAL, which could round a score down.
    jaccard = shared * 1.0 / (mine_bits.bit_count() + sa.func.bit_count(bits) - shared)
    return sa.case(*whens, (bits == 0, 0.0), else_=jaccard)


def _distance(model, place: geo.Point, rules: MatchSettings):
    """exp(-km / decay) with km by haversine as geo.distance_km; a row without a place scores 0.5. The box has
    already kept the rows within tens of kilometres, so the haversine's h stays far below 1 (no clamp)."""
    lat = place.lat * math.pi / 180
    dlat = model.lat_e6 * RADIANS_PER_E6 - lat
    dlng = model.lng_e6 * RADIANS_PER_E6 - place.lng * math.pi / 180
    h = (sa.func.power(sa.func.sin(dlat * 0.5), 2) + math.cos(lat) * sa.func.cos(model.lat_e6 * RADIANS_PER_E6)
         * sa.func.power(sa.func.sin(dlng * 0.5), 2))
    km = 2 * geo.EARTH_RADIUS_KM * sa.func.asin(sa.func.sqrt(h))
    return sa.case((model.lat_e6.is_(None), 0.5), else_=sa.func.exp(km * (-1.0 / rules.distance_decay_km)))


def _time(row_at, mine_at: datetime, rules: MatchSettings, dialect: str, mine_is_lost: bool):
    """exp(-days / decay), days from the loss to the finding, none when found (within tolerance) before."""
    mine = sa.bindparam(None, mine_at, type_=row_at.type)
    earlier, later = (mine, row_at) if mine_is_lost else (row_at, mine)
    if dialect in MYSQL:
        days = sa.func.timestampdiff(sa.literal_column("MICROSECOND"), earlier, later) * (1 / 86_400e6)
    else:
        days = sa.func.julianday(later) - sa.func.julianday(earlier)
    return sa.case((days <= 0, 1.0), else_=sa.func.exp(days * (-1.0 / rules.time_decay_days)))
