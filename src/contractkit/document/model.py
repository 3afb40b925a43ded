"""The document model every later layer reads: pages → blocks → lines → words, with provenance.

``Document.text`` is the clean plain text (running headers and page numbers removed, words
broken across lines joined, ligatures and curly quotes made plain). Every word that reaches
the text records its ``start``/``end`` offsets in it, so anything found in the text maps back
to the page and box it came from (:meth:`Document.locate`).

Coordinates are PDF points (1/72 inch) from the top-left corner of the page as it is shown
(after ``/Rotate``); OCR'd pages use the upright page that ``contractkit ocr`` writes. DOCX
and plain text have no page geometry: their boxes are ``None``.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, NamedTuple

from contractkit.ocr._models import OcrReport

__all__ = [
    "BBox",
    "Block",
    "Document",
    "DocumentFormat",
    "Line",
    "Page",
    "PageSource",
    "Region",
    "Section",
    "Word",
]

SCHEMA_VERSION = "1"

#: What the document was read from, detected from its content (never its file name).
DocumentFormat = Literal["pdf", "image", "docx", "text", "markdown"]

#: Where a page's text came from: its own PDF text layer, OCR, a Word file, or plain text.
PageSource = Literal["text-layer", "ocr", "docx", "text", "none"]


class BBox(NamedTuple):
    """A box in PDF points from the page's top-left corner (``top`` < ``bottom``)."""

    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: BBox) -> BBox:
        """The smallest box holding both."""
        return BBox(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )


@dataclass(frozen=True, slots=True)
class Word:
    """One word as read from the page.

    Attributes:
        text: The word, normalised (ligatures expanded, curly quotes and dashes made plain).
        bbox: Where it is on the page; ``None`` for sources without geometry.
        start: Offset of the word's first character in ``Document.text``; ``None`` when the
            word is not part of the text (a running header or page number).
        end: Offset just past the word's last character in ``Document.text``.
        confidence: OCR confidence 0-100; ``None`` for text that was not OCR'd.
        bold: Set in a bold font, where the source tells.
        italic: Set in an italic font, where the source tells.
    """

    text: str
    bbox: BBox | None
    start: int | None = None
    end: int | None = None
    confidence: float | None = None
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    """A line of words in reading order, with the font size the line is set in."""

    words: tuple[Word, ...]
    bbox: BBox | None
    font_size: float | None = None
    bold: bool = False
    italic: bool = False

    @property
    def text(self) -> str:
        """The line's words joined by spaces."""
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph: lines that belong together, in reading order.

    Attributes:
        lines: The lines.
        bbox: The box around them.
        column: 0 for full-width text, 1, 2, ... for the columns of a multi-column page.
    """

    lines: tuple[Line, ...]
    bbox: BBox | None
    column: int = 0

    @property
    def text(self) -> str:
        """The block's lines joined by newlines (as on the page, before hyphens are joined)."""
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True, slots=True)
class Page:
    """One page.

    Attributes:
        index: 0-based page index.
        number: 1-based page number, as a reader counts.
        width: Page width in points (``None`` without geometry).
        height: Page height in points.
        source: Where the text came from.
        blocks: The text in reading order.
        furniture: Lines left out of ``Document.text``: running headers, footers, page numbers.
        rotation: Clockwise degrees OCR turned the page to make it upright.
        skew: Degrees of skew straightened before OCR.
        mean_confidence: Mean OCR word confidence (0-100); ``None`` unless OCR'd.
    """

    index: int
    number: int
    width: float | None
    height: float | None
    source: PageSource
    blocks: tuple[Block, ...]
    furniture: tuple[Line, ...] = ()
    rotation: int = 0
    skew: float = 0.0
    mean_confidence: float | None = None

    @property
    def lines(self) -> tuple[Line, ...]:
        """Every line of the page's text, in reading order (without furniture)."""
        return tuple(line for block in self.blocks for line in block.lines)

    @property
    def text(self) -> str:
        """The page's blocks joined by blank lines (as on the page)."""
        return "\n\n".join(block.text for block in self.blocks)


@dataclass(frozen=True, slots=True)
class Section:
    """An attachment of the contract: an exhibit, schedule, appendix, annex or addendum.

    Attributes:
        kind: ``"exhibit"``, ``"schedule"``, ``"appendix"``, ``"annex"``, ``"attachment"`` or
            ``"addendum"``.
        label: Its letter or number as printed (``"A"``, ``"1"``).
        title: The heading after the label (``"Statement of Work"``), may be empty.
        start: Offset in ``Document.text`` where its heading starts.
        end: Offset where it ends (the next attachment, or the end of the text).
        page_index: Page its heading is on.
    """

    kind: str
    label: str
    title: str
    start: int
    end: int
    page_index: int


@dataclass(frozen=True, slots=True)
class Region:
    """Where a stretch of text is: one box per line it covers."""

    page_index: int
    page_number: int
    bbox: BBox | None


