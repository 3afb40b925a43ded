"""contractkit.revise: the revised contract meets the playbook, keeps the rest word for word,
renumbers with its cross-references when asked to, and its PDFs and DOCX say what the summary
claims. (Inserting without renumbering, the default, is tested in test_insert.py.)"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

import contractkit
from contractkit import Revision
from tests.conftest import pdf_text
from tests.fixtures.corpus import load_corpus, render
from tests.playbook.docx_views import resolved

BLUE, RED = (0.122, 0.31, 0.749), (0.753, 0.157, 0.176)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def words(text: str) -> list[str]:
    return text.split()


def corpus(name: str) -> bytes:
    return render(next(c for c in load_corpus() if c.name == name))[0]


@cache
def freelance(folder: Path) -> tuple[Revision, dict[str, Path]]:
    paths = {
        k: folder / f"freelance-{k}"
        for k in ("revised.pdf", "redline.pdf", "changes.md", "revised.docx")
    }
    revision = contractkit.revise(corpus("freelance"), renumber=True)
    contractkit.write(revision, paths["revised.pdf"])
    contractkit.write(revision, paths["redline.pdf"], renderer="redline")
    contractkit.write(revision, paths["changes.md"])
    contractkit.write(revision, paths["revised.docx"])
    return revision, paths


@pytest.fixture(scope="module")
def revised(tmp_path_factory: pytest.TempPathFactory) -> tuple[Revision, dict[str, Path]]:
    return freelance(tmp_path_factory.mktemp("revise"))


def test_the_revised_contract_meets_every_required_position(revised) -> None:
    revision, paths = revised
    assert revision.before.gaps  # the original had gaps to fix
    after = contractkit.review(paths["revised.pdf"])
    assert [(f.position, f.reasons) for f in after.gaps] == []
    assert after.score == 100


def test_untouched_clauses_keep_their_words(revised) -> None:
    revision, paths = revised
    original = contractkit.extract(corpus("freelance"))
    reread = contractkit.extract(paths["revised.pdf"])
    by_number = {c.number: c for c in reread.clauses if c.number}
    kept = [
        c
        for c in revision.clauses
        if c.status in ("kept", "renumbered") and c.number and c.text and c.old_text == c.text
    ]
    assert len(kept) > 30
    for clause in kept:
        before = original.clause(clause.original or "")
        after = by_number[clause.number]
        assert words(after.text)[1:] == words(before.text)[1:], clause.number  # minus the number


def test_numbers_and_cross_references_follow_the_inserted_section(revised) -> None:
    revision, _ = revised
    original = contractkit.extract(corpus("freelance"))
    headings = {c.number: c.heading for c in original.clauses if c.level == 1 and c.number}
    new_headings = {c.number: c.heading for c in revision.clauses if c.level == 1 and c.number}
    moved = {c.old_number: c.number for c in revision.clauses if c.level == 1 and c.original}
    assert any(old != new for old, new in moved.items())  # a section was inserted
    for old, new in moved.items():
        assert new_headings[new] == headings[old]
    survival = next(c for c in revision.clauses if c.old_number == "10.6")
    assert survival.number == "11.6"
    assert survival.text.startswith("Sections 8, 9, 10.3, 11.5, 12, 13, 14, and 15,")
    # Every "Section N" reference points at the clause it pointed at before.
    refs = re.compile(r"Sections? (\d+(?:\.\d+)?)")
    for clause in revision.clauses:
        if clause.old_text and clause.status == "renumbered":
            for old_ref, new_ref in zip(
                refs.findall(clause.old_text), refs.findall(clause.text), strict=True
            ):
                top_old, top_new = old_ref.split(".")[0], new_ref.split(".")[0]
                assert moved[top_old] == top_new, (clause.number, old_ref, new_ref)


def test_pdfs_and_summary_say_the_same_thing(revised) -> None:
    revision, paths = revised
    text = " ".join(words(contractkit.open(paths["revised.pdf"]).text))
    summary = paths["changes.md"].read_text(encoding="utf-8")
    edits = [c for c in revision.changes if c.kind != "renumbered"]
    assert {c.position for c in edits} >= {"termination_for_cause", "communication", "records"}
    for change in edits:
        assert " ".join(words(change.new_text)) in text
        assert change.title in summary and change.rationale.split()[0] in summary
    assert "Signed for and on behalf of Brightleaf Goods, Inc." in text
    assert re.search(r"Page 1 of \d+", pdf_text(paths["revised.pdf"])[0])
    # Redline: insertions in blue, deletions in red, word by word.
    with pdfplumber.open(paths["redline.pdf"]) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    blue = "".join(c["text"] for c in chars if _color(c) == BLUE).replace(" ", "")
    red = "".join(c["text"] for c in chars if _color(c) == RED).replace(" ", "")
    for change in edits:
        assert "".join(words(change.new_text)) in blue
    assert "10.6" in red and "11.6" in blue  # the renumbered clause shows both numbers


def _color(char: dict) -> tuple[float, ...]:
    return tuple(round(v, 3) for v in char.get("non_stroking_color") or ())


def test_docx_carries_the_same_changes_as_tracked_changes(revised) -> None:
    revision, paths = revised
    with zipfile.ZipFile(paths["revised.docx"]) as docx:
        xml = docx.read("word/document.xml").decode()
    from lxml import etree

    root = etree.fromstring(xml.encode())
    inserted = root.findall(f".//{W}ins")
    deleted = root.findall(f".//{W}del")
    assert inserted and deleted
    assert {i.get(f"{W}author") for i in inserted + deleted} == {"contractkit"}
    accepted = " ".join(
        t.text or "" for t in root.iter(f"{W}t")
    )  # accept all: inserted text stays, deleted text goes
    pdf = " ".join(words(contractkit.open(paths["revised.pdf"]).text))
    for change in revision.changes:
        assert " ".join(words(change.new_text)) in " ".join(words(accepted))
        assert " ".join(words(change.new_text)) in pdf
    rejected = " ".join(
        (t.text or "") for t in root.iter(f"{W}t", f"{W}delText") if not _inside(t, f"{W}ins")
    )
    assert "Sections 7, 8, 9.3, 10.5, 11, 12, 13, and 14" in " ".join(words(rejected))


@pytest.mark.parametrize("name", ["saas", "article"])
def test_a_word_contract_gets_its_own_file_back_with_tracked_changes(
    name: str, tmp_path: Path
) -> None:
    original = corpus(name)
    out = tmp_path / "tracked.docx"
    revision = contractkit.revise(original)
    assert contractkit.write(revision, out, original=original) == ()
    data = out.read_bytes()
    # Reject all: the original, word for word. Accept all: the revision, meeting the playbook.
    rejected = contractkit.open(resolved(data, accept=False)).text
    assert rejected == contractkit.open(original).text
    accepted = contractkit.open(resolved(data, accept=True))
    assert contractkit.review(accepted).gaps == ()
    flat = " ".join(accepted.text.split())
    for change in revision.changes:
        if change.kind != "renumbered":
            assert " ".join(change.new_text.split()) in flat
    # The file is the user's own: its styles and page set-up are there, not ours.
    with zipfile.ZipFile(io.BytesIO(original)) as before, zipfile.ZipFile(out) as after:
        assert after.read("word/styles.xml") == before.read("word/styles.xml")
        xml = after.read("word/document.xml").decode()
    assert "<w:ins " in xml and 'w:author="contractkit"' in xml
    assert ("<w:del " in xml) == any(c.kind == "replaced" for c in revision.changes)


def test_a_sentence_broken_by_a_page_break_is_replaced_whole() -> None:
    contract = (
        b"AGREEMENT\n\n4. Fees\n\n4.1 Customer shall pay each invoice within forty-five\f"
        b"(45) days after the date of invoice.\n\n4.2 Late payments bear interest at 1% a month.\n"
    )
    revision = contractkit.revise(contract)
    payment = next(c for c in revision.clauses if c.old_number == "4.1")
    assert payment.status == "replaced" and "forty-five" not in payment.text
    # no party is named, but the contract's duties say "Customer": the new text does too
    assert payment.text.startswith("Customer shall pay each invoice in full within 30 days")


def test_revise_to_a_docx_name_on_the_command_line_edits_the_word_contract(
    tmp_path: Path,
) -> None:
    source, out = tmp_path / "saas.docx", tmp_path / "revised.docx"
    source.write_bytes(corpus("saas"))
    command = [sys.executable, "-m", "contractkit", "revise", str(source), "-o", str(out), "-q"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stderr == ""
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(out) as after:
        assert after.read("word/styles.xml") == before.read("word/styles.xml")
        assert b"<w:ins " in after.read("word/document.xml")


def test_word_numbering_and_cross_references_follow_the_inserted_section(tmp_path: Path) -> None:
    from tests.fixtures import docx_contract

    out = tmp_path / "tracked.docx"
    original = docx_contract().data
    contractkit.write(contractkit.revise(original, renumber=True), out, original=original)
    accepted = contractkit.open(resolved(out.read_bytes(), accept=True)).text
    # Fees moved from 3 to 4 behind the inserted "Communication and Records"; so did the
    # reference to it, and the list under 2.1 kept its own 1, 2, 3.
    assert '"Fees" means the amounts payable under clause 4.' in accepted
    assert "3. Communication and Records" in accepted and "4. Fees and Payment" in accepted
    assert "1. Discovery workshops" in accepted


def test_a_word_file_that_cannot_be_edited_exactly_gets_a_new_document(tmp_path: Path) -> None:
    import docx

    document = docx.Document(io.BytesIO(corpus("saas")))
    target = next(p for p in document.paragraphs if "within forty-five (45) days" in p.text)
    target._p.append(
        docx.oxml.parse_xml(  # a hyperlink inside the clause to change
            '<w:hyperlink xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:r><w:t> (see portal)</w:t></w:r></w:hyperlink>"
        )
    )
    buffer = io.BytesIO()
    document.save(buffer)
    out = tmp_path / "tracked.docx"
    revision = contractkit.revise(buffer.getvalue())
    notes = contractkit.write(revision, out, original=buffer.getvalue())
    assert notes and "a new document" in notes[0]
    assert "fields, links or revision marks" in notes[0]
    assert contractkit.review(resolved(out.read_bytes(), accept=True)).gaps == ()


def _inside(element, tag: str) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def test_parameters_come_from_the_contract_and_can_be_overridden(tmp_path: Path) -> None:
    contract = (
        b'AGREEMENT\n\nThis Agreement is between Acme Ltd ("Client") and Bo Li ("Consultant").\n\n'
        b"1. Termination\n\n1.1 Consultant may terminate this Agreement by giving ninety (90) "
        b"days' written notice.\n\n"
        b"1.2 Client may terminate this Agreement on ten (10) days' notice.\n"
    )
    revision = contractkit.revise(contract, notice_days=14, transition_days=20)
    first = next(c for c in revision.clauses if c.number == "1.1")
    assert first.status == "replaced"
    assert first.text == (
        "Consultant may terminate this Agreement for convenience at any time by giving Client at "
        "least 14 days' written notice."
    )
    assert revision.params["provider"] == "Consultant" and revision.params["transition_days"] == 20
    assert next(c for c in revision.clauses if c.number == "1.2").status == "kept"
    with pytest.raises(contractkit.InvalidOptionError, match="unknown playbook parameter"):
        contractkit.revise(contract, notice_dayz=14)


PLAIN = """SERVICES AGREEMENT

