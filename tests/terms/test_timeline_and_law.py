"""Dates, governing law and the rule that a term is read only from a clause of its category."""

from __future__ import annotations

import datetime as dt

import pytest

import contractkit
from contractkit.clauses.taxonomy import ClauseType as T
from contractkit.terms.model import Dated, DefinedCap, Jurisdiction, Perpetual, Relative
from contractkit.terms.normalize import Duration
from tests.terms.conftest import ByHeading

LABELS = ByHeading(
    {
        "Term": [T.TERM],
        "Governing Law": [T.GOVERNING_LAW],
        "Liability": [T.CAP_ON_LIABILITY],
        "Miscellaneous": [T.ENTIRE_AGREEMENT],
    }
)

HEADER = (
    "Exhibit 10.4\n\nSource: ACME CORP, 10-Q, 8/14/2014\n\nDISTRIBUTION AGREEMENT\n\n"
    'THIS DISTRIBUTION AGREEMENT (the "Agreement") is entered into as of this 8th day of '
    'May, 2014 (the "Effective Date") by and between ACME CORP., a Delaware corporation '
    '("Acme"), and Borealis Trading Ltd., with offices at 1 Main Street, Toronto, Ontario '
    '("Distributor").\n\nWHEREAS, the parties signed a letter dated January 3, 2013.\n\n'
)


def extract(body: str) -> contractkit.Extraction:
    return contractkit.extract((HEADER + body).encode(), classifier=LABELS)


def test_dates_come_from_the_opening_words_not_the_recitals() -> None:
    result = extract("1. Term\n\n1.1 This Agreement continues for five (5) years.\n")
    assert result.term("agreement_date").value == Dated(dt.date(2014, 5, 8))  # type: ignore[union-attr]
    assert result.term("effective_date").value == Dated(dt.date(2014, 5, 8))  # type: ignore[union-attr]


def test_an_undated_end_is_the_effective_date_plus_the_initial_term() -> None:
    result = extract("1. Term\n\n1.1 This Agreement continues for five (5) years.\n")
    end = result.term("expiration_date")
    assert end is not None and end.value == Dated(dt.date(2019, 5, 8))
    assert "five (5) years" in end.text


def test_a_dated_end_is_taken_as_written() -> None:
    result = extract("1. Term\n\n1.1 This Agreement shall remain in effect until June 30, 2016.\n")
    assert result.term("expiration_date").value == Dated(dt.date(2016, 6, 30))  # type: ignore[union-attr]


def test_an_agreement_without_end_is_perpetual() -> None:
    body = "1. Term\n\n1.1 This Agreement shall continue in full force until terminated.\n"
    assert isinstance(extract(body).term("expiration_date").value, Perpetual)  # type: ignore[union-attr]


def test_without_a_start_date_the_end_is_relative() -> None:
    result = contractkit.extract(
        b'This Agreement is made between Acme Ltd ("Client") and Bo Li ("Consultant").\n\n'
        b"1. Term\n\n1.1 This Agreement continues for an initial term of two (2) years.\n",
        classifier=LABELS,
    )
    value = result.term("expiration_date").value  # type: ignore[union-attr]
    assert value == Relative(Duration(24, "months"), "the Effective Date")


@pytest.mark.parametrize(
    ("sentence", "jurisdiction"),
    [
        ("This Agreement is governed by the laws of the State of NEW YORK.", "New York"),
        (
            "This Agreement shall be construed in accordance with the laws of the Commonwealth "
            "of Massachusetts, without regard to its conflict of laws rules.",
            "Massachusetts",
        ),
        ("This Agreement shall be governed by English law.", "England and Wales"),
        ("The laws of England and Wales shall govern this Agreement.", "England and Wales"),
        (
            "This Agreement is governed by the federal laws of the United States and the laws "
            "of the State of Delaware.",
            "Delaware",
        ),
        ("This Agreement is governed by the laws of the Netherlands.", "Netherlands"),
        ("The parties agree that the law of the state of florida will govern.", "Florida"),
        ("This Agreement is subject to the laws of the Province of Ontario, Canada.", "Ontario"),
    ],
)
def test_jurisdictions_are_canonical(sentence: str, jurisdiction: str) -> None:
    result = extract(f"1. Governing Law\n\n1.1 {sentence}\n")
    assert result.term("governing_law").value == Jurisdiction(jurisdiction)  # type: ignore[union-attr]


def test_no_governing_law_from_a_clause_about_something_else() -> None:
    body = "1. Miscellaneous\n\n1.1 This Agreement is governed by the laws of the State of Texas.\n"
    assert extract(body).term("governing_law") is None


def test_a_cap_given_as_a_defined_amount_is_followed_to_its_definition() -> None:
    body = (
        '1. Definitions\n\n1.1 "General Cap Amount" means USD 250,000.\n\n'
        "2. Liability\n\n2.1 Each party's total liability shall not exceed the General Cap "
        "Amount.\n"
    )
    value = extract(body).term("liability_cap").value  # type: ignore[union-attr]
    assert value == DefinedCap("General Cap Amount", 250000, "USD", None)


def test_a_cap_defined_on_a_cover_page_is_not_no_cap() -> None:
    body = (
        '1. Definitions\n\n1.1 "General Cap Amount" means the amount stated in the Cover Page.\n\n'
        "2. Liability\n\n2.1 Each party's total liability shall not exceed the General Cap "
        "Amount.\n"
    )
    value = extract(body).term("liability_cap").value  # type: ignore[union-attr]
    assert value == DefinedCap("General Cap Amount", None, None, "Cover Page")
    assert "defined in the Cover Page" in contractkit.terms.model.describe(value)


def test_extend_for_a_period_is_the_initial_term_not_a_renewal() -> None:
    body = (
        "1. Term\n\n1.1 This Agreement shall commence on the Effective Date and shall extend for "
        'a period of five (5) years thereafter ("Initial Term").\n'
    )
    result = extract(body)
    assert result.term("initial_term").value == Duration(60, "months")  # type: ignore[union-attr]
    assert result.term("renewal_term") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "The term shall commence on the Effective Date and conclude on October 31, 2016.",
        "The term will end the later of (i) October 31, 2016 or (ii) delivery of the goods.",
        "The effective term is 12 months beginning May 8, 2014 and ending October 31, 2016.",
    ],
)
def test_ways_of_dating_the_end(sentence: str) -> None:
    result = extract(f"1. Term\n\n1.1 {sentence}\n")
    assert result.term("expiration_date").value == Dated(dt.date(2016, 10, 31))  # type: ignore[union-attr]
