"""contractkit.extract: clauses, labels and normalised terms, on text written for the tests."""

from __future__ import annotations

import json
import textwrap

import jsonschema
import pytest

import contractkit
from contractkit import ClauseType, Extraction, Label, RuleClassifier
from contractkit.clauses.model import Clause
from contractkit.extraction import extraction_schema
from contractkit.terms.model import AmountCap, FeesCap, Flag, Items, PartyNotice
from contractkit.terms.normalize import Duration

CONTRACT = textwrap.dedent(
    """\
    WEB DESIGN AGREEMENT

    This Agreement is made between Northwind Studio Ltd, a company registered in England
    ("Client"), and Jane Doe, an individual ("Designer").

    1. Term

    1.1 This Agreement starts on the Effective Date and continues for an initial term of
    two (2) years. It shall automatically renew for successive one (1) year terms unless
    either party gives notice of non-renewal at least sixty (60) days before the end of the
    then-current term.

    2. Termination

    2.1 The Client may terminate this Agreement for convenience on thirty (30) days' written
    notice, and the Designer may terminate it at any time by giving fourteen (14) days' notice.

    2.2 Either party may terminate this Agreement if the other party commits a material breach
    and fails to remedy it within ten (10) business days after written notice.

    3. Fees and Payment

    3.1 The Client shall pay each invoice within fifteen (15) days of the invoice date.

    3.2 Late payments bear interest at 1.5% per month. If any invoice is unpaid, the Designer
    may suspend the Services until payment is received.

    4. Liability

    4.1 Each party's total liability shall not exceed the fees paid in the twelve (12) months
    preceding the claim.

    4.2 Neither party shall be liable for any indirect or consequential loss or loss of profits.

    4.3 Sections 4.1 and 4.2 do not apply to obligations under Section 5 or to fraud.

    5. Indemnities

    5.1 The Designer shall indemnify the Client against third-party claims that the Deliverables
    infringe any intellectual property right.

    6. Governing Law

    6.1 This Agreement is governed by the laws of England and Wales, and the courts of
    England and Wales have exclusive jurisdiction.
    """
).encode()


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    return contractkit.extract(CONTRACT)


def labels_of(extraction: Extraction, number: str) -> set[ClauseType]:
    [clause] = [c for c in extraction.clauses if c.number == number]
    return set(clause.categories)


def test_clauses_are_labelled(extraction: Extraction) -> None:
    assert ClauseType.TERMINATION_FOR_CONVENIENCE in labels_of(extraction, "2.1")
    assert ClauseType.NOTICE_PERIOD in labels_of(extraction, "2.1")
    assert {ClauseType.TERMINATION_FOR_CAUSE, ClauseType.CURE_PERIOD} <= labels_of(
        extraction, "2.2"
    )
    assert ClauseType.CAP_ON_LIABILITY in labels_of(extraction, "4.1")
    assert ClauseType.CONSEQUENTIAL_DAMAGES in labels_of(extraction, "4.2")
    assert ClauseType.UNCAPPED_LIABILITY in labels_of(extraction, "4.3")
    assert labels_of(extraction, "2") == set()  # a heading alone provides for nothing
    [clause] = [c for c in extraction.clauses if c.number == "2.1"]
    label = clause.labels[0]
    assert 0.5 <= label.score <= 1 and label.triggers


def test_terms_are_normalised(extraction: Extraction) -> None:
    values = {}
    for term in extraction.terms:
        values.setdefault(term.name, []).append(term.value)
    assert values["termination_notice"] == [
        PartyNotice("client", 30, "days"),
        PartyNotice("provider", 14, "days"),
    ]
    assert values["initial_term"] == [Duration(24, "months")]
    assert values["renewal_term"] == [Duration(12, "months")]
    assert values["auto_renewal"] == [Flag(True)]
    assert values["renewal_notice"] == [Duration(60, "days")]
    assert values["cure_period"] == [Duration(10, "business_days")]
    assert values["payment_due"] == [Duration(15, "days")]
    assert values["liability_cap"] == [FeesCap(1, 12)]
    # "obligations under Section 5" is resolved to the indemnities clause
    assert values["liability_cap_exclusions"] == [Items(("fraud", "indemnification"))]
    assert values["consequential_damages_excluded"] == [Flag(True)]
    assert values["suspension_for_nonpayment"] == [Flag(True)]
    assert [v.jurisdiction for v in values["governing_law"]] == ["England and Wales"]  # type: ignore[attr-defined]


def test_terms_point_at_their_words(extraction: Extraction) -> None:
    term = extraction.term("cure_period")
    assert term is not None
    assert term.text == "ten (10) business days"
    assert term.page == 1 and term.clause == next(
        c.id for c in extraction.clauses if c.number == "2.2"
    )
    assert "material breach" in term.quote
    assert term.confidence is None and not term.needs_review  # not OCR'd


def test_parties_and_roles(extraction: Extraction) -> None:
    assert [(p.name, p.defined_as, p.role) for p in extraction.parties] == [
        ("Northwind Studio Ltd", "Client", "client"),
        ("Jane Doe", "Designer", "provider"),
    ]