This Services Agreement is made on 3 March 2025 between Harbour Studio Ltd (the Provider) and
Redwood Logistics Inc. (the Client).

1. Termination
1.1 The Provider may terminate this Agreement for convenience on thirty (30) days' written
notice to the Client.

2. Notices. Notices shall be given in writing to the addresses above.

3. Miscellaneous
3.1 Notwithstanding Section 1.1, the Provider may terminate this Agreement for convenience on
ninety (90) days' written notice to the Client.
3.2 This Agreement is governed by the laws of England and Wales.
"""


def test_a_plain_text_contract_with_a_second_longer_notice_period(tmp_path: Path) -> None:
    extraction = contractkit.extract(PLAIN.encode())
    assert [(p.defined_as, p.role) for p in extraction.parties] == [
        ("Provider", "provider"),
        ("Client", "client"),
    ]
    card = contractkit.review(extraction)
    termination = card.finding("provider_termination")
    # The worst of the two periods decides, and its clause is the one to fix.
    assert termination.status == "weak"
    assert termination.reasons == ("notice period 90 days; the playbook allows at most 30 days",)
    assert extraction.clause(termination.target or "").number == "3.1"
    revision = contractkit.revise(PLAIN.encode())
    contractkit.write(revision, tmp_path / "revised.pdf")
    by_old = {c.old_number: c for c in revision.clauses if c.old_number}
    assert by_old["1.1"].status in ("kept", "renumbered")
    assert by_old["3.1"].text.startswith("The Provider may terminate this Agreement")
    # The weak notices clause is added to, not followed by a second "Notices" section.
    assert [c.heading for c in revision.clauses].count("Notices") == 1
    assert by_old["2"].text.startswith("Notices shall be given in writing to the addresses above. ")
    payment = next(c for c in revision.changes if c.position == "payment_terms")
    assert payment.new_text.startswith("The Client shall pay each invoice")
    text = " ".join(" ".join(pdf_text(tmp_path / "revised.pdf")).split())
    assert "The Client shall pay each invoice" in text
    assert contractkit.review(tmp_path / "revised.pdf").gaps == ()


@pytest.mark.parametrize("name", ["saas", "sow", "article"])
def test_docx_text_and_article_contracts_are_revised_too(name: str, tmp_path: Path) -> None:
    out = tmp_path / f"{name}.pdf"
    revision = contractkit.revise(corpus(name))
    contractkit.write(revision, out)
    assert revision.before.gaps
    after = contractkit.review(out)
    assert after.gaps == ()


@pytest.mark.slow
@pytest.mark.tesseract
def test_a_scanned_contract_is_revised_through_ocr(tmp_path: Path) -> None:
    out = tmp_path / "runin-revised.pdf"
    revision = contractkit.revise(corpus("runin"))
    contractkit.write(revision, out)
    contractkit.write(revision, tmp_path / "r.pdf", renderer="redline")
    assert revision.document.ocr_pages == revision.document.pages
    assert contractkit.review(out).gaps == ()
    assert (tmp_path / "r.pdf").stat().st_size > 0
