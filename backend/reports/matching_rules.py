"""How alike a lost dog and a found dog are: pure rules, no I/O, so the matching table is tested directly.

A tag token or chip number that agrees wins outright. Otherwise some facts rule a pair out (found before it was
lost, too far apart, too long after, different sex when both are known), and the rest add up to a score in 0..1
from breed, sex, colour, size, distance (decaying with kilometres) and the time between loss and finding (decaying
with days). Weights and thresholds come from configuration (MATCH_*), so a city can tune them without code.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from backend.reference.geo import Point, distance_km

SIZE_ORDER = {"small": 0, "medium": 1, "large": 2}
# What residents type for colours, folded into a few base colours (黄白花 → {yellow, white, mixed}). Reports store
# these as bits (`colour_bits`, written with the colour) so that SQL can bound the colour score: a change here must
# come with a migration that recomputes colour_bits, or the bound would judge rows by the old words.
COLOUR_WORDS = {
    "黑": "black", "乌": "black", "白": "white", "雪": "white", "黄": "yellow", "金": "yellow", "米": "cream",
    "奶": "cream", "杏": "cream", "棕": "brown", "褐": "brown", "咖": "brown", "啡": "brown", "巧克力": "brown",
    "红": "red", "橘": "red", "橙": "red", "灰": "grey", "银": "grey", "蓝": "grey", "花": "mixed", "斑": "mixed",
    "虎": "brindle", "black": "black", "white": "white", "brown": "brown", "yellow": "yellow", "golden": "yellow",
    "grey": "grey", "gray": "grey", "red": "red", "cream": "cream", "tan": "yellow",
}
UNKNOWN_WORDS = ("", "未知", "不详", "不清楚", "不确定", "unknown")
# One bit per base colour, in this order for good: stored rows keep their bits. A new base colour goes at the end.
COLOUR_BASES = ("black", "white", "yellow", "cream", "brown", "red", "grey", "mixed", "brindle")
# Set when the colour text is an unknown word (scored 0.4 against anything), far from the base colours' bits.
COLOUR_UNKNOWN_BIT = 1 << 30


@dataclass(frozen=True)
class DogFacts:
    """One side of a pair: what a lost report or a found report says about the dog and where and when."""
    breed: str  # canonical name when recognised, "" when unknown
    sex: str  # male | female | unknown
    colour: str
    size: str  # small | medium | large | unknown
    place: Point | None
    at: datetime
    tag_token: str | None = None
    chip_no: str | None = None


@dataclass(frozen=True)
class MatchSettings:
    weights: dict[str, float]
    threshold: float
    max_km: float
    max_days: float
    distance_decay_km: float
    time_decay_days: float
    # Clocks and memories are imprecise: a dog "found" an hour before the owner says it went missing still counts.
    before_loss_tolerance_hours: float = 2

    @classmethod
    def from_config(cls, config: dict) -> MatchSettings:
        return cls(weights=dict(config["MATCH_WEIGHTS"]), threshold=config["MATCH_THRESHOLD"],
                   max_km=config["MATCH_MAX_KM"], max_days=config["MATCH_MAX_DAYS"],
                   distance_decay_km=config["MATCH_DISTANCE_DECAY_KM"],
                   time_decay_days=config["MATCH_TIME_DECAY_DAYS"])


@dataclass(frozen=True)
class Match:
    kind: str  # tag | chip | score
    score: float
    distance_km: float | None
    parts: dict[str, float]


@lru_cache(maxsize=4096)
def colour_tokens(colour: str) -> frozenset[str]:
    """Cached: a city types a few hundred colour phrases, and matching folds each candidate's."""
    text = unicodedata.normalize("NFKC", colour).lower()
    return frozenset(base for word, base in COLOUR_WORDS.items() if word in text)


def colour_bits(colour: str) -> int:
    """The colour as stored for the SQL bound: a bit per base colour its text names, and COLOUR_UNKNOWN_BIT when
    the text is an unknown word. Folded exactly as `_colour_score` folds it (colour_tokens, unknown_word)."""
    bits = sum(1 << COLOUR_BASES.index(base) for base in colour_tokens(colour))
    return bits | (COLOUR_UNKNOWN_BIT if unknown_word(colour) else 0)


