"""Born-digital PDF pages, read from their text layer with pypdfium2, one page at a time.

pdfium is the fastest reader with boxes available to us (about 300 pages a second of a
contract with boxes and fonts, against about 5 for pdfplumber), so it reads every text
layer. Per word it asks for two character boxes (first and last) and the font of the first
character; a line that pdfium reports across a wide gap (two columns, a table) is split
there so reading order can put the pieces where they belong.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable, Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from contractkit.document._raw import RawLine, RawPage, RawWord, union
from contractkit.document.model import BBox

__all__ = ["MIN_TEXT_CHARS", "read_pages", "visible_chars"]

#: A page with fewer visible characters than this has no usable text layer (needs OCR).
MIN_TEXT_CHARS = 8
#: Gap between words, in line heights, that splits a line into separate segments.
_SEGMENT_GAP = 1.5
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")
_ITALIC_NAMES = ("italic", "oblique")
_FLAG_ITALIC, _FLAG_FORCE_BOLD = 1 << 6, 1 << 18

_Fonts = dict[tuple[bytes, int], tuple[bool, bool]]  # (font name, flags) -> (bold, italic)
Transform = Callable[[float, float, float, float], BBox]
#: A word (ending at white space, NUL or pdfium's end-of-line hyphen U+FFFE, which it keeps),
#: a lone U+FFFE, or a line break.
_TOKEN = re.compile("[^\\s\x00\ufffe]+\ufffe?|[\ufffe\r\n]")


def read_pages(doc: pdfium.PdfDocument) -> Iterator[RawPage]:
    """Yield each page's lines and words, closing pdfium's page objects as it goes."""
    fonts: _Fonts = {}
    for index in range(len(doc)):
        page = doc[index]
        try:
            yield _read_page(page, index, fonts)
        finally:
            page.close()


def _read_page(page: pdfium.PdfPage, index: int, fonts: _Fonts) -> RawPage:
    width, height = page.get_size()
    raw = RawPage(index=index, width=width, height=height, source="text-layer")
    textpage = page.get_textpage()
    try:
        raw.lines = _lines(textpage, _transform(page), fonts)
    finally:
        textpage.close()
    return raw


def visible_chars(page: RawPage) -> int:
    """How many non-space characters the page's text layer holds."""
    return sum(len(w.text) for line in page.lines for w in line.words)


def _transform(page: pdfium.PdfPage) -> Transform:
    """Map pdfium's boxes (user space, y up) to the shown page (top-left origin, y down)."""
    left, bottom, right, top = page.get_cropbox()
    w, h = right - left, top - bottom
    rotation = page.get_rotation() % 360

    def to_page(x0: float, y0: float, x1: float, y1: float) -> BBox:
        # Hundredths of a point are plenty and keep the JSON small.
        u0, u1 = round(x0 - left, 2), round(x1 - left, 2)
        v0, v1 = round(y0 - bottom, 2), round(y1 - bottom, 2)
        if rotation == 0 and u0 <= u1 and v0 <= v1:  # nearly every word: no min and max
            return BBox(u0, h - v1, u1, h - v0)
        if rotation == 90:
            return BBox(min(v0, v1), min(u0, u1), max(v0, v1), max(u0, u1))
        if rotation == 180:
            return BBox(w - max(u0, u1), min(v0, v1), w - min(u0, u1), max(v0, v1))
        if rotation == 270:
            return BBox(h - max(v0, v1), w - max(u0, u1), h - min(v0, v1), w - min(u0, u1))
        return BBox(min(u0, u1), h - max(v0, v1), max(u0, u1), h - min(v0, v1))

    return to_page


def _lines(textpage: pdfium.PdfTextPage, to_page: Transform, fonts: _Fonts) -> list[RawLine]:
    handle = textpage.raw
    count = pdfium_c.FPDFText_CountChars(handle)
    if count <= 0:
        return []
    text = textpage.get_text_range()
    if len(text) != count:  # characters outside the BMP: ask one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(handle, i)) for i in range(count))
    rect = pdfium_c.FS_RECTF()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int(0)
    # pdfium's functions and the rectangle's fields, bound once: ~35,000 words per 100 pages
    char_box, font_size = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetFontSize
    font_info = pdfium_c.FPDFText_GetFontInfo

    lines: list[RawLine] = []
    words: list[RawWord] = []
    sizes: list[float] = []
    # One search finds the words, the hyphens and the line breaks (issue 19: the loop over
    # every character was a third of the reading). pdfium marks a hyphen at the end of a
    # line with U+FFFE and runs the word on: keep the line break and the hyphen, and let
    # cleanup decide whether to join.
    for token in _TOKEN.finditer(text):
        first, end = token.span()
        if text[first] in "\r\n\ufffe":
            if words:
                lines.extend(_segments(words, sizes))
                words.clear()
                sizes.clear()
            continue
        hyphen = text[end - 1] == "\ufffe"
        char_box(handle, first, rect)
        x0, top = rect.left, rect.top
        char_box(handle, end - 1, rect)  # with a hyphen, its own box ends the word
        x1, bottom = rect.right, rect.bottom
        size = font_size(handle, first)
        length = font_info(handle, first, name, 128, flags)
        key = (name.value if length > 0 else b"", flags.value)
        style = fonts.get(key)
        if style is None:
            style = fonts[key] = _style(key[0].decode("latin-1").lower(), key[1])
        word = text[first : end - 1] + "-" if hyphen else text[first:end]
        words.append(RawWord(word, to_page(x0, bottom, x1, top), None, *style))
        sizes.append(size)
        if hyphen:
            lines.extend(_segments(words, sizes))
            words.clear()
            sizes.clear()
    if words:
        lines.extend(_segments(words, sizes))
    return lines


def _style(font_name: str, flags: int) -> tuple[bool, bool]:
    family = font_name.split("+", 1)[-1]
    bold = any(n in family for n in _BOLD_NAMES) or bool(flags & _FLAG_FORCE_BOLD)
    italic = any(n in family for n in _ITALIC_NAMES) or bool(flags & _FLAG_ITALIC)
    return bold, italic


def _segments(words: list[RawWord], sizes: list[float]) -> list[RawLine]:
    """Split a line at gaps wider than 1.5 line heights (columns, table cells)."""
    out: list[RawLine] = []
    first = 0
    for k in range(1, len(words) + 1):
        if k < len(words):
            a, b = words[k - 1].bbox, words[k].bbox
            assert a is not None and b is not None
            height = max(a.bottom - a.top, 1.0)
            if -height < b.x0 - a.x1 <= _SEGMENT_GAP * height and abs(b.top - a.top) < height:
                continue
        part = words[first:k]
        boxes = [w.bbox for w in part if w.bbox is not None]
        out.append(RawLine(list(part), union(boxes), _median(sizes[first:k])))
        first = k
    return out


def _median(values: list[float]) -> float | None:
    values = sorted(v for v in values if v > 0)
    return round(values[len(values) // 2], 1) if values else None
