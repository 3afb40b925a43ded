"""Reading it well: columns, running headers and footers, hyphens, typography, attachments."""

from __future__ import annotations

import pytest

import contractkit as ck
from tests.fixtures import layouts


def lines_of(doc: ck.Document) -> list[str]:
    return [line.text for page in doc.pages for line in page.lines]


def test_two_columns_read_left_then_right() -> None:
    fixture = layouts.two_column_pdf()
    doc = ck.open(fixture.data, cache=False)
    assert lines_of(doc) == fixture.truth[0].split("\n")
    columns = {block.column for block in doc.pages[0].blocks}
    assert columns == {0, 1, 2}
    # the notice period sits in the right column, where it was drawn
    start = doc.text.index("thirty (30) days")
    (region,) = doc.locate(start, start + len("thirty (30) days"))
    drawn = next(p for p in fixture.placed if "thirty (30) days" in p.text)
    assert region.bbox is not None
    assert drawn.bbox[0] - 1 <= region.bbox.x0 and region.bbox.x1 <= drawn.bbox[2] + 1
    assert abs(region.bbox.top - drawn.bbox[1]) < 3


def test_running_headers_footers_and_page_numbers_are_removed() -> None:
    fixture = layouts.headers_footers_pdf()
    doc = ck.open(fixture.data, cache=False)
    assert [[line.text for line in page.lines] for page in doc.pages] == [
        truth.split("\n") for truth in fixture.truth
    ]
    for page in doc.pages:
        furniture = {line.text for line in page.furniture}
        assert furniture == {
            layouts.HEADER_TEXT,
            layouts.FOOTER_LEFT,
            f"Page {page.number} of {len(doc.pages)}",
        }
        assert all(w.start is None for line in page.furniture for w in line.words)
    assert layouts.HEADER_TEXT not in doc.text and "Page 2 of" not in doc.text


def test_paragraph_running_over_a_page_break_stays_one_text() -> None:
    fixture = layouts.headers_footers_pdf()
    doc = ck.open(fixture.data, cache=False)
    last, first = fixture.truth[0].split("\n")[-1], fixture.truth[1].split("\n")[0]
    # nothing (no footer, header or page number) comes between the two halves
    assert f"{last}\n\n{first}" in doc.text or f"{last}\n{first}" in doc.text


def test_exhibits_and_schedules_are_kept_as_sections() -> None:
    doc = ck.open(layouts.headers_footers_pdf().data, cache=False)
    kinds = [(s.kind, s.label, s.title, s.page_index) for s in doc.sections]
    assert kinds == [
        ("exhibit", "A", "STATEMENT OF WORK", 2),
        ("schedule", "1", "FEES", 3),
    ]
    exhibit, schedule = doc.sections
    assert doc.text[exhibit.start :].startswith(layouts.EXHIBIT_HEADING)
    assert exhibit.end == schedule.start and schedule.end == len(doc.text)
    assert layouts.SCHEDULE_HEADING in doc.text[schedule.start : schedule.end]


def test_words_broken_across_lines_are_joined() -> None:
    fixture = layouts.hyphenated_pdf()
    doc = ck.open(fixture.data, cache=False)
    assert lines_of(doc) == fixture.truth[0].split("\n")  # the page keeps its hyphens
    words = doc.text.split()
    for joined in layouts.JOINED_WORDS:
        assert any(w.strip(",.()").lower() == joined for w in words), joined
    assert "agree-" not in doc.text and "termi-" not in doc.text
    assert "are these -\nconfidentiality" in doc.text  # a spaced dash is no hyphen
    # the joined word maps back to both halves, on two lines
    start = doc.text.index("termination of it")
    regions = doc.locate(start, start + len("termination"))
    assert len(regions) == 2
    top, bottom = regions[0].bbox, regions[1].bbox
    assert top is not None and bottom is not None and top.bottom <= bottom.top + 1


def test_ligatures_quotes_and_dashes_are_normalised_with_offsets() -> None:
    try:
        fixture = layouts.typography_pdf()
    except layouts.FixtureUnavailable as exc:
        pytest.skip(str(exc))
    doc = ck.open(fixture.data, cache=False)
    for phrase in layouts.TYPOGRAPHY_NORMALISED:
        assert phrase in doc.text, phrase
    assert not any(c in doc.text for c in "\ufb01\ufb02\u201c\u201d\u2019\u2013\u2014\u00a0")
    start = doc.text.index("final invoice")
    (region,) = doc.locate(start, start + len("final invoice"))
    drawn = next(p for p in fixture.placed if "invoice" in p.text)
    assert region.bbox is not None
    assert drawn.bbox[0] < region.bbox.x0 < region.bbox.x1 < drawn.bbox[2] + 1
    assert abs(region.bbox.top - drawn.bbox[1]) < 4
