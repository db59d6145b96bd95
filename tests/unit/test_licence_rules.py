from datetime import date

from backend.licensing.models.dogs import Vaccination
from backend.licensing.models.licences import Licence, Term, add_years, term_end


def licence(expires_on: date, status: str = "active") -> Term:
    return Term(status=status, issued_on=date(2025, 3, 1), expires_on=expires_on)


def test_add_years_moves_29_february_to_28th():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2025, 3, 1), 1) == date(2026, 3, 1)


def test_term_is_one_year_less_a_day_unless_the_vaccination_ends_first():
    assert term_end(date(2026, 11, 22), date(2028, 1, 1)) == date(2027, 11, 21)
    assert term_end(date(2026, 11, 22), date(2027, 6, 30)) == date(2027, 6, 30)


def test_renewal_window_opens_before_expiry_and_closes_after_grace():
    item = licence(date(2026, 12, 31))
    assert not item.renewal_open(date(2026, 11, 30), window_days=30, grace_days=30)
    assert item.renewal_open(date(2026, 12, 1), window_days=30, grace_days=30)
    assert item.renewal_open(date(2027, 1, 30), window_days=30, grace_days=30)
    assert not item.renewal_open(date(2027, 1, 31), window_days=30, grace_days=30)


def test_overdue_inside_grace_and_lapsed_after_it():
    item = licence(date(2026, 12, 31))
    assert not item.overdue(date(2026, 12, 31))
    assert item.overdue(date(2027, 1, 1)) and not item.lapsed(date(2027, 1, 1), grace_days=30)
    assert item.lapsed(date(2027, 1, 31), grace_days=30)


def test_cancelled_licence_is_never_open_for_renewal_or_valid():
    item = licence(date(2026, 12, 31), status="cancelled")
    assert not item.renewal_open(date(2026, 12, 20), 30, 30)
    assert not item.valid_on(date(2026, 6, 1))


def test_vaccination_valid_through_its_last_day():
    shot = Vaccination(vaccinated_on=date(2026, 1, 10), expires_on=date(2027, 1, 9))
    assert shot.valid_on(date(2027, 1, 9))
    assert not shot.valid_on(date(2027, 1, 10))
    assert not shot.valid_on(date(2026, 1, 9))


def test_a_licence_row_answers_with_its_term():
    row = Licence(status="active", issued_on=date(2026, 1, 1), expires_on=date(2026, 12, 31))
    assert row.renewal_open(date(2026, 12, 15), 30, 30) and row.valid_on(date(2026, 6, 1))
    assert row.overdue(date(2027, 1, 2)) and not row.lapsed(date(2027, 1, 2), 30)
