"""Segmentation: the numbering and heading styles contracts use become one clause tree."""

from __future__ import annotations

import textwrap

import contractkit
from contractkit.clauses.model import Clause
from contractkit.clauses.segment import segment
from tests.fixtures.contract import render_contract


def clauses_of(text: str) -> list[Clause]:
    return segment(contractkit.open(textwrap.dedent(text).encode()))


def outline(clauses: list[Clause]) -> list[tuple[int, str | None, str | None, str]]:
    return [(c.level, c.number, c.heading, c.kind) for c in clauses if c.kind != "preamble"]


def parent_number(clauses: list[Clause], clause: Clause) -> str | None:
    by_id = {c.id: c for c in clauses}
    return by_id[clause.parent].number if clause.parent else None


def test_decimal_letters_and_romans_nest() -> None:
    clauses = clauses_of(
        """\
        SERVICES AGREEMENT

        This Agreement is made between Acme Ltd ("Client") and Jo Bloggs ("Consultant").

        1. Services

        1.1 The Consultant shall provide the Services.

        1.2 The Services include:

        (a) design work;

        (b) the following reviews:

        (i) a first review; and

        (ii) a final review.

        2. Payment

        2.1 The Client shall pay each invoice within thirty (30) days.
        """
    )
    assert outline(clauses) == [
        (1, "1", "Services", "clause"),
        (2, "1.1", None, "clause"),
        (2, "1.2", None, "clause"),
        (3, "(a)", None, "clause"),
        (3, "(b)", None, "clause"),
        (4, "(i)", None, "clause"),
        (4, "(ii)", None, "clause"),
        (1, "2", "Payment", "clause"),
        (2, "2.1", None, "clause"),
    ]
    assert parent_number(clauses, clauses[-1]) == "2"
    assert clauses[-1].text == "2.1 The Client shall pay each invoice within thirty (30) days."
    assert clauses[-1].pages == (1,)


def test_articles_with_heading_lines_and_dashes() -> None:
    clauses = clauses_of(
        """\
        CONSULTING AGREEMENT

        WHEREAS, the Company wishes to engage the Consultant; and

        WHEREAS, the Consultant is willing to be engaged.

        NOW, THEREFORE, the parties agree as follows:

        ARTICLE I

        DEFINITIONS

        1.01 "Services" means the services described in Exhibit A.

        ARTICLE 7 – TERMINATION

        7.01 Either party may terminate this Agreement on sixty days' written notice.

        (h) the eighth item;

        (i) the ninth item.

        IN WITNESS WHEREOF, the parties have signed this Agreement.

        By: ______________________

        EXHIBIT A

        STATEMENT OF WORK

        1. Design the website.
        """
    )
    assert outline(clauses) == [
        (1, None, None, "recitals"),
        (1, "ARTICLE I", "DEFINITIONS", "definitions"),
        (2, "1.01", None, "clause"),
        (1, "ARTICLE 7", "TERMINATION", "clause"),
        (2, "7.01", None, "clause"),
        (3, "(h)", None, "clause"),
        (3, "(i)", None, "clause"),  # after (h), (i) is a letter, not a roman one
        (1, None, None, "signature"),
        (1, "EXHIBIT A", "STATEMENT OF WORK", "schedule"),
        (2, "1", None, "clause"),
    ]
    recitals = clauses[1]
    assert recitals.text.startswith("WHEREAS") and recitals.text.endswith("as follows:")


def test_run_in_headings_and_section_numbers() -> None:
    clauses = clauses_of(
        """\
        PROFESSIONAL SERVICES AGREEMENT

        Section 1. Term. This Agreement begins on the Effective Date.

        1.1 Renewal. It renews for one (1) year terms.

        12. Termination. Either party may terminate on thirty (30) days' notice.

        13. The Client shall pay all fees. This sentence. Is not a heading.

        14. GOVERNING LAW. This Agreement is governed by the laws of Ontario.
        """
    )
    assert outline(clauses) == [
        (1, "Section 1", "Term", "clause"),
        (2, "1.1", "Renewal", "clause"),
        (1, "12", "Termination", "clause"),
        (1, "13", None, "clause"),
        (1, "14", "GOVERNING LAW", "clause"),
    ]
    assert clauses[3].body.startswith("Either party may terminate")


