"""Self-checks of the layout fixtures, read back with pdfplumber and python-docx only."""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pdfplumber
import pytest

from tests import fixtures
from tests.fixtures import layouts

TOLERANCE = 2.0  # points


def _typography() -> fixtures.LaidOut:
    try:
        return fixtures.typography_pdf()
    except fixtures.FixtureUnavailable as error:
        pytest.skip(str(error))


def _contract() -> tuple[bytes, tuple[fixtures.Placed, ...]]:
    return fixtures.contract_pdf().data, fixtures.contract_line_boxes()


PDFS: dict[str, Callable[[], tuple[bytes, Sequence[fixtures.Placed]]]] = {
    "two-column": lambda: (fixtures.two_column_pdf().data, fixtures.two_column_pdf().placed),
    "headers-footers": lambda: (
        fixtures.headers_footers_pdf().data,
        fixtures.headers_footers_pdf().placed,
    ),
    "hyphenated": lambda: (fixtures.hyphenated_pdf().data, fixtures.hyphenated_pdf().placed),
    "typography": lambda: (_typography().data, _typography().placed),
    "contract": _contract,
}


def _box(hit: dict[str, float]) -> tuple[float, float, float, float]:
    return (hit["x0"], hit["top"], hit["x1"], hit["bottom"])


@pytest.mark.parametrize("kind", list(PDFS))
def test_placed_boxes_match_pdfplumber(kind: str) -> None:
    data, placed = PDFS[kind]()
    assert placed
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for item in placed:
            page = pdf.pages[item.page_index]
            # pdfplumber splits words at a no-break space; its text map then has a plain space
            text = item.text.replace("\u00a0", " ")
            hits = page.search(text, regex=False, expand_ligatures=False)
            assert hits, f"{kind}: {item.text!r} not found on page {item.page_index}"
            worst = min(
                max(abs(a - b) for a, b in zip(_box(hit), item.bbox, strict=True)) for hit in hits
            )
            assert worst <= TOLERANCE, f"{kind}: {item.text!r} is {worst:.2f} pt off"
            x0, top, x1, bottom = item.bbox
            assert 0 <= x0 < x1 <= float(page.width)
            assert 0 <= top < bottom <= float(page.height)


def test_two_column_rows_are_aligned_and_truth_reads_columns_in_turn() -> None:
    fixture = fixtures.two_column_pdf()
    lines = fixture.truth[0].split("\n")
    assert lines == [p.text for p in fixture.placed]  # drawn in reading order
    start, middle = lines.index("1. Services"), lines.index("4. Fees")
    end = next(i for i, line in enumerate(lines) if line.startswith("IN WITNESS WHEREOF"))
    left, right = fixture.placed[start:middle], fixture.placed[middle:end]
    assert len({p.bbox[0] for p in left}) == len({p.bbox[0] for p in right}) == 1
    assert max(p.bbox[2] for p in left) < right[0].bbox[0]  # a gutter between the columns
    assert len(left) >= 10 and len(right) >= 10
    first = left[0].bbox[3]
    assert right[0].bbox[3] == pytest.approx(first)
    for p in left + right:  # one grid of baselines for both columns (bold descends less)
        rows = (p.bbox[3] - first) / layouts.LEADING
        assert rows == pytest.approx(round(rows), abs=0.05)
    shared = {round(p.bbox[3]) for p in left} & {round(p.bbox[3]) for p in right}
    assert len(shared) >= 8
    assert "thirty (30) days" in " ".join(p.text for p in right)
    with pdfplumber.open(io.BytesIO(fixture.data)) as pdf:
        naive = pdf.pages[0].extract_text().split("\n")
    assert f"{left[0].text} {right[0].text}" in naive  # a naive reader mixes the columns


def test_headers_and_footers_are_drawn_on_every_page_but_not_in_truth() -> None:
    fixture = fixtures.headers_footers_pdf()
    assert len(fixture.truth) == 4
    furniture = {fixtures.HEADER_TEXT, fixtures.FOOTER_LEFT}
    for index, truth in enumerate(fixture.truth):
        on_page = [p.text for p in fixture.placed if p.page_index == index]
        page_number = f"Page {index + 1} of 4"
        assert {fixtures.HEADER_TEXT, fixtures.FOOTER_LEFT, page_number} <= set(on_page)
        body = [t for t in on_page if t not in furniture and t != page_number]
        assert truth.split("\n") == body
        assert fixtures.HEADER_TEXT not in truth and "Page " not in truth
    assert fixture.truth[2].startswith("EXHIBIT A - STATEMENT OF WORK\n")
    assert fixture.truth[3].startswith("SCHEDULE 1 - FEES\n")
    # the first page ends in the middle of a paragraph that continues on the next
    assert not fixture.truth[0].rstrip().endswith(".")
    assert fixture.truth[1][0].islower()
    assert fixtures.headers_footers_pdf(5).truth[3].startswith("EXHIBIT A")


