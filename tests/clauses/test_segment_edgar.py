"""Segmentation of contracts as EDGAR files them (issue 14): pages run into one line.

The texts are written for these tests in the style of SEC filings, not copied from any.
"""

from __future__ import annotations

import contractkit
from contractkit.clauses.model import Clause
from contractkit.clauses.segment import segment


def clauses_of(text: str) -> list[Clause]:
    return segment(contractkit.open(text.encode()))


def numbers(clauses: list[Clause]) -> list[str | None]:
    return [c.number for c in clauses if c.kind != "preamble"]


def test_numbers_inside_a_page_long_line_start_clauses() -> None:
    clauses = clauses_of(
        "MAINTENANCE AGREEMENT This Maintenance Agreement is made between Northwind Ltd and "
        "Harbour Inc. The parties agree as follows: 1. Services. 1.1 Support. Northwind "
        "shall support the Software. 1.2 Updates. Northwind shall supply each update. "
        "2. Term. 2.1 Initial Term. This Agreement runs for two years from the date hereof. "
        "2.2 Renewal. This Agreement renews for one year unless a party gives notice under "
        "Section 8.3 of the Master Agreement. 2.3 Termination. (a) Either party may end it "
        "for breach. (b) Harbour may end it on notice.\n"
    )
    assert numbers(clauses) == ["1", "1.1", "1.2", "2", "2.1", "2.2", "2.3", "(a)", "(b)"]
    by_number = {c.number: c for c in clauses}
    assert by_number["2.2"].heading == "Renewal"
    # a reference inside a sentence stays in its clause
    assert by_number["2.2"].text.endswith("under Section 8.3 of the Master Agreement.")
    assert by_number["2.3"].heading == "Termination"
    assert by_number["(b)"].parent == by_number["2.3"].id


def test_a_number_out_of_sequence_inside_a_line_is_no_clause() -> None:
    clauses = clauses_of(
        "PRICING TERMS\n\n"
        "1. Fees. The Customer shall pay the fees in Schedule 2. 1.1 Invoices. Invoices are "
        "due in 30 days. The rate is set at 14.2 Pounds per hour. 1.2 Taxes. Fees exclude "
        "tax. 45.6 Units are delivered each month.\n"
    )
    assert numbers(clauses) == ["1", "1.1", "1.2"]
    assert clauses[-1].text.endswith("45.6 Units are delivered each month.")


def test_a_cross_reference_starting_a_line_is_no_heading() -> None:
    clauses = clauses_of(
        "LEASE\n\n"
        "4. Repairs. The Tenant shall keep the Premises in repair as required by\n"
        "Article 1251 et seq. of the Civil Code.\n\n"
        "4.1 Notice. The Tenant shall notify the Landlord of any defect.\n\n"
        "Section 12.15 of the Head Lease shall apply to this clause.\n\n"
        "4.2 Access. The Landlord may enter the Premises.\n"
    )
    assert numbers(clauses) == ["4", "4.1", "4.2"]
    by_number = {c.number: c for c in clauses}
    assert "Article 1251 et seq." in by_number["4"].text
    assert "Section 12.15 of the Head Lease" in by_number["4.1"].text


def test_a_capital_heading_before_a_number_ends_the_article_line() -> None:
    clauses = clauses_of(
        "SUPPLY AGREEMENT\n\n"
        'ARTICLE I DEFINITIONS 1.1 "Affiliate" means any entity controlling a party. '
        "ARTICLE II TERM 2.1 Term. This Agreement runs for five years.\n"
    )
    outline = [(c.level, c.number, c.heading) for c in clauses if c.kind != "preamble"]
    assert outline == [
        (1, "ARTICLE I", "DEFINITIONS"),
        (2, "1.1", None),
        (1, "ARTICLE II", "TERM"),
        (2, "2.1", "Term"),
    ]
