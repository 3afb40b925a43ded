"""contractkit.review: scorecards on contracts written for the tests, and the annotated PDF."""

from __future__ import annotations

import hashlib
import json
import textwrap
from pathlib import Path

import jsonschema
import pikepdf
import pytest

import contractkit
from contractkit.playbook.model import default_playbook
from contractkit.playbook.results import scorecard_schema
from tests.conftest import needs_tesseract
from tests.fixtures.corpus import load_corpus, render

TOUGH = textwrap.dedent(
    """\
    SERVICES AGREEMENT

    This Agreement is made between Acme Holdings Ltd ("Client") and Sam Lee ("Consultant").

    1. Services

    1.1 Consultant shall provide the services described in the Statement of Work.

    2. Payment

    2.1 Client shall pay each invoice within ninety (90) days of receipt.

    3. Termination

    3.1 Consultant may terminate this Agreement for convenience by giving Client ninety (90)
    days' written notice.

    3.2 Either party may terminate this Agreement if the other party materially breaches it
    and fails to cure the breach within thirty (30) days after written notice.

    4. Liability

    4.1 Consultant shall indemnify Client against all claims arising from the Services.
    """
)


def corpus(name: str) -> tuple[bytes, str]:
    return render(next(c for c in load_corpus() if c.name == name))


def test_weak_and_missing_positions_say_why_with_evidence() -> None:
    card = contractkit.review(TOUGH.encode())
    notice = card.finding("provider_termination")
    assert notice.status == "weak"
    assert notice.reasons == ("notice period 90 days; the playbook allows at most 30 days",)
    assert notice.evidence[0].number == "3.1" and "ninety (90)" in notice.evidence[0].quote
    payment = card.finding("payment_terms")
    assert payment.status == "weak" and "payment due in 90 days" in payment.reasons[0]
    cause = card.finding("termination_for_cause")
    assert cause.status == "weak" and len(cause.reasons) == 2  # no non-payment, no abuse
    assert card.finding("liability_cap").status == "missing"
    assert card.finding("mutual_indemnity").reasons == (
        "only the provider indemnifies; the playbook wants indemnities from both parties",
    )
    assert card.count("ok") + card.count("weak") + card.count("missing") == 15
    assert 0 < card.score < 50


def test_scorecard_json_matches_its_schema_and_scores_compare_contracts() -> None:
    data, _ = corpus("freelance")
    card = contractkit.review(data)
    payload = json.loads(card.to_json())
    jsonschema.validate(payload, scorecard_schema())
    assert payload["findings"][3]["evidence"][0]["page"] == 2  # 6.2 payment, on page 2
    assert card.finding("payment_terms").status == "ok"
    assert card.score > contractkit.review(TOUGH.encode()).score
    report = contractkit.to_markdown(card)
    assert f"**Score: {card.score:g} / 100**" in report and "| **MISSING** |" in report


def test_annotated_pdf_highlights_the_clauses_with_their_findings(tmp_path: Path) -> None:
    data, _ = corpus("msa")
    source = tmp_path / "msa.pdf"
    source.write_bytes(data)
    out = tmp_path / "annotated.pdf"
    card = contractkit.annotate(source, out)
    assert hashlib.sha256(source.read_bytes()).digest() == hashlib.sha256(data).digest()
    assert card.document.name == str(source)
    weak = card.finding("liability_cap")
    region = weak.evidence[0].regions[0]
    assert weak.status == "weak" and region.bbox is not None
    with pikepdf.open(out) as pdf:
        notes = [
            (i, a)
            for i, page in enumerate(pdf.pages)
            for a in page.obj.get("/Annots", [])
            if a.Subtype == "/Highlight"
        ]
        page_height = float(pdf.pages[region.page_index].mediabox[3])
        assert len(pdf.pages) == card.document.pages
    cap = [
        (i, a) for i, a in notes if str(a.Contents).startswith(weak.evidence[0].number + ": WEAK")
    ]
    assert cap and "1.5 × fees" in str(cap[0][1].Contents)
    index, annot = cap[0]
    x0, y1 = float(annot.Rect[0]), float(annot.Rect[3])
    assert index == region.page_index
    # The highlight covers the clause's first line (PDF user space is y-up).
    assert x0 <= region.bbox.x0 + 1 and y1 >= page_height - region.bbox.top - 1
    assert len(notes) >= sum(len(f.evidence) for f in card.findings) > 10


def test_annotate_needs_pages_or_paragraphs(tmp_path: Path) -> None:
    data, _ = corpus("sow")
    with pytest.raises(contractkit.InvalidOptionError, match="cannot annotate a markdown file"):
        contractkit.annotate(data, tmp_path / "a.pdf")
    assert not (tmp_path / "a.pdf").exists()


def test_an_annotated_copy_is_written_in_the_contracts_own_format(tmp_path: Path) -> None:
    # A Word contract's annotated copy is a .docx: never a Word file named .pdf.
    data, _ = corpus("saas")
    with pytest.raises(contractkit.InvalidOptionError, match=r"is a \.docx file") as err:
        contractkit.annotate(data, tmp_path / "a.pdf")
    assert err.value.hint == "name the output a.docx"
    assert not (tmp_path / "a.pdf").exists()
    source = tmp_path / "msa.pdf"
    source.write_bytes(corpus("msa")[0])
    with pytest.raises(contractkit.OutputError, match="overwrite the input"):
        contractkit.annotate(source, source)


def test_a_word_contract_is_annotated_with_comments(tmp_path: Path) -> None:
    import docx

    data, _ = corpus("saas")
    out = tmp_path / "annotated.docx"
    # the service-provider playbook, given on purpose: this SaaS contract has gaps under it
    with pytest.warns(contractkit.PlaybookMismatchWarning, match="this looks like a SaaS"):
        card = contractkit.annotate(data, out, playbook=default_playbook())
    document = docx.Document(out)
    comments = {c.text: c for c in document.comments}
    assert all(c.author == "contractkit" for c in comments.values())
    payment = card.finding("payment_terms")
    assert payment.status == "weak"
    note = next(t for t in comments if t.startswith(payment.evidence[0].number + ": WEAK"))
    assert "payment due in 45 days; the playbook allows at most 30 days" in note
    assert any(t.startswith("Missing from this contract:") for t in comments)
    assert len(comments) >= sum(len(f.evidence) for f in card.findings) > 10
    # the text is the contract's own, untouched
    assert contractkit.open(out).text == contractkit.open(data).text


@needs_tesseract
def test_annotating_a_scan_takes_the_searchable_pdf_its_reading_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One OCR run: reading the scan caches its searchable PDF, and the highlights go on it.
    from tests import fixtures

    def no_second_ocr(*args: object, **kwargs: object) -> None:
        raise AssertionError("the scan was OCR'd a second time")

    import sys

    # (the package's ``contractkit.ocr`` attribute is the function; the module is in sys.modules)
    monkeypatch.setattr(sys.modules["contractkit.ocr"], "ocr", no_second_ocr)
    out = tmp_path / "annotated.pdf"
    card = contractkit.annotate(
        fixtures.scan("clean").data, out, read=contractkit.ReadOptions(cache=tmp_path / "cache")
    )
    assert card.document.ocr_pages == 1
    with pikepdf.open(out) as pdf:
        kinds = [str(a.Subtype) for page in pdf.pages for a in page.obj.get("/Annots", [])]
    assert kinds.count("/Highlight") >= sum(len(f.evidence) for f in card.findings) > 0
