"""Word (.docx) contracts with python-docx: paragraphs and tables in body order.

A DOCX has no fixed pages or boxes, so its words carry no geometry; pages follow the
explicit and last-rendered page breaks Word stores. Automatic list numbering is rendered as
Word shows it ("1.", "1.1", "(a)"), because clause numbers in Word contracts usually live
there, not in the text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from contractkit.document._raw import RawLine, RawPage, styled_words

__all__ = ["numbered_paragraphs", "read_pages"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def read_pages(data: bytes) -> Iterator[RawPage]:
    """Yield the document's pages (split at page breaks) of unpositioned lines."""
    import docx

    document = docx.Document(io.BytesIO(data))
    section = document.sections[0] if document.sections else None
    width = section.page_width.pt if section is not None and section.page_width else None
    height = section.page_height.pt if section is not None and section.page_height else None
    reader = _Reader(document)
    for index, lines in enumerate(reader.pages()):
        yield RawPage(index, width, height, "docx", lines, geometry=False)


def numbered_paragraphs(document: Any) -> Iterator[tuple[Any, Any, str]]:
    """Every paragraph (``w:p``) in reading order, table cells included, with its style.

    Each comes with the label Word's automatic numbering shows before it ("" if none).
    """
    numbering = _Numbering(document)
    styles: dict[str, Any] = {s.style_id: s for s in document.styles}

    def walk(element: Any) -> Iterator[tuple[Any, Any, str]]:
        if element.tag == f"{_W}p":
            ids = element.xpath("./w:pPr/w:pStyle/@w:val")
            style = styles.get(ids[0]) if ids else document.styles.default(1)
            yield element, style, numbering.label(element, style)
        elif element.tag == f"{_W}tbl":
            for row in element.iterchildren(f"{_W}tr"):
                for cell in row.iterchildren(f"{_W}tc"):
                    for child in cell.iterchildren():
                        yield from walk(child)

    for element in document.element.body.iterchildren():
        yield from walk(element)


class _Reader:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.block = 0
        self.page: list[RawLine] = []

    def pages(self) -> Iterator[list[RawLine]]:
        for p, style, label in numbered_paragraphs(self.document):
            yield from self._paragraph(p, style, label)
        if self.page:
            yield self.page

    def _paragraph(self, p: Any, style: Any, label: str) -> Iterator[list[RawLine]]:
        style_bold = self._style_flag(style, "bold")
        style_italic = self._style_flag(style, "italic")
        size = self._style_size(style)
        chars: list[tuple[str, bool, bool]] = []
        if label:
            chars.extend((c, style_bold, style_italic) for c in label + " ")
        for run in p.iter(f"{_W}r"):
            props = run.find(f"{_W}rPr")
            bold = _flag(props, "b", style_bold)
            italic = _flag(props, "i", style_italic)
            for child in run.iterchildren():
                tag = child.tag[len(_W) :] if child.tag.startswith(_W) else ""
                if tag == "t":
                    chars.extend((c, bold, italic) for c in child.text or "")
                elif tag == "tab":
                    chars.append((" ", bold, italic))
                elif tag in ("br", "cr"):
                    if child.get(f"{_W}type") == "page":
                        yield from self._flush_page(chars, size)
                    else:
                        chars.append(("\n", bold, italic))
                elif tag == "lastRenderedPageBreak":
                    yield from self._flush_page(chars, size)
        self._add(chars, size)

    def _flush_page(
        self, chars: list[tuple[str, bool, bool]], size: float | None
    ) -> Iterator[list[RawLine]]:
        self._add(chars, size)
        chars.clear()
        if self.page:
            yield self.page
            self.page = []

    def _add(self, chars: list[tuple[str, bool, bool]], size: float | None) -> None:
        """Add the paragraph's text as lines of one block."""
        self.block += 1
        line: list[tuple[str, bool, bool]] = []
        for item in [*chars, ("\n", False, False)]:
            if item[0] != "\n":
                line.append(item)
            elif words := styled_words(line):
                self.page.append(RawLine(words, None, size, self.block))
                line = []
            else:
                line = []

    def _style_flag(self, style: Any, name: str) -> bool:
        while style is not None:
            value = getattr(style.font, name, None) if hasattr(style, "font") else None
            if value is not None:
                return bool(value)
            style = style.base_style
        return False

    def _style_size(self, style: Any) -> float | None:
        while style is not None:
            if hasattr(style, "font") and style.font.size is not None:
                return round(float(style.font.size.pt), 1)
            style = style.base_style
        return None


def _flag(props: Any, tag: str, default: bool) -> bool:
    if props is None:
        return default
    element = props.find(f"{_W}{tag}")
    if element is None:
        return default
    return element.get(f"{_W}val") not in ("0", "false", "off")


class _Numbering:
    """Renders Word's automatic numbering: counters per list, ``lvlText`` such as ``%1.%2``."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId -> ilvl -> fmt
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.iterchildren(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.iterchildren(f"{_W}lvl"):
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    int(_val(lvl, "start") or 1),
                    _val(lvl, "numFmt") or "decimal",
                    _val(lvl, "lvlText") or "",
                )
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in root.iterchildren(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{_W}numId")] = abstract.get(ref.get(f"{_W}val"), {})

    def label(self, p: Any, style: Any) -> str:
        num_id, ilvl = _num_pr(p)
        while num_id is None and style is not None:
            num_id, ilvl = _num_pr(style.element)
            style = style.base_style
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        start = levels[ilvl][0]
        counts[ilvl] = start if counts[ilvl] == 0 else counts[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        _, fmt, text = levels[ilvl]
        if fmt == "bullet":
            return ""
        if fmt == "none":
            return text if "%" not in text else ""

        def number(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            value = counts[level] or levels.get(level, (1, "", ""))[0]
            return _format(value, levels.get(level, (1, fmt, ""))[1])

        return re.sub(r"%(\d)", number, text).strip()


def _num_pr(element: Any) -> tuple[str | None, int]:
    num_ids = element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    ilvls = element.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
    return (num_ids[0] if num_ids else None), int(ilvls[0]) if ilvls else 0


def _val(node: Any, tag: str) -> str | None:
    child = node.find(f"{_W}{tag}")
    return None if child is None else child.get(f"{_W}val")


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        n = value
        while n > 0:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman, n = "", value
        for amount, digits in _ROMAN:
            while n >= amount:
                roman, n = roman + digits, n - amount
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)
