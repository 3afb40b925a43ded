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


def test_a_table_of_contents_run_into_one_line_makes_no_clauses() -> None:
    clauses = clauses_of(
        "DISTRIBUTION AGREEMENT\n\n"
        "TABLE OF CONTENTS Page ARTICLE 1 Definitions 1 Section 1.1 Defined Terms 1 "
        "Section 1.2 Construction 4 ARTICLE 2 Appointment 5 Section 2.1 Grant 5 "
        "Section 2.2 Territory . . . . . . 6\n\n"
        "ARTICLE 1 DEFINITIONS Section 1.1 Defined Terms. The terms below have these meanings. "
        "Section 1.2 Construction. Headings are for convenience only. ARTICLE 2 APPOINTMENT "
        "Section 2.1 Grant. The Supplier appoints the Distributor. Section 2.2 Territory. "
        "The Territory is Canada.\n"
    )
    assert numbers(clauses) == [
        "ARTICLE 1",
        "Section 1.1",
        "Section 1.2",
        "ARTICLE 2",
        "Section 2.1",
        "Section 2.2",
    ]
    assert "TABLE OF CONTENTS" in clauses[0].text  # the table stays in the preamble
    assert clauses[1].heading == "DEFINITIONS"


def test_a_table_of_contents_with_dot_leaders_on_its_own_lines() -> None:
    clauses = clauses_of(
        "SUPPLY AGREEMENT\n\n"
        "CONTENTS\n\n"
        "1. Supply ............ 2\n"
        "2. Price ............. 3\n"
        "3. Term .............. 5\n\n"
        "1. Supply. The Supplier shall supply the Goods.\n\n"
        "2. Price. The Buyer shall pay the Price.\n\n"
        "3. Term. This Agreement lasts one year.\n"
    )
    assert numbers(clauses) == ["1", "2", "3"]
    assert [c.heading for c in clauses[1:]] == ["Supply", "Price", "Term"]


def test_underline_rules_and_page_furniture_are_no_headings() -> None:
    clauses = clauses_of(
        "SERVICES AGREEMENT\n\n"
        "This Agreement is made between Acme Corp and Beta LLC.\n\n"
        "SECTION EIGHTEEN\n"
        "________________\n\n"
        "BREACH\n"
        "======\n\n"
        "Either party may terminate this Agreement for a material breach.\n\n"
        "Source: BETA LLC, 10-K, 3/1/2019\n\n"
        "Page 7 of 9\n\n"
        "SECTION NINETEEN / NOTICES\n\n"
        "Notices must be in writing. ------------\n"
    )
    outline = [(c.number, c.heading) for c in clauses if c.kind != "preamble"]
    assert outline == [("SECTION EIGHTEEN", "BREACH"), ("SECTION NINETEEN", "NOTICES")]
    assert "Page 7 of 9" in clauses[1].text  # kept in the text, not made a heading


def test_roman_and_letter_outlines_with_lists_inside() -> None:
    clauses = clauses_of(
        "FRANCHISE AGREEMENT\n\n"
        "This Franchise Agreement is made between Wings Inc and the Franchisee.\n\n"
        "I. TERM AND RENEWAL\n\n"
        "A. The term is ten years.\n\n"
        "B. You may renew the franchise if:\n\n"
        "1. you have complied with this Agreement; and\n\n"
        "2. you give notice.\n\n"
        "II. FEES\n\n"
        "A. You pay the Initial Fee.\n"
    )
    outline = [(c.level, c.number, c.heading) for c in clauses if c.kind != "preamble"]
    assert outline == [
        (1, "I", "TERM AND RENEWAL"),
        (2, "A", None),
        (2, "B", None),
        (3, "1", None),
        (3, "2", None),
        (1, "II", "FEES"),
        (2, "A", None),
    ]


def test_title_page_lines_stay_in_the_preamble() -> None:
    clauses = clauses_of(
        "Execution Copy\n\n"
        "LICENSE AGREEMENT\n\n"
        "DATED AS OF MAY 1, 2020\n\n"
        "BY AND BETWEEN\n\n"
        "NORTHWIND, INC.\n\n"
        "AND\n\n"
        "HARBOUR LIMITED\n\n"
        "This License Agreement is entered into by Northwind, Inc. and Harbour Limited.\n\n"
        "1. Grant. Northwind grants Harbour a licence.\n"
    )
    assert [(c.kind, c.number) for c in clauses] == [("preamble", None), ("clause", "1")]
    assert clauses[0].text.startswith("Execution Copy")


