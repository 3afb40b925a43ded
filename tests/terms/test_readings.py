"""Number readings that word-by-word parsers (LexNLP's among them) get wrong on real filings.

Each case is a phrase from the kind of text EDGAR contracts carry, where a figure that is part
of an amount of money must not be read as a period or a percentage.
"""

from __future__ import annotations

import datetime as dt

import pytest

from contractkit.terms._calendar import add_duration, find_dates
from contractkit.terms.normalize import (
    Duration,
    MarginRate,
    Rate,
    base_rate,
    find_durations,
    find_rates,
)


@pytest.mark.parametrize(
    "text",
    [
        "$2 million year-over-year growth in revenue",
        "a million years",
        "fifty thousand dollars a year",
        "USD 5 year notes",
        "sales for the 2019 year",
        "revenue of $3.5 billion year on year",
    ],
)
def test_no_duration_in_amounts_of_money(text: str) -> None:
    assert [f.value for f in find_durations(text)] == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("for a period of one year", Duration(12, "months")),
        ("within thirty (30) days", Duration(30, "days")),
        ("a ninety-nine (99) year lease", Duration(1188, "months")),
    ],
)
def test_plain_periods_are_still_read(text: str, value: Duration) -> None:
    assert [f.value for f in find_durations(text)] == [value]


def test_the_scale_of_an_amount_is_not_part_of_a_percentage() -> None:
    text = "net sales of $1,049 million and one percent of the excess"
    found = list(find_rates(text))
    assert [f.value for f in found] == [Rate(1, None)]
    assert text[found[0].start : found[0].end].strip() == "one percent"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("interest at prime + 5% per annum", MarginRate("prime", 5, "year")),
        ("the Prime Rate plus two percent (2%) per annum", MarginRate("prime", 2, "year")),
        ("LIBOR plus 3.5% per annum", MarginRate("LIBOR", 3.5, "year")),
        ("1.5% per month", None),
    ],
)
def test_base_plus_margin(text: str, value: MarginRate | None) -> None:
    found = [base_rate(text, f) for f in find_rates(text)]
    assert [f.value if f else None for f in found] == [value]


def test_a_rate_over_a_base_says_so() -> None:
    assert str(MarginRate("prime", 5, "year")) == "prime + 5% per year"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("entered into this 8th day of May 2014", dt.date(2014, 5, 8)),
        ("made as of December 14th, 1997", dt.date(1997, 12, 14)),
        ("dated 1 June 2020", dt.date(2020, 6, 1)),
        ("Dated: 05/08/2014", dt.date(2014, 5, 8)),
        ("effective 2021-03-31", dt.date(2021, 3, 31)),
        ("Sept. 1, 2000", dt.date(2000, 9, 1)),
    ],
)
def test_dates(text: str, day: dt.date) -> None:
    assert [f.value for f in find_dates(text)] == [day]


@pytest.mark.parametrize("text", ["this ____ day of May, 2014", "February 30, 2020", "May 2014"])
def test_no_date_without_a_day(text: str) -> None:
    assert list(find_dates(text)) == []


def test_adding_months_keeps_the_day_or_takes_the_last() -> None:
    assert add_duration(dt.date(2019, 9, 13), Duration(84, "months")) == dt.date(2026, 9, 13)
    assert add_duration(dt.date(2020, 1, 31), Duration(1, "months")) == dt.date(2020, 2, 29)
    assert add_duration(dt.date(2020, 1, 1), Duration(30, "days")) == dt.date(2020, 1, 31)
    with pytest.raises(ValueError, match="business days"):
        add_duration(dt.date(2020, 1, 1), Duration(5, "business_days"))
