"""From raw pages to the model: page furniture out, reading order, paragraphs, joined hyphens.

The rules, and why:

- **Furniture.** A line in the top or bottom 12% of a page is a running header or footer when
  the same line (digits ignored, so "Page 3 of 9" matches "Page 4 of 9") sits there on at
  least 30% of the pages (and two of them); a page number ("7", "- 7 -", "Page 7 of 9") in
  those bands is furniture on any page. Left in, they would split clauses mid-sentence.
- **Reading order.** Pages are cut into horizontal bands at lines that cross the widest
  vertical gutter; inside a band of two text columns the left column is read before the
  right. Everything else is read top to bottom, left to right. Justified columns with
  aligned baselines are the case naive extraction gets wrong (it reads across the gutter).
- **Paragraphs.** A new block starts at a vertical gap of half a line more than the page's
  usual leading, at a change of column, or between a fully bold line and a regular one
  (headings on their own line).
- **Hyphens.** A line ending in ``word-`` followed by a line starting in lower case is one
  word broken by the typesetter: the hyphen goes, unless the first part is a prefix that
  takes one (``non-``, ``self-``, ...).
- **Characters.** Ligatures are expanded, curly quotes straightened, dashes made ``-``, soft
  hyphens and zero-width characters dropped. Offsets refer to the normalised text.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator

from contractkit.document._raw import RawLine, RawPage, union
from contractkit.document.model import BBox, Block, Line, Page, Section, Word

__all__ = ["assemble", "furniture_candidates", "furniture_of", "iter_assembled", "normalise"]

_CHARS = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",
    "\u00a0": " ",
    "\u00ad": "",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
}
_TABLE = str.maketrans(_CHARS)

#: First parts of compounds that keep their hyphen when broken at the end of a line.
_HYPHEN_PREFIXES = frozenset(
    (
        *("non", "self", "co", "cross", "ex", "full", "half", "long", "multi", "part", "post"),
        *("pre", "pro", "quasi", "semi", "short", "sub", "third", "two", "three", "well"),
        *("anti", "counter", "inter", "intra", "vice"),
    )
)
#: "7", "- 7 -", "Page 7 of 9", "vii"; OCR may read a 1 as "l", "I" or "|".
_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|pg\.?|seite|página|pagina)?\s*[-(\[]?\s*(?:[\dlI|]{1,4}|[ivxlc]{1,6})\s*"
    r"[-)\]]?\s*(?:(?:of|/|de|von|di)\s*[\dlI|]{1,4})?$",
    re.I,
)
_ATTACHMENT = re.compile(
    r"^((?i:exhibit|schedule|appendix|annex|attachment|addendum))\s+"
    r"([A-Z]{1,2}|\d{1,3}(?:\.\d{1,2})?|[IVXLC]{1,6})\b\s*[-:.]?\s*(.*)$"
)
_BAND = 0.12  # share of the page height searched for headers and footers
_MIN_REPEAT_SHARE = 0.3


def normalise(text: str) -> str:
    """Make typographic characters plain: ligatures, curly quotes, dashes, invisible ones."""
    return text.translate(_TABLE) if not text.isascii() else text


def assemble(raw_pages: Iterable[RawPage]) -> tuple[tuple[Page, ...], str, tuple[Section, ...]]:
    """Turn raw pages into model pages, the clean text and the attachments found in it."""
    pages = list(raw_pages)
    furniture = _find_furniture(pages)
    laid = [_blocks(page, skip) for page, skip in zip(pages, furniture, strict=True)]
    return _Assembler().run(pages, laid, furniture)


def iter_assembled(raw_pages: Iterable[RawPage], furniture: list[set[int]]) -> Iterator[Page]:
    """The pages :func:`assemble` gives, one at a time, from pages read one at a time.

    ``furniture`` comes from :func:`furniture_of` over a first reading. A page is held back
    until the next page with text is read, since a word broken at its last line may go on
    there; the text itself is not kept, only the offsets into it.
    """
    assembler = _Assembler(keep_text=False)
    waiting: list[tuple[RawPage, _Laid, set[int]]] = []
    base = 0  # number, over all pages, of the first line of the first page waiting

    def finish(follower: list[RawLine]) -> Iterator[Page]:
        nonlocal base
        flat = [line for _, laid, _ in waiting for _, lines in laid for line in lines]
        joins = {base + k: how for k, how in _hyphen_joins(flat + follower[:1]).items()}
        for page, laid, skip in waiting:
            yield assembler.page(page, laid, skip, joins)
        base += len(flat)
        waiting.clear()

    for page, skip in zip(raw_pages, furniture, strict=True):
        laid = _blocks(page, skip)
        lines = [line for _, group in laid for line in group]
        if lines and waiting:
            yield from finish(lines)
        waiting.append((page, laid, skip))
    yield from finish([])


# --- furniture ---------------------------------------------------------------------------


#: A page's header and footer candidates: (line index, key, reads as a page number).
Candidates = list[tuple[int, str, bool]]


def _find_furniture(pages: list[RawPage]) -> list[set[int]]:
    return furniture_of([furniture_candidates(page) for page in pages], pages)


def furniture_candidates(page: RawPage) -> Candidates:
    """The lines of ``page`` that may be furniture, keyed to be counted across pages."""
    found: Candidates = []
    if page.geometry and page.height and page.lines:
        height = page.height
        order = sorted(range(len(page.lines)), key=lambda i: _box(page.lines[i]).top)
        for i in order[:3]:
            if _box(page.lines[i]).bottom <= _BAND * height:
                found.append((i, "top:" + _furniture_key(page.lines[i].text), _numbered(page, i)))
        for i in order[-3:]:
            if _box(page.lines[i]).top >= (1 - _BAND) * height:
                key = "bottom:" + _furniture_key(page.lines[i].text)
                found.append((i, key, _numbered(page, i)))
    return found


def furniture_of(candidates: list[Candidates], pages: Iterable[RawPage | bool]) -> list[set[int]]:
    """Per page, the indices of its furniture lines, from every page's candidates.

    ``pages`` gives for each page the page itself or whether it has geometry and lines (all
    a lazy reader keeps of it).
    """
    counts: Counter[str] = Counter()
    for found in candidates:
        counts.update({key for _, key, _ in found})
    geometric = sum(
        1
        for page in pages
        if (page if isinstance(page, bool) else page.geometry and page.height and page.lines)
    )
    needed = max(2, math.ceil(_MIN_REPEAT_SHARE * geometric))
    return [
        {i for i, key, number in found if counts[key] >= needed or number} for found in candidates
    ]


def _numbered(page: RawPage, i: int) -> bool:
    return bool(_PAGE_NUMBER.match(normalise(page.lines[i].text).strip()))


def _furniture_key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", normalise(text).lower())).strip()


def _box(line: RawLine) -> BBox:
    assert line.bbox is not None
    return line.bbox


# --- reading order and blocks -------------------------------------------------------------


_Laid = list[tuple[int, list[RawLine]]]  # (column, lines) per block


def _blocks(page: RawPage, skip: set[int]) -> _Laid:
    lines = [line for i, line in enumerate(page.lines) if i not in skip and line.words]
    if not page.geometry or any(line.bbox is None for line in lines):
        grouped: _Laid = []
        for line in lines:
            if grouped and grouped[-1][1][-1].block == line.block:
                grouped[-1][1].append(line)
            else:
                grouped.append((0, [line]))
        return grouped
    return _paragraphs(_reading_order(lines))


def _reading_order(lines: list[RawLine]) -> list[tuple[int, RawLine]]:
    lines = sorted(lines, key=lambda line: _box(line).top)
    gutter = _find_gutter(lines)
    if gutter is None:
        return [(0, line) for line in _rows(lines)]
    ordered: list[tuple[int, RawLine]] = []
    band: list[RawLine] = []

    def flush() -> None:
        left = [line for line in band if _box(line).x1 <= gutter]
        right = [line for line in band if _box(line).x1 > gutter]
        if len(left) >= 2 and len(right) >= 2:
            ordered.extend((1, line) for line in _rows(left))
            ordered.extend((2, line) for line in _rows(right))
        else:
            ordered.extend((0, line) for line in _rows(band))
        band.clear()

    for line in lines:
        box = _box(line)
        if box.x0 < gutter < box.x1:
            flush()
            ordered.append((0, line))
        else:
            band.append(line)
    flush()
    return ordered


def _find_gutter(lines: list[RawLine]) -> float | None:
    """An x position between two text columns, or ``None`` for a one-column page."""
    if len(lines) < 6:
        return None
    boxes = [_box(line) for line in lines]
    left_edge, right_edge = min(b.x0 for b in boxes), max(b.x1 for b in boxes)
    width = right_edge - left_edge
    low, high = left_edge + 0.3 * width, left_edge + 0.7 * width
    best: tuple[int, int, float, float] | None = None  # (score..., x): the lowest wins
    for x in sorted({b.x1 + 1 for b in boxes if low <= b.x1 + 1 <= high}):
        left = [b for b in boxes if b.x1 <= x]
        right = [b for b in boxes if b.x0 >= x]
        crossing = len(boxes) - len(left) - len(right)
        if len(left) < 3 or len(right) < 3 or crossing > 0.4 * len(boxes):
            continue
        # Text columns are filled: short label/value pairs (tables, signature blocks) are not.
        if statistics.median(b.x1 - b.x0 for b in left) < 0.5 * (x - left_edge):
            continue
        if statistics.median(b.x1 - b.x0 for b in right) < 0.5 * (right_edge - x):
            continue
        if max(b.top for b in left) < min(b.top for b in right) or max(b.top for b in right) < min(
            b.top for b in left
        ):
            continue  # one above the other, not side by side
        candidate = (crossing, -min(len(left), len(right)), abs(x - (low + high) / 2), x)
        best = candidate if best is None else min(best, candidate)
    return best[3] if best is not None else None


def _rows(lines: list[RawLine]) -> list[RawLine]:
    """Top to bottom; lines sharing a baseline left to right."""
    ordered = sorted(lines, key=lambda line: _box(line).top)
    rows: list[list[RawLine]] = []
    for line in ordered:
        box = _box(line)
        if rows:
            last = _box(rows[-1][0])
            tolerance = 0.5 * min(box.bottom - box.top, last.bottom - last.top)
            if abs((box.top + box.bottom) - (last.top + last.bottom)) / 2 <= tolerance:
                rows[-1].append(line)
                continue
        rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda x: _box(x).x0)]


def _paragraphs(ordered: list[tuple[int, RawLine]]) -> _Laid:
    if not ordered:
        return []
    heights = [_box(line).bottom - _box(line).top for _, line in ordered]
    gaps = [
        _box(b).top - _box(a).bottom
        for (ca, a), (cb, b) in itertools.pairwise(ordered)
        if ca == cb and _box(b).top > _box(a).top
    ]
    height = statistics.median(heights)
    usual_gap = statistics.median(gaps) if gaps else 0.0
    blocks: _Laid = []
    for column, line in ordered:
        if blocks and blocks[-1][0] == column:
            prev = blocks[-1][1][-1]
            gap = _box(line).top - _box(prev).bottom
            same = (
                -0.5 * height <= gap <= max(usual_gap, 0.0) + 0.5 * height
                and _all_bold(line) == _all_bold(prev)
                and _similar_size(line.font_size, prev.font_size)
            )
            if same:
                blocks[-1][1].append(line)
                continue
        blocks.append((column, [line]))
    return blocks


def _all_bold(line: RawLine) -> bool:
    return all(w.bold for w in line.words)


def _similar_size(a: float | None, b: float | None) -> bool:
    return a is None or b is None or abs(a - b) <= 0.15 * max(a, b)


# --- assembly ----------------------------------------------------------------------------


class _Assembler:
    """Writes the clean text while building frozen words that know their offsets."""

    def __init__(self, *, keep_text: bool = True) -> None:
        self.parts: list[str] = []
        self.keep_text = keep_text
        self.pos = 0
        self.glue = ""  # separator owed before the next word
        self.k = 0  # lines done, counted over all pages (the key of the hyphen joins)
        self.attachments: list[tuple[str, str, str, int, int]] = []

    def emit(self, text: str) -> int:
        start = self.pos
        if self.keep_text:
            self.parts.append(text)
        self.pos += len(text)
        return start

    def run(
        self, pages: list[RawPage], laid: list[_Laid], furniture: list[set[int]]
    ) -> tuple[tuple[Page, ...], str, tuple[Section, ...]]:
        flat = [line for blocks in laid for _, lines in blocks for line in lines]
        joins = _hyphen_joins(flat)
        out_pages = [
            self.page(page, blocks, skip, joins)
            for page, blocks, skip in zip(pages, laid, furniture, strict=True)
        ]
        text = "".join(self.parts)
        ends = [a[3] for a in self.attachments[1:]] + [len(text)]
        sections = tuple(
            Section(kind.lower(), label, title, start, end, page_index)
            for (kind, label, title, start, page_index), end in zip(
                self.attachments, ends, strict=False
            )
        )
        return tuple(out_pages), text, sections

    def page(self, page: RawPage, blocks: _Laid, skip: set[int], joins: dict[int, str]) -> Page:
        """The next page; ``joins`` is keyed by line number counted over all pages."""
        out_blocks: list[Block] = []
        glue = self.glue
        k = self.k
        for column, lines in blocks:
            out_lines = []
            for li, line in enumerate(lines):
                words = []
                join = joins.get(k)
                for wi, raw in enumerate(line.words):
                    text = normalise(raw.text)
                    if not text.strip():
                        continue
                    self.emit(glue if self.pos else "")
                    kept = text
                    if join is not None and wi == len(line.words) - 1:
                        kept = text if join == "keep" else text[:-1]
                    start = self.emit(kept)
                    words.append(
                        Word(
                            text,
                            raw.bbox,
                            start,
                            start + len(kept),
                            raw.confidence,
                            raw.bold,
                            raw.italic,
                        )
                    )
                    glue = " "
                if li == 0 and words:
                    found = _attachment(line, lines, li, out_blocks)
                    if found:
                        self.attachments.append((*found, words[0].start or 0, page.index))
                out_lines.append(
                    Line(
                        tuple(words),
                        line.bbox,
                        line.font_size,
                        bool(words) and all(w.bold for w in words),
                        bool(words) and all(w.italic for w in words),
                    )
                )
                glue = "" if join is not None else "\n"
                k += 1
            if glue == "\n":
                glue = "\n\n"
            out_blocks.append(
                Block(tuple(out_lines), _union_lines(lines), column if page.geometry else 0)
            )
        self.glue, self.k = glue, k
        return _page(page, out_blocks, skip)


def _hyphen_joins(flat: list[RawLine]) -> dict[int, str]:
    """For lines ending in a broken word: ``"drop"`` or ``"keep"`` the hyphen."""
    joins = {}
    for k, (line, nxt) in enumerate(itertools.pairwise(flat)):
        if not line.words or not nxt.words:
            continue
        last, first = normalise(line.words[-1].text), normalise(nxt.words[0].text)
        if len(last) < 3 or last[-1] != "-" or not last[-2].isalpha() or not first[:1].islower():
            continue
        head = last[:-1].rsplit("-", 1)[-1].lower()
        joins[k] = "keep" if head in _HYPHEN_PREFIXES or "-" in last[:-1] else "drop"
    return joins


def _attachment(
    line: RawLine, lines: list[RawLine], li: int, done: list[Block]
) -> tuple[str, str, str] | None:
    text = normalise(line.text).strip()
    match = _ATTACHMENT.match(text)
    if match is None or len(text.split()) > 12:
        return None
    kind, label, title = match.groups()
    first_on_page = not done
    if not (kind.isupper() or _all_bold(line) or first_on_page):
        return None
    if not title and li + 1 < len(lines) and len(lines[li + 1].words) <= 10:
        title = normalise(lines[li + 1].text).strip()
    return kind, label, title.strip(" -:.")


def _union_lines(lines: list[RawLine]) -> BBox | None:
    boxes = [line.bbox for line in lines if line.bbox is not None]
    return union(boxes) if boxes else None


def _page(page: RawPage, blocks: list[Block], skip: set[int]) -> Page:
    furniture = tuple(
        Line(
            tuple(Word(normalise(w.text), w.bbox, None, None, w.confidence) for w in line.words),
            line.bbox,
            line.font_size,
        )
        for i, line in enumerate(page.lines)
        if i in skip
    )
    return Page(
        index=page.index,
        number=page.index + 1,
        width=page.width,
        height=page.height,
        source=page.source,
        blocks=tuple(blocks),
        furniture=furniture,
        rotation=page.rotation,
        skew=page.skew,
        mean_confidence=page.mean_confidence,
    )
