"""contractkit.open on each format, detected from content; bad input as clear errors."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest

import contractkit as ck
from contractkit.document import document_schema
from tests import fixtures
from tests.fixtures import layouts

MARKDOWN = """# CONSULTING AGREEMENT

This agreement is made between **Northwind Design LLC** (the *Provider*) and Contoso Retail Inc.

## 1. Term

1. The initial term is twelve (12) months.
2. Either party may end it on thirty (30) days' notice, see [the notices clause](#notices).
3. **Fees**. Invoices are due in 30 days.

- a bullet that loses its marker
"""


def body_lines(truth: str) -> list[str]:
    """A page's truth without its "Page N of M" footer."""
    return [line for line in truth.splitlines() if not line.startswith("Page ")]


def test_born_digital_pdf_text_and_furniture() -> None:
    fixture = fixtures.contract_pdf()
    doc = ck.open(fixture.data, cache=False)
    assert doc.format == "pdf" and len(doc.pages) == 2 and doc.ocr is None
    expected = [line for page in fixture.truth for line in body_lines(page)]
    assert [line.text for page in doc.pages for line in page.lines] == expected
    assert all(page.source == "text-layer" for page in doc.pages)
    assert [line.text for line in doc.pages[1].furniture] == ["Page 2 of 2"]
    assert "Page 1 of 2" not in doc.text


def test_fonts_and_boxes_come_from_the_page() -> None:
    doc = ck.open(fixtures.contract_pdf().data, cache=False)
    title = doc.pages[0].lines[0]
    assert title.text == "SERVICES AGREEMENT" and title.bold and title.font_size == 14.0
    body = doc.pages[0].lines[1]
    assert not body.bold and body.font_size == 11.0
    for placed in layouts.contract_line_boxes()[:12]:
        start = doc.text.find(placed.text)
        if start < 0:
            continue  # the footer is furniture, not text
        regions = doc.locate(start, start + len(placed.text))
        assert [r.page_index for r in regions] == [placed.page_index]
        box = regions[0].bbox
        assert box is not None
        # x from the glyph advances; y from font metrics, which pdfium reads more loosely
        assert abs(box.x0 - placed.bbox[0]) < 1 and abs(box.x1 - placed.bbox[2]) < 1, placed.text
        assert abs(box.top - placed.bbox[1]) < 3.5 and abs(box.bottom - placed.bbox[3]) < 3.5


def test_locate_maps_offsets_inside_words() -> None:
    doc = ck.open(fixtures.contract_pdf().data, cache=False)
    start = doc.text.index("thirty (30) days")
    (whole,) = doc.locate(start, start + len("thirty (30) days"))
    (part,) = doc.locate(start + len("thirty ("), start + len("thirty (30"))
    assert whole.bbox is not None and part.bbox is not None
    assert whole.bbox.x0 < part.bbox.x0 < part.bbox.x1 < whole.bbox.x1
    assert doc.page_at(start) == 0
    with pytest.raises(ValueError, match="outside the text"):
        doc.locate(0, len(doc.text) + 1)


def test_json_follows_the_published_schema() -> None:
    doc = ck.open(fixtures.contract_pdf().data, cache=False)
    data = json.loads(doc.to_json())
    jsonschema.validate(data, document_schema())
    assert data["schema_version"] == "1"
    word = data["pages"][0]["blocks"][0]["lines"][0]["words"][0]
    assert word["text"] == "SERVICES" and len(word["bbox"]) == 4 and word["start"] == 0
    assert json.loads(doc.to_json(indent=2)) == data


def test_sources_can_be_paths_bytes_and_files(tmp_path: Path) -> None:
    fixture = fixtures.contract_pdf()
    path = fixture.write(tmp_path)
    texts = {
        ck.open(path, cache=False).text,
        ck.open(str(path), cache=False).text,
        ck.open(fixture.data, cache=False).text,
        ck.open(io.BytesIO(fixture.data), cache=False).text,
    }
    assert len(texts) == 1
    assert ck.open(path, cache=False).name == str(path)


def test_format_comes_from_content_not_extension(tmp_path: Path) -> None:
    pdf = tmp_path / "contract.txt"
    pdf.write_bytes(fixtures.contract_pdf().data)
    assert ck.open(pdf, cache=False).format == "pdf"
    word = tmp_path / "contract.pdf"
    word.write_bytes(layouts.docx_contract().data)
    assert ck.open(word, cache=False).format == "docx"
    text = tmp_path / "contract.docx"
    text.write_text("SERVICES AGREEMENT\n\n1. The Provider shall provide the services.\n")
    assert ck.open(text, cache=False).format == "text"


def test_docx_text_styles_and_numbering() -> None:
    fixture = layouts.docx_contract()
    doc = ck.open(fixture.data, cache=False)
    assert doc.format == "docx"
    assert [line.text for page in doc.pages for line in page.lines] == fixture.truth[0].split("\n")
    assert len(doc.pages) == 2  # the explicit page break before the exhibit
    assert all(page.source == "docx" and page.width for page in doc.pages)
    words = [word for _, word in doc.words()]
    bold = " ".join(w.text for w in words if w.bold and not w.italic)
    italic = " ".join(w.text for w in words if w.italic)
    assert layouts.DOCX_BOLD in bold
    assert layouts.DOCX_ITALIC in italic
    assert [(s.kind, s.label) for s in doc.sections] == [("exhibit", "A")]
    assert doc.locate(0, 5)[0].bbox is None  # no geometry in a Word file


