"""The normalisers read figures the many ways legal text writes them."""

from __future__ import annotations

import pytest

from contractkit.terms.normalize import (
    Duration,
    Money,
    Rate,
    find_durations,
    find_money,
    find_rates,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("thirty", 30),
        ("forty-five", 45),
        ("one hundred and twenty", 120),
        ("two hundred fifty thousand", 250_000),
        ("one million", 1_000_000),
        ("1,000,000", 1_000_000),
        ("1.5", 1.5),
        ("twice", 2),
        ("an", 1),
        ("thirty-ish", None),
        ("", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "amount", "unit", "quote"),
    [
        ("on thirty (30) days' notice", 30, "days", "thirty (30) days'"),
        ("ninety days", 90, "days", "ninety days"),
        ("one month's written notice", 1, "months", "one month's"),
        ("two (2) years", 24, "months", "two (2) years"),
        ("a 12-month period", 12, "months", "a 12-month"),
        ("twelve-month term", 12, "months", "twelve-month"),
        ("ten (10) business days", 10, "business_days", "ten (10) business days"),
        ("20 working days", 20, "business_days", "20 working days"),
        ("two weeks", 14, "days", "two weeks"),
        ("sixty (60) calendar days", 60, "days", "sixty (60) calendar days"),
        ("forty-five days", 45, "days", "forty-five days"),
        ("eighteen months", 18, "months", "eighteen months"),
        ("within 30 days of invoice", 30, "days", "30 days"),
        ("one (1) year terms", 12, "months", "one (1) year"),
        ("fourteen (14) days’ notice", 14, "days", "fourteen (14) days’"),
    ],
)
def test_durations(text: str, amount: int, unit: str, quote: str) -> None:
    [found] = list(find_durations(text))
    assert found.value == Duration(amount, unit)  # type: ignore[arg-type]
    assert text[found.start : found.end] == quote
    assert not found.conflict


def test_words_and_digits_that_disagree_are_flagged() -> None:
    # an OCR misreading of "thirty (30)": the words prevail, and a person is asked to check
    [found] = list(find_durations("thirty (80) days"))
    assert found.value == Duration(30, "days")
    assert found.conflict


def test_no_duration_in_section_numbers_or_plain_numbers() -> None:
    assert list(find_durations("Section 5.2 applies to 3 invoices")) == []


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("USD 1,000,000", 1_000_000, "USD"),
        ("one million dollars ($1,000,000)", 1_000_000, "USD"),
        ("£250,000", 250_000, "GBP"),
        ("GBP 500,000", 500_000, "GBP"),
        ("EUR 50.000", 50_000, "EUR"),
        ("€12,500.00", 12_500, "EUR"),
        ("$5,000", 5_000, "USD"),
        ("$1 million", 1_000_000, "USD"),
        ("one hundred thousand dollars", 100_000, "USD"),
        ("one hundred thousand Canadian dollars", 100_000, "CAD"),
        ("two thousand five hundred euros", 2_500, "EUR"),
        ("a fee of £40 per invoice", 40, "GBP"),
        ("US$750", 750, "USD"),
    ],
)
def test_money(text: str, amount: float, currency: str) -> None:
    [found] = list(find_money(text))
    assert found.value == Money(amount, currency)
    assert not found.conflict


def test_money_written_twice_that_disagrees_is_flagged() -> None:
    [found] = list(find_money("one million dollars ($7,000,000)"))
    assert found.conflict


@pytest.mark.parametrize(
    ("text", "percent", "per"),
    [
        ("1.5% per month", 1.5, "month"),
        ("eight percent (8%) per annum", 8, "year"),
        ("4% per year above the Bank of England base rate", 4, "year"),
        ("one and a half percent (1.5%) per month", 1.5, "month"),
        ("4 per cent per annum above base rate", 4, "year"),
        ("150% of the charges paid", 150, None),
        ("interest of 2% a month", 2, "month"),
    ],
)
def test_rates(text: str, percent: float, per: str | None) -> None:
    [found] = list(find_rates(text))
    assert found.value == Rate(percent, per)  # type: ignore[arg-type]
