"""The dashboard's period (whole Beijing months) and its percentiles, without a database."""
from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from backend.core import clock
from backend.indicators.common import percentile
from backend.indicators.metrics import METRICS
from backend.indicators.period import IndicatorQuery, Period
from backend.indicators.rollup import closable


def period(**query) -> Period:
    return Period.of(IndicatorQuery.model_validate(query))


def test_the_default_is_the_last_twelve_months_in_beijing():
    # 16:30 UTC on 31 December is already 1 January in Beijing
    with clock.travel_to(datetime(2026, 12, 31, 16, 30, tzinfo=UTC)):
        p = period()
    assert p.months[0] == "2026-02" and p.months[-1] == "2027-01" and len(p.months) == 12
    assert p.since == datetime(2026, 1, 31, 16, 0, tzinfo=UTC)  # 1 February, midnight in Beijing
    assert p.until == datetime(2027, 1, 31, 16, 0, tzinfo=UTC)
    assert (p.start_day, p.end_day) == (date(2026, 2, 1), date(2027, 2, 1))


def test_a_range_across_a_year_and_its_limits():
    assert period(**{"from": "2025-11", "to": "2026-02"}).months == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert len(period(**{"from": "2023-01", "to": "2025-12"}).months) == 36
    assert len(period(**{"from": "2020-01"}).months) == 36  # only `from`, long ago: its first 36 months
    for bad in ({"from": "2023-01", "to": "2026-01"}, {"from": "2026-02", "to": "2026-01"}, {"to": "2026-13"},
                {"from": "2026-1"}, {"to": 202601}, {"month": "2026-01"}):
        with pytest.raises(ValidationError):
            IndicatorQuery.model_validate(bad)


def test_nearest_rank_percentiles_from_a_histogram():
    waits = [(0, 1), (60, 1), (120, 1), (1800, 1)]
    assert percentile(waits, 0.5) == 60 and percentile(waits, 0.9) == 1800
    assert percentile([(5, 9), (100, 1)], 0.9) == 5 and percentile([(5, 9), (100, 1)], 0.91) == 100
    assert percentile([], 0.5) is None


def test_a_month_closes_two_days_after_it_ends():
    metric = METRICS["intake"]
    index = lambda year, month: year * 12 + month - 1  # noqa: E731
    assert closable(metric, date(2026, 12, 2)) == index(2026, 10)  # November may still change
    assert closable(metric, date(2026, 12, 3)) == index(2026, 11)
    assert closable(metric, date(2027, 1, 3)) == index(2026, 12)