def test_plain_text_and_markdown() -> None:
    text = "SERVICES AGREEMENT\n\n1. Term\nThe term is one year.\fEXHIBIT A\nStatement of work.\n"
    doc = ck.open(text.encode(), cache=False)
    assert doc.format == "text" and len(doc.pages) == 2
    assert doc.text == (
        "SERVICES AGREEMENT\n\n1. Term\nThe term is one year.\n\nEXHIBIT A\nStatement of work."
    )
    assert doc.sections[0].title == "Statement of work"
    md = ck.open(MARKDOWN.encode(), cache=False)
    assert md.format == "markdown"
    lines = md.text.splitlines()
    assert lines[0] == "CONSULTING AGREEMENT" and md.pages[0].lines[0].bold
    assert "1. The initial term is twelve (12) months." in lines
    assert (
        "2. Either party may end it on thirty (30) days' notice, see the notices clause." in lines
    )
    assert "a bullet that loses its marker" in lines
    bold = {w.text for _, w in md.words() if w.bold}
    assert {"Northwind", "Design", "LLC"} <= bold
    assert "Provider" in {w.text.strip("()") for _, w in md.words() if w.italic}
    assert "3. Fees. Invoices are due in 30 days." in lines  # no space before the full stop


def test_utf16_and_windows_text() -> None:
    assert ck.open("Das Entgelt beträgt 500 €.".encode("utf-16"), cache=False).text.endswith("€.")
    assert ck.open("Fee: 500 €, “net”".encode("cp1252"), cache=False).text == 'Fee: 500 €, "net"'


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", ck.EmptyInputError, "empty"),
        (b"   \n\n  ", ck.EmptyInputError, "white space"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ck.UnsupportedInputError, ".doc"),
        (b"{\\rtf1\\ansi hello}", ck.UnsupportedInputError, "RTF"),
        (bytes(range(256)) * 4, ck.UnsupportedInputError, "unknown binary"),
        (b"<!DOCTYPE html><html><body>x</body></html>", ck.UnsupportedInputError, "HTML"),
    ],
)
def test_unsupported_and_empty_inputs(data: bytes, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        ck.open(data, cache=False)


def test_zip_that_is_not_word() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(ck.UnsupportedInputError, match="not a Word document"):
        ck.open(buffer.getvalue(), cache=False)


def test_damaged_docx_is_corrupt_input() -> None:
    data = layouts.docx_contract().data
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            dst.writestr(
                item, body[: len(body) // 2] if item.filename.endswith("document.xml") else body
            )
    with pytest.raises(ck.CorruptInputError, match="damaged"):
        ck.open(buffer.getvalue(), cache=False)


@pytest.mark.parametrize(
    ("kind", "error", "message"),
    [
        ("truncated", ck.CorruptInputError, "damaged"),
        ("garbage", ck.CorruptInputError, "damaged"),
        ("encrypted", ck.EncryptedInputError, "encrypted"),
        ("zero-pages", ck.EmptyInputError, "no pages"),
        ("empty", ck.EmptyInputError, "empty"),
    ],
)
def test_bad_pdfs_fail_as_in_ocr(kind: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        ck.open(fixtures.broken(kind).data, cache=False)


def test_encrypted_pdf_with_password_and_repaired_pdf() -> None:
    from tests.fixtures.broken import USER_PASSWORD

    encrypted = fixtures.broken("encrypted").data
    with pytest.raises(ck.EncryptedInputError, match="wrong"):
        ck.open(encrypted, password="nope", cache=False)
    doc = ck.open(encrypted, password=USER_PASSWORD, cache=False, ocr=False)
    assert len(doc.pages) >= 1
    repaired = ck.open(fixtures.broken("corrupt-xref").data, cache=False, ocr=False)
    assert any("repaired" in w for w in repaired.warnings)


def test_pages_without_text_stay_empty_when_ocr_is_off() -> None:
    doc = ck.open(fixtures.scan("clean").data, ocr=False)
    assert doc.text == "" and doc.ocr is None
    assert any("no text layer and OCR is off" in w for w in doc.warnings)
    image = ck.open(fixtures.image("png").data, ocr=False)
    assert image.format == "image" and image.pages == ()


def test_contract_typeset_on_many_pages_streams() -> None:
    """A long contract: every page read, page numbers gone, text in page order."""
    fixture = fixtures.contract_pdf(pages=12)
    doc = ck.open(fixture.data, cache=False)
    assert len(doc.pages) == 12
    assert all(len(page.furniture) == 1 for page in doc.pages)
    offsets = [page.blocks[0].lines[0].words[0].start for page in doc.pages]
    assert offsets == sorted(offsets)
