"""Issue 16: revise inserts, it does not renumber, and it speaks the contract's own words.

The contracts are generated (tests/fixtures/revising.py): a services agreement with a table
of contents, recitals, definitions, a section 18 of six sub-clauses and a schedule; a credit
agreement numbered ARTICLE IV / Section 4.02; a lease between a Landlord and a Tenant.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

import contractkit
from contractkit import Extraction, Revision
from contractkit.playbook._numbering import free_sibling, references, suffixed, with_top
from contractkit.terms.kind import DocumentKind
from tests.conftest import pdf_text
from tests.fixtures import revising

# the credit agreement has no shipped playbook: the service provider's is used, with a warning
pytestmark = pytest.mark.filterwarnings("ignore::contractkit.PlaybookMismatchWarning")

GENERIC = re.compile(r"\b(?:Provider|Client|Agreement|Services)\b")


@cache
def revised(name: str, renumber: bool = False) -> tuple[Extraction, Revision]:
    extraction = contractkit.extract(getattr(revising, name)().encode())
    if name == "credit_agreement":
        # read as a services contract, so that every position of the provider's playbook
        # applies (as a credit agreement most are N/A): these tests are about numbering
        extraction = dataclasses.replace(extraction, kind=DocumentKind("services", 1.0))
    return extraction, contractkit.revise(extraction, renumber=renumber)


@cache
def pdf_lines(name: str, folder: Path, renumber: bool = False) -> list[str]:
    """The lines of the revised PDF, as pdfium reads them back."""
    out = folder / f"{name}-{renumber}.pdf"
    contractkit.write(revised(name, renumber)[1], out)
    return [" ".join(line.split()) for page in pdf_text(out) for line in page.splitlines()]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("insert")


def cited(revision: Revision) -> list[str]:
    """Each clause number as a reader cites it: "(a)" under its parent, items under their
    schedule."""
    names, stack, schedule = [], [], ""
    for clause in revision.clauses:
        if clause.level == 1 and clause.kind == "schedule":
            schedule = f"{clause.number} "
        stack = [s for s in stack if s[0] < clause.level]
        if clause.number:
            name = clause.number
            if not name[0].isdigit() and stack:
                name = f"{stack[-1][1]} {name}"
            elif schedule and clause.level > 1:
                name = schedule + name
            stack.append((clause.level, name))
            names.append(name)
    return names


@pytest.mark.parametrize("name", ["services_agreement", "credit_agreement", "lease"])
def test_original_clauses_keep_their_numbers_text_and_references(name: str) -> None:
    extraction, revision = revised(name)
    assert any(c.kind == "inserted" for c in revision.changes)
    assert not [c for c in revision.changes if c.kind == "renumbered"]
    numbered = [c for c in extraction.clauses if c.number and c.kind != "signature"]
    by_original = {c.original: c for c in revision.clauses if c.original}
    for clause in numbered:
        after = by_original[clause.id]
        assert after.number == clause.number
        if after.status == "kept":
            assert after.text == after.old_text
            assert references(after.text) == references(after.old_text or "")
    assert [n for n, k in Counter(cited(revision)).items() if k > 1] == []


def test_a_sub_clause_after_the_last_one_takes_the_next_number(folder: Path) -> None:
    _, revision = revised("services_agreement")
    numbers = [c.number for c in revision.clauses]
    at = numbers.index("18.6")
    assert numbers[at + 1 : at + 4] == ["18.7", "18.8", "18.9"]
    new = revision.clauses[at + 1]
    assert new.status == "inserted" and new.text.startswith("Supplier may terminate this")
    lines = pdf_lines("services_agreement", folder)
    assert any(line.startswith("18.7 Supplier may terminate this Agreement") for line in lines)
    assert any(line.startswith("18.6 Termination does not affect") for line in lines)
    # The clauses that cite 18.2 and 18.4 still do, in the PDF too.
    text = " ".join(lines)
    assert "Sections 11, 14 and 18.4 survive termination" in text
    assert "under Section 18.2 or Section 18.3 at the date" in text


def test_a_section_between_two_takes_a_letter() -> None:
    _, revision = revised("services_agreement")
    numbers = [c.number for c in revision.clauses if c.level == 1]
    assert numbers[numbers.index("2") + 1] == "2A"
    headed = {c.number: c.heading for c in revision.clauses}
    assert headed["2A"] == "Communication and Records"
    assert "2A.1" in headed and "2A.2" in headed


def test_article_and_section_numbers_follow_the_contracts_style(folder: Path) -> None:
    _, revision = revised("credit_agreement")
    numbers = [c.number for c in revision.clauses]
    # after Section 2.08, the last of Article II: 2.09; between Articles II and III: II-A
    assert numbers[numbers.index("Section 2.08") + 1] == "Section 2.09"
    assert "ARTICLE II-A" in numbers
    assert numbers[numbers.index("ARTICLE II-A") + 1] == "Section 2A.01"
    # after the last article, the next one in sequence
    assert "ARTICLE IX" in numbers and "Section 9.01" in numbers
    lines = pdf_lines("credit_agreement", folder)
    text = " ".join(lines)
    assert "Section 2.09" in text and "ARTICLE II-A" in text
    assert "as provided in Section 1.08" in text and "conditions in Article VII" in text
    assert "Section 3.08" not in text


def test_nothing_goes_into_definitions_schedules_or_signatures() -> None:
    _, revision = revised("services_agreement")
    numbers = [c.number or "" for c in revision.clauses]
    # the definition of "Change Order" does not make the change-order clause a definition
    definitions = [c for c in revision.clauses if re.match(r"^1\.\d+$", c.number or "")]
    assert [c.status for c in definitions] == ["kept"] * 4
    change = next(c for c in revision.changes if c.position == "change_orders")
    assert change.clause == "2.3"
    # the schedule comes last, with its own items as they were
    schedule = numbers.index("SCHEDULE A")
    assert all(c.status == "kept" for c in revision.clauses[schedule:])
    assert numbers[schedule + 1 :] == ["1", "2", "3", "4"]
    assert revision.clauses[schedule - 1].status == "inserted"  # after 20.3, before it


def test_recitals_stay_apart_and_the_contents_table_is_not_typeset(folder: Path) -> None:
    _, revision = revised("services_agreement")
    recitals = next(c for c in revision.clauses if c.kind == "recitals")
    assert recitals.text.split("\n\n")[1:4] == [
        "A. Customer operates a freight business across North America.",
        "B. Supplier provides data analytics services to logistics companies.",
        "C. Customer wishes to engage Supplier to provide the Services on the terms of this "
        "Agreement.",
    ]
    lines = pdf_lines("services_agreement", folder)
    for letter in "ABC":
        assert sum(1 for line in lines if line.startswith(f"{letter}. ")) == 1
    text = " ".join(lines)
    assert "TABLE OF CONTENTS" not in text and "......" not in text
    assert revision.preamble.startswith("This Master Services Agreement")
    assert any("table of contents is left out" in w for w in revision.warnings)
    # Schedule A's items are typeset with their own numbers.
    assert any(line.startswith("4. Fees") for line in lines)


def test_a_lease_speaks_of_landlord_tenant_this_lease_and_the_premises(folder: Path) -> None:
    _, revision = revised("lease")  # the shipped tenant playbook, chosen by kind
    assert {k: revision.params[k] for k in ("landlord", "tenant", "agreement", "services")} == {
        "landlord": "Landlord",
        "tenant": "Tenant",
        "agreement": "this Lease",
        "services": "the Premises",
    }
    new = [c.new_text for c in revision.changes]
    assert new and all(not GENERIC.search(text) for text in new)
    assert any("this Lease" in text for text in new)
    assert revision.warnings == ()
    text = " ".join(pdf_lines("lease", folder))
    assert "Tenant may terminate this Lease at any time by giving Landlord" in text
    assert not GENERIC.search(text.replace("IN WITNESS WHEREOF", ""))


def test_an_unknown_word_is_neutral_and_warned(folder: Path) -> None:
    _, revision = revised("credit_agreement")
    assert revision.params["services"] == "the services"
    warning = (
        "the contract's word for the services is unknown; new text says 'the services' "
        "(set it with --set services=...)"
    )
    assert warning in revision.warnings
    summary = folder / "credit.md"
    contractkit.write(revision, summary)
    markdown = summary.read_text(encoding="utf-8")
    assert "## Check by hand" in markdown and warning in markdown


def test_a_generic_word_the_contract_does_not_use_is_warned() -> None:
    playbook = contractkit.Playbook.parse(
        'name = "hard-coded"\n'
        "[[position]]\n"
        'id = "notices"\ntitle = "Notices"\nseverity = "low"\nrationale = "r"\n'
        'categories = ["notices"]\nfix = "add"\n'
        'place = { section = "Notices" }\n'
        'text = "The Client shall give notices under {agreement} in writing."\n'
        'fallback = "Notices in writing."\n'
        "[[position.requirements]]\n"
        'pattern = "e-?mail"\n'
    )
    revision = contractkit.revise(revising.lease().encode(), playbook=playbook)
    assert revision.changes[0].new_text.startswith("The Client shall give notices under this Lease")
    assert any(
        "says 'Client', a word the contract does not use" in w and "--set client=" in w
        for w in revision.warnings
    )


def test_renumber_moves_sections_and_their_references_but_not_schedule_items() -> None:
    _, revision = revised("services_agreement", renumber=True)
    moved = {c.old_number: c.number for c in revision.clauses if c.original and c.level == 1}
    assert any(old != new for old, new in moved.items())
    assert any(c.kind == "renumbered" for c in revision.changes)
    survival = next(c for c in revision.clauses if c.old_number == "18.5")
    assert survival.number == f"{moved['18']}.5" != "18.5"
    assert survival.text.startswith(f"Sections {moved['11']}, {moved['14']} and {moved['18']}.4")
    numbers = [c.number for c in revision.clauses]
    assert numbers[numbers.index("SCHEDULE A") + 1 :] == ["1", "2", "3", "4"]
    assert len(cited(revision)) == len(set(cited(revision)))


def test_the_command_line_renumbers_only_when_asked(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from contractkit.cli import app

    source = tmp_path / "msa.txt"
    source.write_text(revising.services_agreement(), encoding="utf-8")
    kinds = []
    for flag in ([], ["--renumber"]):
        args = ["revise", str(source), "-o", str(tmp_path / "out.pdf"), "--json", *flag]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        kinds.append({c["kind"] for c in data["changes"]})
        assert "table of contents is left out" in result.stderr
    assert "renumbered" not in kinds[0] and "renumbered" in kinds[1]


def test_free_numbers() -> None:
    assert free_sibling("18.6", set()) == "18.7"
    assert free_sibling("18.6", {"18.7"}) == "18.6A"
    assert free_sibling("18.6", {"18.7", "18.6A"}) == "18.6B"
    assert free_sibling("Section 4.02", set()) == "Section 4.03"
    assert free_sibling("21", {"22"}, last=False) == "21A"
    assert suffixed("ARTICLE IV") == "ARTICLE IV-A" and suffixed("(c)") == "(c-1)"
    assert with_top("ARTICLE TWO", 21) == "ARTICLE TWENTY-ONE"
    assert with_top("Article Two", 5) == "Article Five"


#: Real contracts, read in place when the machine has them (never copied into the repository;
#: see their README for sources and licences).
REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "contracts"


@pytest.mark.skipif(not REAL.is_dir(), reason="no shared data folder on this machine")
@pytest.mark.parametrize(
    ("name", "client"),
    [("commonpaper-pilot-agreement", "Customer"), ("commonpaper-design-partner-agreement", None)],
)
def test_real_standard_terms_keep_their_numbers_and_use_their_words(
    name: str, client: str | None
) -> None:
    source = REAL / f"{name}.md"
    if not source.is_file():
        pytest.skip(f"{source} is not there")
    extraction = contractkit.extract(source)
    revision = contractkit.revise(extraction)
    assert not [c for c in revision.changes if c.kind == "renumbered"]
    by_original = {c.original: c for c in revision.clauses if c.original}
    for clause in extraction.clauses:
        if clause.number and clause.kind != "signature":
            assert by_original[clause.id].number == clause.number
    assert [n for n, k in Counter(cited(revision)).items() if k > 1] == []
    assert revision.params["provider"] == "Provider"  # as the terms write it, without "the"
    new = " ".join(c.new_text for c in revision.changes)
    if client:
        assert revision.params["client"] == client
        assert client in new and not re.search(r"\bClient\b", new)
    else:  # "Partner": the extraction finds no client, and the revision says so
        assert any("word for the party that pays is unknown" in w for w in revision.warnings)
    definitions = {c.id for c in extraction.clauses if c.kind == "definitions"}
    assert not any(c.original in definitions for c in revision.clauses if c.status != "kept")


def test_a_word_contract_gets_a_lettered_section_and_keeps_its_numbers(tmp_path: Path) -> None:
    from tests.fixtures import docx_contract
    from tests.playbook.docx_views import resolved

    out = tmp_path / "tracked.docx"
    original = docx_contract().data
    contractkit.write(contractkit.revise(original), out, original=original)
    accepted = contractkit.open(resolved(out.read_bytes(), accept=True)).text
    # Word's list does not count "2A", so Fees stays 3 and its reference stays "clause 3".
    assert "2A. Communication and Records" in accepted
    assert "3. Fees and Payment" in accepted and "4. Term and Termination" in accepted
    assert '"Fees" means the amounts payable under clause 3.' in accepted
    assert contractkit.open(resolved(out.read_bytes(), accept=False)).text == (
        contractkit.open(original).text
    )


def test_every_description_of_an_unnamed_party_reads_back_as_its_side() -> None:
    # what a revision writes for a party the contract does not name, the review must read as
    # that party again (terms/parties.party_of), or a revised contract's own review has gaps
    from contractkit.playbook._vocabulary import NEUTRAL
    from contractkit.playbook.model import SIDE_ROLE
    from contractkit.terms.parties import party_of

    for side, role in SIDE_ROLE.items():
        assert party_of(NEUTRAL[side][2], []) == role, side


def test_sections_inserted_among_unnumbered_ones_take_no_number_out_of_order() -> None:
    # The first sections carry only headings, the later ones numbers (10, 11): a section
    # inserted after "Service Fee" must not be numbered 12 ahead of 10.
    text = (
        'SERVICE AGREEMENT\n\nThis Service Agreement (this "Agreement") is made between Alder '
        'Works Ltd ("Provider") and Birch Retail Inc. ("Client").\n\nScope of Services\n\n'
        "Provider shall provide the services described in Schedule 1 to Client.\n\n"
        "Service Fee\n\nClient shall pay the fees within sixty (60) days of each invoice.\n\n"
        "10. Termination\n\nEither party may terminate this Agreement if the other commits a "
        "material breach.\n\n11. Notice\n\nNotices under this Agreement shall be in writing.\n"
    )
    revision = contractkit.revise(text.encode())
    tops = [c for c in revision.clauses if c.level == 1 and c.kind == "clause"]
    fee = next(i for i, c in enumerate(tops) if c.heading == "Service Fee")
    termination = next(i for i, c in enumerate(tops) if c.number == "10")
    assert fee < termination - 1  # sections were inserted between them
    assert all(c.number is None for c in tops[fee + 1 : termination])
    values = [int(re.match(r"\d+", c.number).group()) for c in tops if c.number]  # type: ignore[union-attr]
    assert values == sorted(values)
