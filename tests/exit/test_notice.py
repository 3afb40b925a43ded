"""The termination notice: read back from its PDF; no guessing when the period is unclear."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pdfplumber
import pytest

import contractkit as ck
from contractkit.terms.normalize import Duration
from tests.exit.conftest import PROVIDER_CLAUSE, variant
from tests.fixtures.corpus import load_corpus, render


def pdf_words(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)


def test_letter_pdf_reads_back(extraction: ck.Extraction, tmp_path: Path) -> None:
    letter = ck.termination_notice(extraction, date=dt.date(2025, 4, 14))
    assert letter.sender.defined_as == "Developer"
    assert letter.recipient.name == "Northwind Studio Ltd"
    # 10 business days skipping Good Friday and Easter Monday (England and Wales law)
    assert letter.effective_date == dt.date(2025, 4, 30)
    assert letter.period == Duration(10, "business_days")
    assert letter.period_from == ("4.2",)
    assert letter.delivery.clause == "6.1"
    assert letter.delivery.emails == ("legal@northwind.example",)
    assert letter.warnings == ()
    out = tmp_path / "notice.pdf"
    assert letter.write(out) == "pdf"
    text = pdf_words(out)
    for expected in (
        "Notice of termination of the Web Development Services Agreement dated 6 January 2025",
        "Jane Doe Digital Ltd (the “Developer”)",
        "Northwind Studio Ltd (the “Client”)",
        "In accordance with clause 4.2 of the Agreement",
        "terminate on 30 April 2025",
        "clause 6.1 of the Agreement (Notices)",
        "by recorded delivery to 1 Quay Street, Bristol BS1 4DJ",
        "by email to legal@northwind.example",
        "For the attention of: Managing Director",
        "final invoice",
        "(clause 5.2)",
        "Signed for and on behalf of Jane Doe Digital Ltd",
    ):
        assert expected in text, expected


def test_markdown_and_text_say_the_same(extraction: ck.Extraction, tmp_path: Path) -> None:
    letter = ck.termination_notice(extraction, date=dt.date(2025, 4, 14), reason="Change of focus")
    md, txt = tmp_path / "n.md", tmp_path / "n.txt"
    assert letter.write(md) == "md" and letter.write(txt) == "txt"
    assert "# Notice of termination" in md.read_text()
    assert "Reason for termination: Change of focus." in " ".join(txt.read_text().split())
    with pytest.raises(ck.InvalidOptionError):
        letter.write(tmp_path / "n.odt")


def test_client_side_and_its_own_period(extraction: ck.Extraction) -> None:
    letter = ck.termination_notice(extraction, date=dt.date(2025, 1, 31), party="Client")
    assert letter.sender.defined_as == "Client"
    assert letter.period == Duration(30, "days")
    assert letter.effective_date == dt.date(2025, 3, 2)
    assert letter.delivery.address == "22 Mill Road, Cambridge CB1 2AD"
    assert letter.delivery.attention is None  # the attention line is for notices to the Client


def test_no_period_asks_for_one() -> None:
    extraction = variant(PROVIDER_CLAUSE, "4.2 Reserved.")
    with pytest.raises(ck.NoticePeriodError, match="no notice period for the Developer") as err:
        ck.termination_notice(extraction, date=dt.date(2025, 4, 14))
    assert err.value.exit_code == ck.ExitCode.USAGE
    assert "--notice-days" in err.value.hint
    letter = ck.termination_notice(
        extraction, date=dt.date(2025, 4, 14), notice=Duration(1, "months")
    )
    assert letter.effective_date == dt.date(2025, 5, 14)
    assert letter.period_from == ()


@pytest.mark.parametrize(
    ("added", "found"),
    [
        (
            "4.4 Either party may terminate this Agreement for convenience by giving the other "
            "one (1) month's written notice.",
            ("10 business days (clause 4.2)", "1 month (clause 4.4)"),
        ),
        (  # the same party, two periods
            "4.4 Notwithstanding clause 4.2, the Developer may terminate this Agreement for "
            "convenience on ninety (90) days' written notice.",
            ("10 business days (clause 4.2)", "90 days (clause 4.4)"),
        ),
    ],
)
def test_conflicting_periods_ask_for_one(added: str, found: tuple[str, ...]) -> None:
    extraction = variant(PROVIDER_CLAUSE, PROVIDER_CLAUSE + "\n\n" + added)
    with pytest.raises(ck.NoticePeriodError, match="different notice periods") as err:
        ck.termination_notice(extraction, date=dt.date(2025, 4, 14))
    assert err.value.found == found
    chosen = ck.termination_notice(
        extraction, date=dt.date(2025, 4, 14), notice=Duration(10, "business_days")
    )
    assert any("this notice uses 10 business days" in w for w in chosen.warnings)


def test_the_senders_own_address_is_not_where_the_notice_goes() -> None:
    text = (
        "SERVICES AGREEMENT\n\nThis Agreement is made between Harbour Studio Ltd (the Provider) "
        "and Redwood Logistics Inc. (the Client).\n\n1. Termination. The Provider may terminate "
        "this Agreement on thirty (30) days' written notice.\n\n2. Notices. Notices must be in "
        "writing and sent by email to studio@harbour.example and legal@redwood.example.\n"
    )
    letter = ck.termination_notice(ck.extract(text.encode()), date=dt.date(2025, 4, 14))
    assert letter.delivery.emails == ("legal@redwood.example",)
    assert "Redwood Logistics Inc." in letter.recipient.name


def test_delivery_methods_follow_the_notices_clause(extraction: ck.Extraction) -> None:
    letter = ck.termination_notice(extraction, date=dt.date(2025, 4, 14), via=["hand"])
    assert letter.delivery.methods == ("hand",)
    refused = variant(
        "may also be sent by email to legal@northwind.example, for the attention of the Managing\n"
        "Director.",
        "must be marked for the attention of the Managing Director. A notice is not valid if "
        "sent by email.",
    )
    letter = ck.termination_notice(refused, date=dt.date(2025, 4, 14))
    assert "email" not in letter.delivery.allowed
    with pytest.raises(ck.InvalidOptionError, match="does not allow"):
        ck.termination_notice(refused, date=dt.date(2025, 4, 14), via=["email"])


def test_charged_reason_is_flagged(extraction: ck.Extraction) -> None:
    letter = ck.termination_notice(
        extraction, date=dt.date(2025, 4, 14), reason="The client was rude to our staff"
    )
    assert any("charged word 'rude'" in w for w in letter.warnings)


def test_corpus_contract_pdf(tmp_path: Path) -> None:
    """A born-digital PDF from the corpus: US date style, Section numbering, US holidays."""
    contract = next(c for c in load_corpus() if c.name == "freelance")
    source = tmp_path / "freelance.pdf"
    source.write_bytes(render(contract, mode="pdf")[0])
    letter = ck.termination_notice(source, date=dt.date(2025, 3, 3))
    assert letter.effective_date == dt.date(2025, 4, 2)
    out = tmp_path / "notice.pdf"
    letter.write(out)
    text = pdf_words(out)
    assert "In accordance with Section 10.2 of the Agreement, the Designer" in text
    assert "terminate on April 2, 2025" in text
    assert "Section 14.2 of the Agreement (Notices)" in text