def test_a_list_item_opening_in_lower_case_is_no_reference() -> None:
    clauses = clauses_of(
        "HOSTING AGREEMENT\n\n"
        "4.3 If the Customer pays late, the Supplier may:\n\n"
        "(a) to charge interest on the sum; and\n\n"
        "(b) is entitled to suspend the Services.\n\n"
        "(c), (d) and (e) of Schedule 1 apply as well.\n"
    )
    assert numbers(clauses) == ["4.3", "(a)", "(b)"]
    assert clauses[-1].text.endswith("(c), (d) and (e) of Schedule 1 apply as well.")


def test_a_list_starting_again_nests_under_the_clause_before_it() -> None:
    clauses = clauses_of(
        "SERVICES AGREEMENT\n\n"
        "1. Services. The Supplier shall provide the Services.\n\n"
        "2. Fees. The Customer shall pay the Fees.\n\n"
        "Payment is made in two steps\n\n"
        "1. an advance on signature;\n\n"
        "2. the balance on delivery.\n\n"
        "3. Term. This Agreement lasts a year.\n"
    )
    outline = [(c.level, c.number) for c in clauses if c.kind != "preamble"]
    assert outline == [(1, "1"), (1, "2"), (2, "1"), (2, "2"), (1, "3")]


def test_items_run_into_one_sentence_after_a_colon_stay_in_it() -> None:
    clauses = clauses_of(
        "NON-DISCLOSURE AGREEMENT\n\n"
        '1. Introduction. This agreement ("NDA") covers Confidential Information. '
        "2. Use. The Recipient shall: (a) use it solely for the Purpose; (b) not disclose it; "
        "and (c) protect it. 3. Exceptions. The obligations do not apply to information that: "
        "(a) is public. (b) was known before.\n"
    )
    assert numbers(clauses) == ["1", "2", "3", "(a)", "(b)"]
    assert clauses[2].text.endswith("and (c) protect it.")


def test_numbered_parties_stay_in_the_preamble() -> None:
    clauses = clauses_of(
        "HOSTING AGREEMENT\n\n"
        "BETWEEN\n\n"
        '1. Northwind Data Corp., a Delaware corporation ("Northwind"); and\n\n'
        '2. Harbour Science Limited, a company registered in England ("Harbour").\n\n'
        "1. Definitions\n\n"
        "In this Agreement the following words have these meanings.\n\n"
        "2. Appointment\n\n"
        "Harbour appoints Northwind to host the Site.\n"
    )
    outline = [(c.number, c.heading, c.kind) for c in clauses]
    assert outline == [
        (None, None, "preamble"),
        ("1", "Definitions", "definitions"),
        ("2", "Appointment", "clause"),
    ]


def test_definitions_stay_in_their_clause_and_schedules_number_apart() -> None:
    clauses = clauses_of(
        "LICENSE AGREEMENT\n\n"
        "This License Agreement is made between Northwind Inc. and Harbour LLC.\n\n"
        '1. Definitions. "Affiliate" means an entity controlling a party. "Licensed '
        'Product" means the product in Exhibit A. "Territory" means Canada.\n\n'
        "2. Grant. Northwind grants Harbour a licence in the Territory.\n\n"
        "3. Fees. Harbour pays the fees in Exhibit A.\n\n"
        "IN WITNESS WHEREOF, the parties have signed this Agreement.\n\n"
        "EXHIBIT A\n\n"
        "LICENSED PRODUCT AND FEES\n\n"
        "1. Product. The Licensed Product is the Harbour app.\n\n"
        "2. Fees. The fee is $10 per user.\n"
    )
    outline = [(c.level, c.number, c.heading, c.kind) for c in clauses if c.kind != "preamble"]
    assert outline == [
        (1, "1", "Definitions", "definitions"),
        (1, "2", "Grant", "clause"),
        (1, "3", "Fees", "clause"),
        (1, None, None, "signature"),
        (1, "EXHIBIT A", "LICENSED PRODUCT AND FEES", "schedule"),
        (2, "1", "Product", "clause"),
        (2, "2", "Fees", "clause"),
    ]
    assert '"Territory" means Canada.' in clauses[1].text
    by_id = {c.id: c for c in clauses}
    assert by_id[clauses[-1].parent or ""].number == "EXHIBIT A"


