"""The most a candidate row could score against a new report, in SQL, so that rows which cannot reach the threshold
never leave the database (issue 5: matching one report among 100,000 open ones within 50 ms).

For each part of the score the bound is what `backend.reports.matching_rules` would give: breed, sex, size, distance
(haversine) and time exactly, colour from the row's `colour_bits` (`matching_rules.colour_bound`: exact but for two
unrecognised colour texts, which count as the same). The weights, decays and threshold are the same MatchSettings.
The rows that pass are scored in Python as before, so the bound only decides which rows are read, never a score;
it must never be lower than the real score, and tests/integration/test_match_bound.py checks it never drops a match.

Written for the values the services store: breed_canonical is "" or a canonical breed name, sex and size are
REPORT_SEXES / REPORT_SIZES. Floating-point differences between SQL and Python are covered by SLACK.

The SQL depends on the new report only through a few facts (which parts are unknown, its size, whether its colour
names a base colour): it is built once for each such shape and cached, and the report's own values are bound
parameters (`mb_*`). Building it anew took ~2 ms of Python a call, as much as MariaDB took to run it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import sqlalchemy as sa

from backend.core.database.base import UTCDateTime
from backend.reference import geo
from backend.reports.matching_rules import (
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
TO_SECONDS_AT_1 = 366 * 86_400  # MariaDB's TO_SECONDS('0001-01-01'): it counts from year 0


@dataclass(frozen=True)
class Shape:
    """What of the new report changes the SQL (the rest are parameters), and the settings it was built with."""
    breed: bool  # known
    sex: bool  # known
    size: str | None  # small | medium | large, else None
    colour: str  # unknown | unrecognised | named (names a base colour)
    place: bool
    weights: tuple[tuple[str, float], ...]
    threshold: float
    distance_decay_km: float
    time_decay_days: float


@dataclass(frozen=True)
class Bound:
    conditions: list  # WHERE: the rows whose best possible score reaches the threshold
    score: object  # that best possible score (0..1), to rank rows by; None when there is no bound
    params: dict  # the new report's values the SQL needs


def bound(model, at: str, mine: DogFacts, rules: MatchSettings, dialect: str, mine_is_lost: bool) -> Bound:
    """The bound on the score of `model`'s rows against `mine`. None when the weights allow no bound (a negative
    weight would turn a maximum into a minimum)."""
    if any(w < 0 for w in rules.weights.values()):
        return Bound([], None, {})
    bits = colour_bits(mine.colour)
    colour = "unknown" if bits & COLOUR_UNKNOWN_BIT else "named" if bits else "unrecognised"
    shape = Shape(not unknown_word(mine.breed), mine.sex != "unknown", mine.size if mine.size in SIZE_ORDER else None,
                  colour, mine.place is not None, tuple(sorted(rules.weights.items())), rules.threshold,
                  rules.distance_decay_km, rules.time_decay_days)
    params = {"mb_breed": mine.breed, "mb_sex": mine.sex, "mb_bits": bits, "mb_count": bits.bit_count(),
              "mb_at": _seconds(mine.at) if dialect in MYSQL else mine.at}
    if mine.place is not None:
        lat = mine.place.lat * math.pi / 180
        params.update(mb_lat=lat, mb_lng=mine.place.lng * math.pi / 180, mb_cos_lat=math.cos(lat))
    cheap, whole, score = _sql(model, at, shape, dialect, mine_is_lost)
    return Bound([cheap, whole], score, params)


def force_index(query, model, index: str):
    """MariaDB estimates half the table for every usable index and may read the narrower one, row by row; the
    covering index lets it judge the bound on index entries alone. Other databases choose for themselves."""
    for dialect in MYSQL:
        query = query.with_hint(model, f"FORCE INDEX ({index})", dialect_name=dialect)
    return query


@lru_cache(maxsize=512)
def _sql(model, at: str, shape: Shape, dialect: str, mine_is_lost: bool) -> tuple:
    """Two conditions, the first without distance and time (cheap: most rows fail it on breed or colour), then the
    whole bound, trigonometry included; and the bound as a score."""
    weights = dict(shape.weights)
    weight = {name: float(weights.get(name, 0)) for name in PARTS}
    total = sum(weights.values()) or 1.0
    need = (shape.threshold - SLACK) * total
    facts = [_breed(model, shape, weight["breed"], dialect), _sex(model, shape, weight["sex"]),
             _colour(model, shape, weight["colour"]), _size(model, shape, weight["size"])]
    best_distance = weight["distance"] * (1.0 if shape.place else 0.5)
    distance = _distance(model, shape, weight["distance"]) if shape.place else best_distance
    time = _time(getattr(model, at), shape, dialect, mine_is_lost, weight["time"])
    whole = [*facts, distance, time]
    return _at_least([*facts, best_distance, weight["time"]], need), _at_least(whole, need), _sum(whole) / total


def _sum(terms: list):
    """Σ terms in SQL, the terms known in Python (floats) added up here."""
    known = sum(term for term in terms if isinstance(term, float))
    return sum((term for term in terms if not isinstance(term, float)), sa.literal(known, sa.Float))


def _at_least(terms: list, need: float):
    """Σ terms ≥ need, the terms known in Python (floats) added up here rather than in SQL. Each term is a part
    already weighted: the weights are folded into the CASE values, which MariaDB then has fewer items to compute."""
    known = sum(term for term in terms if isinstance(term, float))
    sql = [term for term in terms if not isinstance(term, float)]
    if not sql:
        return sa.true() if known >= need else sa.false()
    return sum(sql[1:], sql[0]) >= need - known


def _weighted(w: float, whens: list[tuple], otherwise: float, value=None):
    """CASE with every score multiplied by the weight; a part of weight 0 is 0.0, nothing for SQL to compute."""
    if not w:
        return 0.0
    weighted = [(when, w * score) for when, score in whens]
    if value is not None:  # CASE value WHEN ...
        return sa.case(dict(weighted), value=value, else_=w * otherwise)
    return sa.case(*weighted, else_=w * otherwise)


def _breed(model, shape: Shape, w: float, dialect: str):
    if not shape.breed:
        return w * 0.4
    # MariaDB's collation already compares without case and trailing spaces; SQLite compares bytes.
    breed = model.breed_canonical if dialect in MYSQL else sa.func.lower(sa.func.trim(model.breed_canonical))
    mine = sa.bindparam("mb_breed", type_=sa.String)
    return _weighted(w, [(model.breed_canonical == mine, 1.0), (breed.in_(UNKNOWN_WORDS), 0.4)], 0.0)


def _sex(model, shape: Shape, w: float):
    if not shape.sex:
        return w * 0.5
    return _weighted(w, [(model.sex == sa.bindparam("mb_sex", type_=sa.String), 1.0)], 0.5)


def _size(model, shape: Shape, w: float):
    if shape.size is None:
        return w * 0.5
    scores = [(size, {0: 1.0, 1: 0.4}.get(abs(order - SIZE_ORDER[shape.size]), 0.0))
              for size, order in SIZE_ORDER.items()]
    return _weighted(w, scores, 0.5, value=model.size)


def _colour(model, shape: Shape, w: float):
    """matching_rules.colour_bound in SQL: the Jaccard of the base colours when both name some."""
    if shape.colour == "unknown":
        return w * 0.4
    bits = model.colour_bits
    whens = [(bits.is_(None), 1.0), (bits.bitwise_and(COLOUR_UNKNOWN_BIT) != 0, 0.4)]
    if shape.colour == "unrecognised":
        return _weighted(w, [*whens, (bits == 0, 1.0)], 0.0)
    if not w:
        return 0.0
    shared = sa.func.bit_count(bits.bitwise_and(sa.bindparam("mb_bits", type_=sa.Integer)))
    # The weight (a float) multiplies first: MariaDB divides integers into a 4-decimal DECIMAL, which could round
    # a score down.
    jaccard = shared * w / (sa.bindparam("mb_count", type_=sa.Integer) + sa.func.bit_count(bits) - shared)
    return sa.case(*[(when, w * score) for when, score in whens], (bits == 0, 0.0), else_=jaccard)


def _distance(model, shape: Shape, w: float):
    """exp(-km / decay) with km by haversine as geo.distance_km; a row without a place scores 0.5. The box has
    already kept the rows within tens of kilometres, so the haversine's h stays far below 1 (no clamp)."""
    if not w:
        return 0.0
    lat, lng, cos_lat = (sa.bindparam(name, type_=sa.Float) for name in ("mb_lat", "mb_lng", "mb_cos_lat"))
    row_lat = model.lat_e6 * RADIANS_PER_E6
    h = (sa.func.power(sa.func.sin((row_lat - lat) * 0.5), 2)
         + cos_lat * sa.func.cos(row_lat) * sa.func.power(sa.func.sin((model.lng_e6 * RADIANS_PER_E6 - lng) * 0.5), 2))
    km = 2 * geo.EARTH_RADIUS_KM * sa.func.asin(sa.func.sqrt(h))
    return sa.case((model.lat_e6.is_(None), w * 0.5), else_=w * sa.func.exp(km * (-1.0 / shape.distance_decay_km)))