def test_unnumbered_headings_group_clauses() -> None:
    clauses = clauses_of(
        """\
        AGENCY AGREEMENT

        Fees and Payment

        4.1 The Brand shall pay the Retainer monthly.

        4.2 Invoices are due within fourteen days.

        5. Term

        5.1 This Agreement continues until terminated.
        """
    )
    assert outline(clauses) == [
        (1, None, "Fees and Payment", "clause"),
        (2, "4.1", None, "clause"),
        (2, "4.2", None, "clause"),
        (1, "5", "Term", "clause"),
        (2, "5.1", None, "clause"),
    ]


def test_a_numbered_heading_line_ends_before_its_first_sub_clause() -> None:
    # Plain text has no fonts: "2. Termination" alone on its line is what marks a heading.
    clauses = clauses_of(
        """\
        AGREEMENT

        2. Termination
        2.1 Either party may terminate as set out in Section
        2.2 of the Schedule.
        2.3 Nothing else.
        """
    )
    assert outline(clauses) == [
        (1, "2", "Termination", "clause"),
        (2, "2.1", None, "clause"),
        (2, "2.3", None, "clause"),
    ]
    assert clauses[2].text.endswith("Section\n2.2 of the Schedule.")
    # A heading may end in a full stop; a placeholder clause is not a heading.
    clauses = clauses_of("AGREEMENT\n\n3. Termination.\n\n3.1 Ends.\n\n4. Reserved.\n")
    assert outline(clauses)[0] == (1, "3", "Termination", "clause")
    assert outline(clauses)[2] == (1, "4", None, "clause")


def test_a_numbered_list_after_a_lead_in_is_not_a_run_of_sections() -> None:
    clauses = clauses_of(
        """\
        AGREEMENT

        2. Services

        2.1 The Provider shall perform the following Services:

        1. Discovery workshops.

        2. Design of the templates.

        2.2 The Provider shall use reasonable care.

        3. Fees and Payment

        3.1 The Client shall pay monthly.
        """
    )
    assert outline(clauses) == [
        (1, "2", "Services", "clause"),
        (2, "2.1", None, "clause"),
        (3, "1", None, "clause"),
        (3, "2", None, "clause"),
        (2, "2.2", None, "clause"),
        (1, "3", "Fees and Payment", "clause"),
        (2, "3.1", None, "clause"),
    ]


def test_a_sentence_going_on_after_a_page_break_stays_in_its_clause() -> None:
    clauses = clauses_of(
        "AGREEMENT\n\n4. Fees\n\n4.1 Customer shall pay each invoice within forty-five\f"
        "(45) days after the date of invoice.\n\n4.2 Interest runs on late payments:\n\n"
        "(1) at 1% a month; and\n\n(2) from the due date.\n"
    )
    assert [c.number for c in clauses if c.number] == ["4", "4.1", "4.2", "(1)", "(2)"]
    assert "forty-five\n\n(45) days after" in next(c for c in clauses if c.number == "4.1").text


def test_parties_block_numbers_stay_in_the_preamble() -> None:
    clauses = clauses_of(
        """\
        MASTER SERVICES AGREEMENT

        PARTIES

        (1) NORTHWIND LIMITED, a company registered in England ("Customer"); and

        (2) BLUEPRINT CONSULTING LTD ("Supplier").

        BACKGROUND

        (A) The Customer wishes to buy services.

        (B) The Supplier provides them.

        AGREED TERMS

        1. Definitions and Interpretation

        1.1 In this Agreement the following definitions apply.
        """
    )
    kinds = outline(clauses)
    assert kinds[0] == (1, None, None, "recitals")
    assert (1, "1", "Definitions and Interpretation", "definitions") in kinds
    assert clauses[0].kind == "preamble" and "BLUEPRINT" in clauses[0].text
    assert "(B) The Supplier provides them." in clauses[1].text


def test_born_digital_pdf_clauses_have_pages_and_boxes() -> None:
    pdf, _ = render_contract(3, 7)
    doc = contractkit.open(pdf)
    clauses = segment(doc)
    assert [(c.number, c.heading) for c in clauses if c.level == 1 and c.number][:4] == [
        ("1", "Services"),
        ("2", "Term"),
        ("3", "Termination"),
        ("4", "Fees and Payment"),
    ]
    assert clauses[-1].pages[-1] == len(doc.pages)
    for clause in clauses:
        assert clause.text == doc.text[clause.start : clause.end]
        assert clause.pages, clause.number
