"""Letters and plans fitted to the kind of contract, each statement citing what says it.

The fixtures in ``tests/exit/fixtures`` were written for these tests (issue 17): a lease, a
software licence, a SaaS agreement and a cloud agreement whose parties are named only on a
cover page (as Common Paper's are), so the body calls them Customer and Provider.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pdfplumber
import pytest

import contractkit as ck
from contractkit.exit._steps import Step
from contractkit.terms.normalize import Duration
from tests.exit.test_cli import run
from tests.exit.test_notice import pdf_words

FIXTURES = Path(__file__).parent / "fixtures"
DAY = dt.date(2025, 6, 2)

#: For each step, words the sentence it cites must contain: the letter states nothing the
#: cited clause does not say.
SAYS = {
    "final_invoice": r"pa(?:y|id)|invoice",
    "deliverables": r"deliver",
    "data_export": r"export",
    "cease_use": r"cease|stop|discontinu|no longer",
    "return_software": r"Software",
    "certify": r"certify",
    "surrender": r"surrender|vacant possession|vacate|yield up",
    "keys": r"keys",
    "condition": r"condition|clean|repair",
    "remove_property": r"remove",
    "inspection": r"inspect",
    "deposit": r"deposit[^.]*(?:return|repaid|refund)|(?:return|repay|refund)[^.]*deposit",
    "rent": r"rent",
    "fees_due": r"fees",
    "refund": r"refund",
    "return_materials": r"return|delete|destroy",
    "transition": r"transition|assist",
    "survival": r"surviv",
}


def extraction(name: str) -> ck.Extraction:
    return ck.extract(FIXTURES / f"{name}.md")


def clause_text(ex: ck.Extraction, name: str) -> str:
    from contractkit.extraction import clause_names

    names = clause_names(ex)
    return " ".join(" ".join(c.text.split()) for c in ex.clauses if names[c.id] == name)


def check_citations(ex: ck.Extraction, steps: tuple[Step, ...]) -> None:
    for step in steps:
        for clause in step.clauses:
            assert re.search(SAYS[step.key], clause_text(ex, clause), re.I), (step, clause)
        for clause, sentence in step.quotes:
            assert sentence in " ".join(clause_text(ex, clause).split())


def test_lease_letter_and_plan_fit_a_lease(tmp_path: Path) -> None:
    ex = extraction("lease")
    letter = ck.termination_notice(ex, date=DAY, party="Tenant")
    assert letter.kind == "lease" and letter.sender.defined_as == "Tenant"
    assert letter.effective_date == dt.date(2025, 9, 2)
    check_citations(ex, letter.steps)
    cited = {s.key: s.clauses for s in letter.steps}
    assert cited["surrender"] == ("6.1",) and cited["keys"] == ("6.3",)
    assert cited["deposit"] == ("3.2",)  # 3.1 only says the deposit is paid
    letter.write(tmp_path / "n.pdf")
    text = pdf_words(tmp_path / "n.pdf")
    for wrong in ("invoice", "deliverables", "4.2", "clause 3.1"):
        assert wrong not in text
    assert "surrender the Premises to the Landlord in the condition the Agreement requires" in text
    assert "within 30 days after the Termination Date (by 2 October 2025) (clause 3.2)" in text

    plan = ck.transition_plan(ex, date=DAY, party="Tenant")
    check_citations(ex, plan.steps)
    md = plan.to_markdown()
    for wrong in ("repositor", "API key", "final invoice", "deliverables"):
        assert wrong not in md
    assert "## Premises to hand over" in md and "## Keys and access" in md
    assert "hand over the Premises and all keys" in md
    assert "| 2 October 2025 | Deposit to be returned (clause 3.2) | Landlord |" in md


def test_licence_letter_cites_only_what_the_licence_says() -> None:
    ex = extraction("licence")
    letter = ck.termination_notice(ex, date=DAY, party="Licensee")
    assert letter.kind == "licence"
    check_citations(ex, letter.steps)
    keys = [s.key for s in letter.steps]
    assert "data_export" not in keys  # the licence does not speak of data to export
    assert "final_invoice" not in keys and "deliverables" not in keys
    text = letter.to_text()
    joined = " ".join(text.split())
    assert "stop using the Software (clause 5.1)" in joined
    assert "remove the software and any copies of it as the Agreement requires" in joined
    assert "(by 15 August 2025) (clause 5.2)" in joined
    plan = ck.transition_plan(ex, date=DAY, party="Licensee")
    assert "## Use to end" in plan.to_markdown()


def test_saas_refund_only_when_it_applies() -> None:
    ex = extraction("saas")
    customer = ck.termination_notice(ex, date=DAY, party="Customer")
    check_citations(ex, customer.steps)
    keys = {s.key: s for s in customer.steps}
    assert keys["data_export"].due == dt.date(2025, 8, 1)
    # 4.3: "If the Provider terminates under clause 3.2, the Provider shall refund…"
    assert "refund" not in keys
    provider = ck.termination_notice(ex, date=DAY, party="Provider")
    assert [s.clauses for s in provider.steps if s.key == "refund"] == [("4.3",)]


def test_kind_can_be_given() -> None:
    letter = ck.termination_notice(extraction("lease"), date=DAY, party="Tenant", kind="services")
    assert letter.kind == "services"
    with pytest.raises(ck.InvalidOptionError, match="unknown kind"):
        ck.termination_notice(extraction("lease"), date=DAY, party="Tenant", kind="barter")


def test_cover_page_contract_by_role_then_by_name() -> None:
    ex = extraction("cover_page")
    assert ex.parties == ()
    letter = ck.termination_notice(ex, date=DAY, party="Customer")
    assert letter.effective_date == dt.date(2025, 7, 2)
    assert letter.sender.defined_as == "Customer" and letter.recipient.defined_as == "Provider"
    assert "[Customer name] (the \u201cCustomer\u201d)" in " ".join(letter.to_text().split())
    assert any("add --from 'NAME'" in w for w in letter.warnings)
    named = ck.termination_notice(
        ex, date=DAY, party="Customer", sender_name="Acme Inc", recipient_name="Cloudly Inc"
    )
    text = " ".join(named.to_text().split())
    assert (
        "between Acme Inc (the \u201cCustomer\u201d) and Cloudly Inc (the \u201cProvider\u201d)"
        in text
    )
    assert "[" not in text and not any("--from" in w or "--to" in w for w in named.warnings)


def test_hints_never_repeat_what_was_given() -> None:
    ex = extraction("cover_page")
    with pytest.raises(ck.InvalidOptionError) as info:
        ck.termination_notice(ex, date=DAY, party="Landlord")
    assert info.value.hint == "use one of: --party Provider or --party Customer"
    nobody = ck.extract(b"AGREEMENT\n\n1. Term\n\n1.1 This agreement lasts one year.\n")
    with pytest.raises(ck.InvalidOptionError) as info:
        ck.termination_notice(nobody, date=DAY, sender_name="Acme Inc")
    assert info.value.hint == "name both sides: --to 'THEIR NAME'"
    with pytest.raises(ck.InvalidOptionError) as info:
        ck.termination_notice(nobody, date=DAY, recipient_name="Bolt Ltd")
    assert info.value.hint == "name both sides: --from 'YOUR NAME'"


def test_cli_docx_letter_keeps_the_signature_with_its_lead(tmp_path: Path) -> None:
    out = tmp_path / "n.docx"
    result = run(
        "notice", FIXTURES / "cover_page.md", "--party", "Customer", "--from", "Acme Inc",
        "--to", "Cloudly Inc", "--date", "2025-06-02", "-o", out,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "terminates 2025-07-02" in result.stderr
    paragraphs = docx.Document(str(out)).paragraphs
    text = [p.text for p in paragraphs]
    assert "NOTICE OF TERMINATION" in text
    assert any("terminate on 2 July 2025" in t for t in text)
    start = next(i for i, t in enumerate(text) if t.startswith("Please acknowledge"))
    block = paragraphs[start : text.index("Date:") + 1]
    assert [p.text for p in block][1:3] == [
        "Yours faithfully,",
        "Signed for and on behalf of Acme Inc",
    ]
    assert all(p.paragraph_format.keep_with_next for p in block[:-1])
    bad = run("notice", FIXTURES / "cover_page.md", "--party", "Customer", "-o", tmp_path / "n.odt")
    assert bad.returncode == 2
    assert "cannot write" in bad.stderr and "PosixPath" not in bad.stderr
    assert ".docx" in bad.stderr


def test_pdf_signature_never_alone_on_a_page(tmp_path: Path) -> None:
    ex = extraction("lease")
    # a reason long enough to push the end of the letter to the foot of page 1
    for words in range(150, 330, 30):
        letter = ck.termination_notice(
            ex,
            date=DAY,
            party="Tenant",
            reason=" ".join(["The premises no longer suit."] * (words // 5)),
        )
        letter.write(tmp_path / "n.pdf")
        with pdfplumber.open(tmp_path / "n.pdf") as pdf:
            pages = [" ".join((p.extract_text() or "").split()) for p in pdf.pages]
        signed = [p for p in pages if "Signed for and on behalf" in p]
        assert len(signed) == 1 and "Yours faithfully" in signed[0]
        assert "Please acknowledge receipt" in signed[0]


def test_names_only_when_the_contract_gives_neither_names_nor_roles() -> None:
    nobody = ck.extract(
        b"AGREEMENT\n\n1. Term\n\n1.1 Either party may terminate this agreement for convenience"
        b" by giving thirty (30) days' written notice.\n"
    )
    letter = ck.termination_notice(
        nobody, date=DAY, sender_name="Acme Inc", recipient_name="Bolt Ltd"
    )
    text = " ".join(letter.to_text().split())
    assert "Acme Inc gives Bolt Ltd notice of termination" in text
    assert "the Acme Inc" not in text.lower().replace("the agreement", "")
    assert "terminate on 2 July 2025" in text


@pytest.mark.parametrize(
    ("name", "party", "kind", "cited", "absent"),
    [
        # held out: written after the code, to check it does not say more than the contract
        (
            "tenancy",
            "Tenant",
            "lease",
            {"surrender": ("4.2",), "keys": ("4.2",), "deposit": ("3.2",), "condition": ("4.3",)},
            ("invoice", "deliverables", "clause 2.2", "clause 3.1", "repositor", "access cards"),
        ),
        (
            "eula",
            "Licensee",
            "licence",
            {"cease_use": ("4.2",), "return_software": ("4.3",), "survival": ("4.4",)},
            ("invoice", "deliverables", "export", "certify", "refund", "Section 2.1"),
        ),
    ],
)
def test_held_out_contracts(
    name: str,
    party: str,
    kind: str,
    cited: dict[str, tuple[str, ...]],
    absent: tuple[str, ...],
    tmp_path: Path,
) -> None:
    ex = extraction(name)
    # extract does not read "may end this tenancy by giving one month's notice" as a
    # termination notice yet: the period is given
    notice = Duration(1, "months") if name == "tenancy" else None
    letter = ck.termination_notice(ex, date=DAY, party=party, kind=kind, notice=notice)
    plan = ck.transition_plan(ex, date=DAY, party=party, kind=kind, notice=notice)
    for steps in (letter.steps, plan.steps):
        check_citations(ex, steps)
        found = {s.key: s.clauses for s in steps}
        assert {k: found.get(k) for k in cited} == cited
    letter.write(tmp_path / "n.docx")
    text = " ".join(p.text for p in docx.Document(str(tmp_path / "n.docx")).paragraphs)
    for wrong in absent:
        assert wrong not in text
    md = plan.to_markdown()
    for wrong in ("invoice", "deliverables", "repositor"):
        assert wrong not in md.lower()