def _time(row_at, shape: Shape, dialect: str, mine_is_lost: bool, w: float):
    """exp(-days / decay), days from the loss to the finding, none when found (within tolerance) before. The days
    are counted a second short: SQL's clocks here are whole seconds (MariaDB) or milliseconds (SQLite)."""
    if not w:
        return 0.0
    if dialect in MYSQL:  # TO_SECONDS: a fifth of the cost of TIMESTAMPDIFF against a constant, row by row
        mine, row_seconds = sa.bindparam("mb_at", type_=sa.Float), sa.func.to_seconds(row_at)
        seconds = (row_seconds - mine) if mine_is_lost else (mine - row_seconds)
        days = (seconds - 1.0) * (1 / 86_400)
    else:
        mine = sa.bindparam("mb_at", type_=row_at.type)
        later, earlier = (row_at, mine) if mine_is_lost else (mine, row_at)
        days = sa.func.julianday(later) - sa.func.julianday(earlier) - 1 / 86_400
    return sa.case((days <= 0, w), else_=w * sa.func.exp(days * (-1.0 / shape.time_decay_days)))


def _seconds(at: datetime) -> float:
    """`at` as MariaDB's TO_SECONDS counts a stored instant (naive UTC), with its microseconds."""
    return (UTCDateTime().process_bind_param(at, None) - datetime(1, 1, 1)).total_seconds() + TO_SECONDS_AT_1