def test_recitals_signature_and_exhibit_inside_page_lines() -> None:
    clauses = clauses_of(
        "LICENSE AGREEMENT\n\n"
        'This License Agreement is made between Northwind Inc. ("Northwind") and Harbour '
        "LLC. WHEREAS, Northwind owns the app. NOW, THEREFORE, the parties agree: "
        '1. Definitions. "Affiliate" means an entity. 2. Grant. Northwind grants a licence. '
        "IN WITNESS WHEREOF, the parties have signed this Agreement. NORTHWIND INC. By: Jo\n\n"
        "EXHIBIT A LICENSED PRODUCT AND FEES 1. Product. The Licensed Product is the app. "
        "2. Fees. The fee is $10.\n"
    )
    outline = [(c.level, c.number, c.kind) for c in clauses]
    assert outline == [
        (1, None, "preamble"),
        (1, None, "recitals"),
        (1, "1", "definitions"),
        (1, "2", "clause"),
        (1, None, "signature"),
        (1, "EXHIBIT A", "schedule"),
        (2, "1", "clause"),
        (2, "2", "clause"),
    ]
    assert clauses[1].text.endswith("the parties agree:")
    assert clauses[4].text.endswith("NORTHWIND INC. By: Jo")


def test_point_zero_sections_and_capital_run_in_headings() -> None:
    clauses = clauses_of(
        "FRANCHISE AGREEMENT\n\n"
        "This Franchise Agreement is made between Hilltop Inc. and you.\n\n"
        "1.0 DEFINITIONS The following terms have these meanings. 2.0 GRANT OF LICENSE "
        "2.1 Non-Exclusive License. We grant you a licence. 2.2 Commencement of the Hotel "
        "Work. 2.2.1 You will start the work on time. 3.0 TERM The Term begins today.\n"
    )
    outline = [(c.level, c.number, c.heading) for c in clauses if c.kind != "preamble"]
    assert outline == [
        (1, "1.0", "DEFINITIONS"),
        (1, "2.0", "GRANT OF LICENSE"),
        (2, "2.1", "Non-Exclusive License"),
        (2, "2.2", "Commencement of the Hotel Work"),
        (3, "2.2.1", None),
        (1, "3.0", "TERM"),
    ]
    assert clauses[1].kind == "definitions"


def test_initials_inside_a_line_are_no_lettered_items() -> None:
    clauses = clauses_of(
        "SPONSORSHIP AGREEMENT\n\n"
        'This Agreement is made between Todos Ltd. ("Todos") and Care G. B. Plus Ltd. '
        "1. Name. Todos may use the name of Dr. C. Everett Koop. A. Scope. The name is used "
        "in Canada. B. Term. The use lasts a year.\n"
    )
    assert numbers(clauses) == ["1", "A", "B"]
    assert "Care G. B. Plus Ltd." in clauses[0].text


def test_numbers_a_pdf_glued_to_their_headings_and_notice_labels() -> None:
    clauses = clauses_of(
        "TRADEMARK LICENSE AGREEMENT\n\n"
        "This Agreement is made between Licensor Inc. and Licensee LLC.\n\n"
        "1.Grant of Rights. Licensor grants Licensee a licence.\n\n"
        "Section 1.1.License Grant. The licence is non-exclusive.\n"
        "Section 1.2.Sublicensing. Licensee may not sublicense.\n\n"
        "2.Miscellaneous.\n\n"
        "Section 2.1.Notice. Notices are sent to:\n\n"
        "LICENSOR:\n\n"
        "Email: legal@example.com\n"
        "Section 2.2.Integration. This Agreement is the entire agreement.\n"
    )
    outline = [(c.level, c.number, c.heading) for c in clauses if c.kind != "preamble"]
    assert outline == [
        (1, "1", "Grant of Rights"),
        (2, "Section 1.1", "License Grant"),
        (2, "Section 1.2", "Sublicensing"),
        (1, "2", "Miscellaneous"),
        (2, "Section 2.1", "Notice"),
        (2, "Section 2.2", "Integration"),
    ]
    assert "LICENSOR:" in clauses[-2].text


def test_the_filing_exhibit_label_and_lettered_recitals_before_sections() -> None:
    clauses = clauses_of(
        "EXHIBIT C\n\n"
        "FRANCHISE AGREEMENT\n\n"
        "THIS AGREEMENT is entered into by Airco Inc. and You.\n\n"
        "RECITALS\n\n"
        "A. Airco designs air purifiers.\n\n"
        "B. You wish to sell them.\n\n"
        "1. GRANT OF FRANCHISE\n\n"
        "1.01 Airco grants You a franchise.\n\n"
        "2. TERM AND RENEWAL\n\n"
        "2.01 You may renew if:\n\n"
        "A. You give notice; and\n\n"
        "B. You are not in default.\n"
    )
    outline = [(c.level, c.number, c.kind) for c in clauses]
    assert outline == [
        (1, None, "preamble"),
        (1, None, "recitals"),
        (1, "1", "clause"),
        (2, "1.01", "clause"),
        (1, "2", "clause"),
        (2, "2.01", "clause"),
        (3, "A", "clause"),
        (3, "B", "clause"),
    ]
    assert clauses[0].text.startswith("EXHIBIT C")