def test_json_is_stable_and_valid(extraction: Extraction) -> None:
    data = json.loads(extraction.to_json())
    jsonschema.validate(data, extraction_schema())
    assert data["schema_version"] == "1"
    cap = next(t for t in data["terms"] if t["name"] == "liability_cap")
    assert cap["value"] == {"multiple": 1, "months": 12, "kind": "fees"}
    indemnity = next(t for t in data["terms"] if t["name"] == "indemnification")
    assert indemnity["value"] == {"by": "provider", "for": ["ip infringement"]}


def test_markdown_report(extraction: Extraction) -> None:
    report = contractkit.to_markdown(extraction)
    assert "| Notice to terminate for convenience | 30 days (client party) | 1 | 2.1 |" in report
    assert "- **2.2** p. 1: Termination For Cause" in report


def test_amount_caps_and_conflicting_figures() -> None:
    result = contractkit.extract(
        b"1. Liability\n\n1.1 The aggregate liability of the Supplier shall not exceed "
        b"one million dollars ($7,000,000).\n"
    )
    term = result.term("liability_cap")
    assert term is not None and term.value == AmountCap(1_000_000, "USD")
    assert term.needs_review and "differ" in (term.review_reason or "")
    assert any("liability_cap" in w for w in result.warnings)


def test_a_classifier_plugs_in() -> None:
    class Everything:
        def classify(self, clauses: list[Clause]) -> list[tuple[Label, ...]]:
            return [(Label(ClauseType.INSURANCE, 1.0, ("test",)),) for _ in clauses]

    result = contractkit.extract(CONTRACT, classifier=Everything())
    assert all(c.categories == (ClauseType.INSURANCE,) for c in result.clauses)
    assert isinstance(RuleClassifier(), contractkit.ClauseClassifier)


def test_rules_file_errors_name_the_problem(tmp_path: pytest.TempPathFactory) -> None:
    bad = tmp_path / "rules.toml"  # type: ignore[operator]
    bad.write_text('[[category]]\nname = "Not A Category"\nstrong = ["x"]\n')
    with pytest.raises(ValueError, match="unknown category 'Not A Category'"):
        RuleClassifier(bad)
    bad.write_text("[[category]\n")
    with pytest.raises(ValueError, match="cannot read the rules"):
        RuleClassifier(bad)


def test_the_contract_naming_itself_is_not_a_party() -> None:
    result = contractkit.extract(
        b'This Services Agreement (the "Agrecment") is made between Acme Ltd ("Client") and '
        b'Bo Li ("Consultant").\n\n1. Services\n\n1.1 Consultant shall design the site.\n'
    )
    assert [p.name for p in result.parties] == ["Acme Ltd", "Bo Li"]


def test_a_forms_blanks_are_not_places() -> None:
    result = contractkit.extract(
        b"1. Governing Law\n\n1.1 This Agreement is governed by the laws of the Governing Law, "
        b"and disputes go to the courts of the Jurisdiction.\n"
    )
    assert result.term("governing_law") is None
    forum = result.term("dispute_forum")
    assert forum is None or forum.value.place is None  # type: ignore[union-attr]


# Standard terms written as a Markdown list, their headings in HTML spans, figures in words
# the rules must know: "for any or no reason", "will not be more than", "under no
# circumstances", a list of grounds after a colon.
H2, H3 = '<span class="header_2">', '    1. <span class="header_3">'
STANDARD_TERMS = "\n".join(
    [
        "# Evaluation Terms",
        "",
        f"1. {H2}Term and Ending</span>",
        f"{H3}Agreement Term.</span>  This Agreement starts on the Effective Date and continues"
        " for the Term.",
        f"{H3.replace('1.', '2.')}Ending Early.</span>  Either party may end this Agreement for"
        " any or no reason. To end it, the terminating party must notify the other party by"
        " giving it 30 days advance notice. See Section 1.3.",
        f"{H3.replace('1.', '3.')}Breach.</span>  Either party may terminate this Agreement"
        " immediately: a. if the other party fails to cure a material breach within 15 days of"
        " notice; or b. if the other party becomes insolvent.",
        f"2. {H2}Liability</span>",
        f"{H3}Overall Cap.</span>  Each party's total cumulative liability for all claims will"
        " not be more than the Cap Amount.",
        f"{H3.replace('1.', '2.')}Waiver.</span>  Under no circumstances will either party be"
        " liable to the other for lost profits or for consequential or indirect damages.",
    ]
)


def test_markdown_standard_terms_nest_and_are_labelled() -> None:
    result = contractkit.extract(STANDARD_TERMS.encode())
    clauses = {c.number: c for c in result.clauses if c.number}
    assert list(clauses) == ["1", "1.1", "1.2", "1.3", "2", "2.1", "2.2"]
    assert clauses["1.2"].parent == clauses["1"].id and clauses["1.2"].heading == "Ending Early"
    assert ClauseType.TERM in clauses["1.1"].categories
    assert ClauseType.TERMINATION_FOR_CONVENIENCE in clauses["1.2"].categories
    assert ClauseType.TERMINATION_FOR_CAUSE in clauses["1.3"].categories
    assert ClauseType.CAP_ON_LIABILITY in clauses["2.1"].categories
    assert ClauseType.CONSEQUENTIAL_DAMAGES in clauses["2.2"].categories
    notice = result.term("termination_notice")
    assert notice is not None and notice.value == PartyNotice("either", 30, "days")
    assert result.clause(notice.clause).number == "1.2"
