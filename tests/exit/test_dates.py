"""Effective dates: calendar days, business days with public holidays, months and leap years."""

from __future__ import annotations

import datetime as dt

import pytest

from contractkit import InvalidOptionError
from contractkit.exit.dates import add_business_days, add_months, effective_date, is_business_day
from contractkit.terms.normalize import Duration

D = dt.date


def test_calendar_days_run_through_weekends() -> None:
    assert effective_date(D(2025, 3, 3), Duration(30, "days")) == D(2025, 4, 2)
    assert effective_date(D(2025, 3, 7), Duration(1, "days")) == D(2025, 3, 8)  # a Saturday


def test_business_days_skip_weekends() -> None:
    # Friday + 1 business day is Monday; weekends only without a country
    assert add_business_days(D(2025, 3, 7), 1, country=None) == D(2025, 3, 10)
    assert add_business_days(D(2025, 3, 8), 1, country=None) == D(2025, 3, 10)
    assert add_business_days(D(2025, 3, 3), 10, country=None) == D(2025, 3, 17)


def test_business_days_skip_english_easter() -> None:
    # Good Friday 18 April and Easter Monday 21 April 2025 are bank holidays in England
    period = Duration(10, "business_days")
    assert effective_date(D(2025, 4, 14), period, country=None) == D(2025, 4, 28)
    assert effective_date(D(2025, 4, 14), period, country="GB", subdivision="ENG") == D(2025, 4, 30)


def test_business_days_over_christmas_and_new_year() -> None:
    period = Duration(3, "business_days")
    # 25, 26 Dec and 1 Jan in England; Scotland also rests on 2 January
    assert effective_date(D(2025, 12, 24), period, country="GB", subdivision="ENG") == D(
        2025, 12, 31
    )
    assert effective_date(D(2025, 12, 31), period, country="GB", subdivision="ENG") == D(2026, 1, 6)
    assert effective_date(D(2025, 12, 31), period, country="GB", subdivision="SCT") == D(2026, 1, 7)


def test_business_days_skip_us_holidays() -> None:
    # Independence Day (Fri 4 July 2025) and Thanksgiving (Thu 27 November 2025)
    assert not is_business_day(D(2025, 7, 4), country="US")
    assert add_business_days(D(2025, 7, 3), 1, country="US") == D(2025, 7, 7)
    assert add_business_days(D(2025, 11, 26), 2, country="US") == D(2025, 12, 1)
    assert add_business_days(D(2025, 11, 26), 2, country=None) == D(2025, 11, 28)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),  # clamped to a short month
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # from a leap day
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
        (D(2025, 10, 31), 3, D(2026, 1, 31)),  # across a year end
        (D(2025, 3, 15), 1, D(2025, 4, 15)),
    ],
)
def test_months_clamp_to_month_end(start: dt.date, months: int, end: dt.date) -> None:
    assert add_months(start, months) == end
    assert effective_date(start, Duration(months, "months")) == end


def test_leap_day_counts_as_a_day() -> None:
    assert effective_date(D(2024, 2, 1), Duration(30, "days")) == D(2024, 3, 2)
    assert effective_date(D(2025, 2, 1), Duration(30, "days")) == D(2025, 3, 3)


def test_bad_periods_and_countries_are_errors() -> None:
    with pytest.raises(InvalidOptionError, match="whole number"):
        effective_date(D(2025, 1, 1), Duration(1.5, "months"))
    with pytest.raises(InvalidOptionError, match="no public holiday calendar"):
        effective_date(D(2025, 1, 1), Duration(2, "business_days"), country="XX")


def test_a_notice_period_given_by_the_user() -> None:
    from contractkit.exit.dates import notice_period

    assert notice_period(20, business=True) == Duration(20, "business_days")
    assert notice_period(words="2 weeks") == Duration(14, "days")
    assert notice_period() is None
    for wrong in ({"days": 5, "words": "5 days"}, {"business": True}, {"words": "soon"}):
        with pytest.raises(InvalidOptionError):
            notice_period(**wrong)  # type: ignore[arg-type]
