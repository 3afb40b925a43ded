"""The parties of real-world preambles: after a filing header, several of them, on a cover."""

from __future__ import annotations

from contractkit.terms.model import Party
from contractkit.terms.parties import find_parties

FILING_HEADER = (
    "EX-10.2 3 d123.htm MATERIAL CONTRACT\n\nExhibit 10.2\n\nCONFIDENTIAL TREATMENT REQUESTED\n\n"
    "TABLE OF CONTENTS\n\n1. Definitions 1\n2. Licence 4\n\n"
)


def names(text: str) -> list[str | None]:
    return [p.name for p in find_parties(text)]


def test_a_preamble_after_a_filing_header() -> None:
    text = FILING_HEADER + (
        'LICENSE AGREEMENT\n\nThis License Agreement (the "Agreement") is entered into as of '
        "June 1, 2010 by and between Orion Labs, Inc., a Delaware corporation having its "
        'principal place of business at 12 Elm Road, Austin, Texas ("Licensor"), and Quill '
        'Software GmbH ("Licensee").\n\nWHEREAS, Licensor owns certain patents.'
    )
    assert find_parties(text) == [
        Party("Orion Labs, Inc.", "Licensor", "provider"),
        Party("Quill Software GmbH", "Licensee", "client"),
    ]


def test_the_next_name_follows_the_previous_partys_address() -> None:
    text = (
        'This Agreement is entered into by and between Mortgage Works, Inc. ("Client"), '
        "with an address at Two Venture Plaza, Irvine, California 92618 and TrueLink, Inc. "
        '("TrueLink"), with an address at 3026 South Higuera, San Luis Obispo.'
    )
    assert names(text) == ["Mortgage Works, Inc.", "TrueLink, Inc."]


def test_a_defined_term_written_without_brackets() -> None:
    text = (
        "THIS AGREEMENT made this 5th day of December, 2007, between R. C. Boyd Enterprises, "
        'LLC, a Texas limited liability company, referred to in this Agreement as "Company", '
        "and Cano Petroleum, Inc., a Delaware corporation, referred to in this agreement as "
        '"Sponsor".'
    )
    assert names(text) == ["R. C. Boyd Enterprises, LLC", "Cano Petroleum, Inc."]


def test_banks_and_agents_of_a_credit_agreement() -> None:
    text = (
        'CREDIT AGREEMENT dated as of March 3, 2015 among HARBOR FOODS INC. (the "Borrower"), '
        'the several banks and other financial institutions parties hereto (the "Lenders"), '
        "and FIRST NATIONAL BANK, N.A., as Administrative Agent.\n\nNOW, THEREFORE, the "
        "parties agree as follows."
    )
    parties = find_parties(text)
    assert [p.name for p in parties] == ["HARBOR FOODS INC.", "FIRST NATIONAL BANK, N.A."]
    assert parties[0].role == "client" and parties[1].defined_as == "Administrative Agent"


def test_parties_on_a_cover_page() -> None:
    text = "# Cloud Service Agreement\n\nProvider: Nimbus Cloud Ltd\nCustomer: Kestrel Retail plc\n"
    assert find_parties(text) == [
        Party("Nimbus Cloud Ltd", "Provider", "provider"),
        Party("Kestrel Retail plc", "Customer", "client"),
    ]


def test_parties_in_the_signature_blocks() -> None:
    text = (
        "THIS AGREEMENT is made between the Parties signatory hereto, which are identified in "
        "Schedule A.\n\n1. Scope\n\nThe Parties shall build the cable.\n\nIN WITNESS WHEREOF "
        "the Parties have signed.\n\nFor and on behalf of Pacific Cable Ltd. By: ______\n\n"
        "For and on behalf of Harbour & Coast Telecom Corporation By: ______\n"
    )
    assert names(text) == ["Pacific Cable Ltd.", "Harbour & Coast Telecom Corporation"]


def test_standard_terms_name_the_parties_by_role_only() -> None:
    text = "Standard Terms\n\n" + " ".join(
        ["Provider will give Customer access to the Product."] * 6
    )
    assert find_parties(text) == [
        Party(None, "Provider", "provider"),
        Party(None, "Customer", "client"),
    ]


def test_no_parties_in_a_text_that_names_none() -> None:
    assert find_parties("Ten tips for a better garden.\n\nWater the roses in the morning.") == []


def test_names_on_paragraphs_of_their_own() -> None:
    text = (
        "COLLABORATION AGREEMENT\n\nby and between\n\nF. Hoffmann-La Roche Ltd\n\nwith an office "
        'at Grenzacherstrasse 124, Basel ("Roche")\n\non the one hand\n\nand\n\nFoundation '
        'Medicine, Inc.\n\nwith an office at 150 Second Street, Cambridge ("FMI")\n\non the '
        "other hand.\n\nWHEREAS, Roche and FMI wish to collaborate."
    )
    assert names(text) == ["F. Hoffmann-La Roche Ltd", "Foundation Medicine, Inc."]


def test_a_title_block_without_defined_terms() -> None:
    text = (
        "Exhibit 10.1\n\nCOLLABORATION AGREEMENT by and between THERAVANCE, INC. and GLAXO "
        "GROUP LIMITED Dated: November 14, 2002\n\nTABLE OF CONTENTS\n\n1. Definitions 1\n"
    )
    assert names(text) == ["THERAVANCE, INC.", "GLAXO GROUP LIMITED"]


def test_a_numbered_heading_and_its_sentence_are_no_party_name() -> None:
    # Standard terms whose names are on a cover page: the words before the first defined
    # term are a heading and a sentence, not a company.
    text = (
        "General Terms\n\n1. Scope. This Reciprocal Confidentiality Agreement (which takes in "
        'these General Terms and the Order Form (the "RCA")) says how each party treats what '
        "the other discloses."
        "\n\n2. Use. Each party uses the other's information only for the Purpose."
    )
    assert not any(p.name and "Scope" in p.name for p in find_parties(text))


def test_a_revisions_description_of_an_unnamed_party_reads_back_as_its_side() -> None:
    from contractkit.terms.parties import party_of

    assert party_of("The party providing the services", []) == "provider"
    assert party_of("the party renting the premises", []) == "client"
    assert party_of("the party granting the licence", []) == "provider"