def colour_bound(colour: str, other_bits: int | None) -> float:
    """The most `_colour_score(colour, other)` can be for any colour text `other` whose colour_bits are `other_bits`
    (None: not known, anything). The SQL bound in backend.reports.match_bound is this, written in SQL."""
    mine = colour_bits(colour)
    if mine & COLOUR_UNKNOWN_BIT:
        return 0.4
    if other_bits is None:
        return 1.0
    if other_bits & COLOUR_UNKNOWN_BIT:
        return 0.4
    if mine and other_bits:  # both name base colours: the Jaccard of the two sets, exactly
        shared = (mine & other_bits).bit_count()
        return shared / (mine.bit_count() + other_bits.bit_count() - shared)
    # At most one names a base colour: the score is 1 only for the same text, which needs the same bits (none).
    return 1.0 if not mine and not other_bits else 0.0


def identity_match(lost: DogFacts, found: DogFacts) -> str | None:
    if lost.tag_token and found.tag_token and lost.tag_token == found.tag_token:
        return "tag"
    if lost.chip_no and found.chip_no and lost.chip_no.upper() == found.chip_no.upper():
        return "chip"
    return None


def rules_out(lost: DogFacts, found: DogFacts, settings: MatchSettings, km: float | None) -> bool:
    hours_after = (found.at - lost.at).total_seconds() / 3600
    if hours_after < -settings.before_loss_tolerance_hours or hours_after > settings.max_days * 24:
        return True
    if km is not None and km > settings.max_km:
        return True
    return "unknown" not in (lost.sex, found.sex) and lost.sex != found.sex


def part_scores(lost: DogFacts, found: DogFacts, settings: MatchSettings, km: float | None) -> dict[str, float]:
    days = max(0.0, (found.at - lost.at).total_seconds() / 86400)
    return {
        "breed": _breed_score(lost.breed, found.breed),
        "sex": 1.0 if lost.sex == found.sex and lost.sex != "unknown" else 0.5,
        "colour": _colour_score(lost.colour, found.colour),
        "size": _size_score(lost.size, found.size),
        # Unknown place (a shelter intake without coordinates): neither for nor against.
        "distance": 0.5 if km is None else math.exp(-km / settings.distance_decay_km),
        "time": math.exp(-days / settings.time_decay_days),
    }


def match(lost: DogFacts, found: DogFacts, settings: MatchSettings) -> Match | None:
    """The match between a lost and a found report, or None when they are not worth telling anybody about."""
    km = distance_km(lost.place, found.place) if lost.place and found.place else None
    identity = identity_match(lost, found)
    if identity:
        return Match(identity, 1.0, km, {})
    if rules_out(lost, found, settings, km):
        return None
    parts = part_scores(lost, found, settings, km)
    total = sum(settings.weights.values()) or 1.0
    score = sum(settings.weights.get(name, 0) * value for name, value in parts.items()) / total
    if score < settings.threshold:
        return None
    return Match("score", round(score, 4), km, {k: round(v, 3) for k, v in parts.items()})


def _breed_score(a: str, b: str) -> float:
    if unknown_word(a) or unknown_word(b):
        return 0.4
    return 1.0 if a == b else 0.0


def _colour_score(a: str, b: str) -> float:
    ta, tb = colour_tokens(a), colour_tokens(b)
    if not ta or not tb:
        return 0.4 if (unknown_word(a) or unknown_word(b)) else (1.0 if a.strip() == b.strip() else 0.0)
    return len(ta & tb) / len(ta | tb)


def _size_score(a: str, b: str) -> float:
    if a not in SIZE_ORDER or b not in SIZE_ORDER:
        return 0.5
    return {0: 1.0, 1: 0.4}.get(abs(SIZE_ORDER[a] - SIZE_ORDER[b]), 0.0)


def unknown_word(text: str) -> bool:
    """A breed or colour nobody could tell: scored as neither for nor against."""
    return text.strip().lower() in UNKNOWN_WORDS
