"""Colours stored as bits for the SQL bound: folded as the rules fold them, stable once stored, and a bound that is
never below the colour score the rules give."""
import itertools

import pytest

from backend.reports.matching_rules import (
    COLOUR_BASES,
    COLOUR_UNKNOWN_BIT,
    COLOUR_WORDS,
    UNKNOWN_WORDS,
    _colour_score,
    colour_bits,
    colour_bound,
    colour_tokens,
)

# What residents type, and what the rules make of it: width, case, spaces, mixtures, unknown words, unknown colours.
VOCABULARY = ["黄", "黄白", "黄白花", "黑", "黑白", "白", "奶白", "咖啡", "巧克力色", "虎斑", "银灰", "红棕", "Black",
              "ＢＬＡＣＫ", "black and white", "Gray", "grey", "golden", "tan", "赤色", "赤色 ", " 赤色", "青", "杂色",
              "不详", "未知", "Unknown", " UNKNOWN ", "", "  ", "不清楚"]


def bases(bits: int) -> frozenset[str]:
    return frozenset(base for n, base in enumerate(COLOUR_BASES) if bits & (1 << n))


def test_every_base_colour_has_its_own_bit_below_the_unknown_bit():
    assert set(COLOUR_WORDS.values()) == set(COLOUR_BASES) and len(set(COLOUR_BASES)) == len(COLOUR_BASES)
    assert 1 << len(COLOUR_BASES) <= COLOUR_UNKNOWN_BIT < 1 << 31  # fits MariaDB's signed INT


def test_stored_bits_do_not_move():
    """Rows keep the bits they were written with: a base colour's bit never changes (new ones go at the end)."""
    assert [colour_bits(word) for word in ("黑", "白", "黄", "米", "棕", "红", "灰", "花", "虎")] == [
        1, 2, 4, 8, 16, 32, 64, 128, 256]


@pytest.mark.parametrize("colour", VOCABULARY)
def test_bits_are_the_tokens_the_rules_fold_to(colour):
    bits = colour_bits(colour)
    assert bases(bits) == colour_tokens(colour)
    assert bool(bits & COLOUR_UNKNOWN_BIT) == (colour.strip().lower() in UNKNOWN_WORDS)


def test_folding_width_case_and_spaces():
    assert colour_bits("ＢＬＡＣＫ") == colour_bits("Black") == colour_bits("黑")
    assert colour_bits("黄白花") == colour_bits("黄") | colour_bits("白") | colour_bits("花")
    assert colour_bits("") == colour_bits(" Unknown ") == colour_bits("未知") == COLOUR_UNKNOWN_BIT
    assert colour_bits("赤色") == 0  # a colour the rules do not know: neither a base colour nor unknown


def test_unknown_words_name_no_colour():
    assert all(not colour_tokens(word) for word in UNKNOWN_WORDS)


def test_the_bound_is_the_score_or_above():
    for mine, other in itertools.product(VOCABULARY, repeat=2):
        score, bound = _colour_score(mine, other), colour_bound(mine, colour_bits(other))
        both_unrecognised = colour_bits(mine) == colour_bits(other) == 0
        # Exact but for two colours the rules do not know, which may be the same text (1.0) or not (0.0).
        assert bound == score or (both_unrecognised and bound == 1.0 and score == 0.0), (mine, other)
        assert colour_bound(mine, None) >= score, (mine, other)  # a row written without bits: anything