def test_hyphenated_lines_break_the_listed_words() -> None:
    lines = fixtures.hyphenated_pdf().truth[0].split("\n")
    joined = set()
    for line, following in itertools.pairwise(lines):
        if line.endswith("-") and not line.endswith(" -"):
            head = line.rsplit(" ", 1)[-1].strip('("')
            tail = re.match(r"[\w-]+", following)
            assert tail, following
            word = head[:-1] + tail.group(0)
            joined.add(word if word.lower() in fixtures.JOINED_WORDS else head + tail.group(0))
    assert {w.lower() for w in joined} == set(fixtures.JOINED_WORDS)
    assert sum(line.endswith(" -") for line in lines) == 1


def test_typography_keeps_ligatures_and_normalises_to_the_listed_phrases() -> None:
    fixture = _typography()
    text = fixture.truth[0]
    with pdfplumber.open(io.BytesIO(fixture.data)) as pdf:
        page = pdf.pages[0]
        drawn = page.extract_text(expand_ligatures=False)
        chars = {c["text"] for c in page.chars}
    assert "\ufb01" in drawn and "\ufb02" in drawn
    assert {"\u201c", "\u201d", "\u2019", "\u2013", "\u2014", "\u00a0"} <= chars
    table = str.maketrans(
        {
            "\ufb00": "ff",
            "\ufb01": "fi",
            "\ufb02": "fl",
            "\u201c": '"',
            "\u201d": '"',
            "\u2019": "'",
            "\u2013": "-",
            "\u2014": "-",
            "\u00a0": " ",
        }
    )
    plain = text.translate(table)
    assert plain.isascii()
    for phrase in fixtures.TYPOGRAPHY_NORMALISED:
        assert phrase in plain


def test_docx_contract_opens_with_python_docx() -> None:
    docx = pytest.importorskip("docx")
    fixture = fixtures.docx_contract()
    assert fixture.suffix == ".docx"
    document = docx.Document(io.BytesIO(fixture.data))
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].text == "CONSULTING AGREEMENT"
    assert sum(p.style.name == "List Number" for p in paragraphs) >= 3
    assert [p.text for p in paragraphs if p.style.name == "Heading 1"][:4] == [
        "1. Definitions",
        "2. Services",
        "3. Fees and Payment",
        "4. Term and Termination",
    ]
    runs = [r for p in paragraphs for r in p.runs]
    assert any(r.bold and r.text == fixtures.DOCX_BOLD for r in runs)
    assert any(r.italic and r.text == fixtures.DOCX_ITALIC for r in runs)
    assert 'w:type="page"' in document.element.xml
    cells = [c.text for row in document.tables[0].rows for c in row.cells]
    assert cells == ["PROVIDER", "CLIENT", "By: ____", "By: ____"]
    numbering = document.part.numbering_part.element.xml
    assert 'w:pStyle w:val="ListNumber"' in numbering
    # the truth is every paragraph (list items numbered as Word shows them), then the cells
    expected, number = [], 0
    for p in paragraphs:
        if p.style.name == "List Number":
            number += 1
            expected.append(f"{number}. {p.text}")
        else:
            expected.append(p.text)
    assert fixture.truth == ("\n".join([*expected, *cells]),)


@pytest.mark.parametrize(
    "build",
    [
        fixtures.two_column_pdf,
        fixtures.headers_footers_pdf,
        fixtures.hyphenated_pdf,
        fixtures.docx_contract,
        fixtures.typography_pdf,
    ],
)
def test_builders_are_deterministic(build: Callable[[], fixtures.Fixture]) -> None:
    try:
        first = build()
    except fixtures.FixtureUnavailable as error:
        pytest.skip(str(error))
    build.cache_clear()  # type: ignore[attr-defined]
    assert build() == first


def test_laid_out_fixtures_write(tmp_path: Path) -> None:
    fixture = fixtures.two_column_pdf()
    path = fixture.write(tmp_path)
    assert path.name == "two-column.pdf"
    assert path.read_bytes() == fixture.data
