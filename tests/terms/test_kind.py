"""The kind of a contract from its title, the roles of its parties and its vocabulary."""

from __future__ import annotations

import pytest

from contractkit.terms.kind import detect_kind

LEASE = """COMMERCIAL LEASE

This Lease is made on 1 March 2021 between Harbour Estates Ltd (the "Landlord") and
Pixel Bakery Ltd (the "Tenant").

1. The Landlord lets the Premises to the Tenant for a term of five years.
2. The Tenant shall pay the rent of GBP 24,000 a year quarterly in advance and a security
deposit of GBP 6,000. The Tenant shall keep the Premises in good repair.
3. Either party may terminate this Lease as provided in clause 7.
"""

CREDIT = """Exhibit 10.1

CREDIT AGREEMENT

dated as of March 3, 2015 among HARBOR FOODS INC. (the "Borrower"), the Lenders party
hereto and FIRST NATIONAL BANK, N.A., as Administrative Agent.

1. The Lenders agree to make Loans to the Borrower up to the aggregate Commitments.
2. The principal amount of each Loan shall bear interest at the Base Rate plus 2% per annum.
3. An Event of Default occurs if the Borrower fails to pay principal when due. The
obligations are secured by the Collateral.
"""

LICENCE = """Exhibit 10.7 PATENT AND TECHNOLOGY LICENSE AGREEMENT This License Agreement is entered
into by Orion Labs, Inc. ("Licensor") and Quill Software GmbH ("Licensee"). 1. Licensor
hereby grants Licensee a non-exclusive licence under the Licensed Patents. 2. Licensee shall
pay royalties of 5% of Net Sales. Licensee may not sublicense. 3. Either party may terminate
this Agreement upon breach.
"""

SAAS = """SAAS SUBSCRIPTION AGREEMENT

This Agreement is between Nimbus Cloud Ltd ("Provider") and Kestrel Retail plc ("Customer").

1. Provider shall make the hosted Subscription Service available with 99.9% uptime under
the Service Level Agreement. 2. Customer Data remains Customer's. 3. Customer shall pay the
subscription fees annually in advance. 4. Either party may terminate for material breach.
"""

MAGAZINE = """Ten ways to a greener garden

Spring is here, and with it the season of planting. Our editor visited three gardens in
Kent to see how their owners keep the roses blooming. Water in the morning, mulch in May,
and never prune in frost. Next month: the best apples for a small orchard, and a recipe for
a cider that keeps through winter.
"""


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (LEASE, "lease"),
        (CREDIT, "credit"),
        (LICENCE, "licence"),
        (SAAS, "saas"),
        (MAGAZINE, "not_a_contract"),
    ],
)
def test_kinds(text: str, kind: str) -> None:
    assert detect_kind(text).name == kind


def test_the_word_nearest_the_title_noun_decides() -> None:
    text = "MARKETING AFFILIATE AGREEMENT\n\n" + "The parties agree as follows. " * 20
    found = detect_kind(text)
    assert found.name == "other" and "title: AFFILIATE" in found.evidence


def test_a_title_on_a_page_long_line_is_cut_after_its_noun() -> None:
    text = (
        "Exhibit 10.2 ENDORSEMENT AGREEMENT This Agreement is entered into by and between "
        "Andy North and Golfers Inc. for the supply of golf balls. " + "The parties shall. " * 20
    )
    found = detect_kind(text)
    assert found.name == "services" and found.evidence[0] == "title: ENDORSEMENT"


def test_the_evidence_is_shown_with_the_confidence() -> None:
    found = detect_kind(LEASE, ["Landlord", "Tenant"])
    assert 0.5 < found.confidence <= 1 and any("landlord" in e for e in found.evidence)