def test_a_table_of_contents_with_lettered_sections_and_figures_in_titles() -> None:
    clauses = clauses_of(
        "FRANCHISE AGREEMENT\n\n"
        "TABLE OF CONTENTS\n\n"
        "1. DEFAULT AND TERMINATION..........50 1.A. RIGHTS OF PARTIES ARE CUMULATIVE.....50 "
        "1.B. 30 DAYS NOTICE - CURABLE DEFAULTS....51\n\n"
        "2. NOTICES...........72 2.A. DELIVERY UNDER U.C.C.......72\n\n"
        "1. DEFAULT AND TERMINATION.\n\n"
        "1.A. RIGHTS OF PARTIES ARE CUMULATIVE. The rights of the parties are cumulative.\n\n"
        "1.B. 30 DAYS NOTICE - CURABLE DEFAULTS. A default may be cured in 30 days.\n\n"
        "2. NOTICES.\n\n"
        "2.A. DELIVERY UNDER U.C.C. Notices are delivered by hand.\n"
    )
    outline = [(c.level, c.number) for c in clauses if c.kind != "preamble"]
    assert outline == [(1, "1"), (2, "1.A"), (2, "1.B"), (1, "2"), (2, "2.A")]
    assert clauses[0].text.endswith("DELIVERY UNDER U.C.C.......72")


def test_filing_exhibit_numbers_in_page_headers_are_no_schedules() -> None:
    clauses = clauses_of(
        "COOPERATION AGREEMENT\n\n"
        "This Agreement is made between Spok Inc. and the Holders.\n\n"
        "1. Board Nominations. The Board shall appoint the New Director.\n\n"
        "Exhibit 10.1\n\n"
        "2. Miscellaneous.\n\n"
        "(a) Specific Enforcement; Special Remedy. Each party may seek an injunction.\n\n"
        "SCHEDULE 1 .... 10\n\n"
        "List of Holders.\n"
    )
    outline = [(c.level, c.number, c.heading, c.kind) for c in clauses if c.kind != "preamble"]
    assert outline == [
        (1, "1", "Board Nominations", "clause"),
        (1, "2", "Miscellaneous", "clause"),
        (2, "(a)", "Specific Enforcement; Special Remedy", "clause"),
        (1, "SCHEDULE 1", None, "schedule"),
    ]


def test_a_number_glued_to_a_heading_in_capitals() -> None:
    clauses = clauses_of(
        "AFFILIATE AGREEMENT\n\n"
        "This Agreement is made between Network Inc. and Affiliate LLC. "
        "1.TERM: (a) Initial Term. The Term is five years. (b) Renewal Term. It renews. "
        "2.CONTENT OF THE SERVICE: (a) Content. The Service is news.\n"
    )
    outline = [(c.level, c.number, c.heading) for c in clauses if c.kind != "preamble"]
    assert outline == [
        (1, "1", "TERM"),
        (2, "(a)", "Initial Term"),
        (2, "(b)", "Renewal Term"),
        (1, "2", "CONTENT OF THE SERVICE"),
        (2, "(a)", "Content"),
    ]


def test_general_terms_after_a_signed_summary_are_clauses() -> None:
    terms = (
        "This Agreement consists of the Summary above and these General Provisions, which "
        "govern the sponsorship. Sponsor shall pay the fees stated in the Summary when due, "
        "and the Team shall deliver each benefit the Summary lists during each season. "
        "Each party shall perform its obligations in a professional manner."
    )
    clauses = clauses_of(
        "SPONSORSHIP AGREEMENT SUMMARY\n\nSponsor: Halcyon Grill Inc.\n\n"
        "By: /s/ Ann Lee\n\nIts: Vice President\n\nGENERAL PROVISIONS\n\n"
        f"1. Scope. {terms}\n\n"
        "2. Governing Law. This Agreement shall be governed by the laws of the State of "
        "California without regard to principles of conflict of laws.\n"
    )
    kinds = {c.number: c.kind for c in clauses}
    assert kinds.get("1") == "clause" and kinds.get("2") == "clause"