@dataclass(frozen=True)
class Document:
    r"""A contract read into pages, with clean text and the way back from text to page.

    Attributes:
        name: The file name, or ``<bytes>``/``<stream>``.
        format: What the content was detected as.
        sha256: SHA-256 of the input bytes (the cache key for OCR).
        pages: The pages.
        text: The clean plain text: lines joined by ``\\n``, blocks by a blank line.
        sections: Exhibits, schedules and other attachments, in order.
        ocr: The OCR report when any page was OCR'd.
        warnings: Messages a person should read (repairs, low confidence, unreadable pages).
    """

    name: str
    format: DocumentFormat
    sha256: str
    pages: tuple[Page, ...]
    text: str
    sections: tuple[Section, ...] = ()
    ocr: OcrReport | None = None
    warnings: tuple[str, ...] = field(default=())
    schema_version: str = SCHEMA_VERSION

    def words(self) -> list[tuple[int, Word]]:
        """Every word of the text with its page index, in text order."""
        return [
            (page.index, word)
            for page in self.pages
            for block in page.blocks
            for line in block.lines
            for word in line.words
            if word.start is not None
        ]

    @cached_property
    def _index(self) -> tuple[list[int], list[tuple[int, int, Word]]]:
        """Word starts (sorted) and, for each, (page index, line id, word)."""
        entries = []
        for page in self.pages:
            for block in page.blocks:
                for line in block.lines:
                    for word in line.words:
                        if word.start is not None:
                            entries.append((page.index, id(line), word))
        entries.sort(key=lambda e: e[2].start or 0)
        return [e[2].start or 0 for e in entries], entries

    def locate(self, start: int, end: int) -> list[Region]:
        """Where ``text[start:end]`` is on the pages: one region per line it touches.

        A range that covers part of a word gets the matching part of the word's box
        (proportional to characters).

        Raises:
            ValueError: The range is empty or outside the text.
        """
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"range {start}:{end} is outside the text (0:{len(self.text)})")
        regions: dict[tuple[int, int], BBox | None] = {}
        for page_index, line_id, word in self._overlapping(start, end):
            w_start, w_end = word.start or 0, word.end or 0
            box = _part_of(word, max(start, w_start), min(end, w_end))
            key = (page_index, line_id)
            if key not in regions:
                regions[key] = box
            elif box is not None and (have := regions[key]) is not None:
                regions[key] = have.union(box)
        return [Region(p, p + 1, box) for (p, _), box in regions.items()]

    def words_between(self, start: int, end: int) -> list[Word]:
        """The words of the text that overlap ``text[start:end]``, in text order."""
        return [word for _, _, word in self._overlapping(start, end)]

    def _overlapping(self, start: int, end: int) -> Iterator[tuple[int, int, Word]]:
        """(page index, line id, word) of each word overlapping ``text[start:end]``."""
        starts, entries = self._index
        # indices, not a slice: copying the tail of a long document for every clause made
        # extract() quadratic (2.3 MB of text: 13 s of 34 in here)
        for index in range(max(bisect.bisect_right(starts, start) - 1, 0), len(entries)):
            entry = entries[index]
            word = entry[2]
            if (word.start or 0) >= end:
                break
            if (word.end or 0) > start:
                yield entry

    def page_at(self, offset: int) -> int | None:
        """Index of the page the character at ``offset`` is on (``None`` between pages)."""
        starts, entries = self._index
        i = bisect.bisect_right(starts, offset) - 1
        return entries[i][0] if i >= 0 else None

    def to_dict(self) -> dict[str, Any]:
        """Return the document as JSON-ready data (see ``contractkit schema document``)."""
        data: dict[str, Any] = _adapter().dump_python(self, mode="json")
        return data

    def to_json(self, *, indent: int | None = None) -> str:
        """Return the document as JSON text (UTF-8, not ASCII-escaped)."""
        return str(_adapter().dump_json(self, indent=indent).decode())


def _part_of(word: Word, start: int, end: int) -> BBox | None:
    box, w_start, w_end = word.bbox, word.start or 0, word.end or 0
    if box is None or (start == w_start and end == w_end):
        return box
    width = (box.x1 - box.x0) / max(w_end - w_start, 1)
    return BBox(
        box.x0 + (start - w_start) * width, box.top, box.x0 + (end - w_start) * width, box.bottom
    )


@functools.cache
def _adapter() -> Any:
    """Built on first use: the schema walk costs ~50 ms, not worth paying at import."""
    from pydantic import TypeAdapter

    return TypeAdapter(Document)


def document_schema() -> dict[str, Any]:
    """The JSON Schema of :meth:`Document.to_json` output."""
    schema: dict[str, Any] = _adapter().json_schema(mode="serialization")
    schema["$id"] = f"https://contractkit.dev/schema/document-{SCHEMA_VERSION}.json"
    return schema
