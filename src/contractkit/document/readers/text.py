"""Plain text and Markdown contracts: form feeds split pages, blank lines split paragraphs.

Markdown is read for its words, not rendered: heading marks, emphasis marks, list bullets,
links and inline HTML go, while bold (``**``/``__`` and headings) and italic are kept as
word styles. Numbered list items keep their numbers ("1.", "2.") since they are clause
numbers; a numbered list nested in item 2 is numbered 2.1, 2.2, as contracts written in
Markdown cite them ("Section 2.3"), much as Word's automatic numbering is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from contractkit.document._raw import RawLine, RawPage, RawWord, styled_words

__all__ = ["decode", "looks_like_markdown", "read_pages"]

_MD_SIGNS = re.compile(
    r"^(#{1,6} \S|\s*[-*+] \S|\s*\d+\. \S|> )|\*\*\S|__\S|\[[^\]]+\]\([^)]+\)|</?span\b", re.M
)
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_ORDERED = re.compile(r"^(?P<indent>\s*)(?P<number>\d{1,3})[.)](?=\s+\S)")
_QUOTE = re.compile(r"^\s*>\s?")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = re.compile(r"(?<![\w*])(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*])")


def decode(data: bytes) -> str | None:
    """The text of ``data`` if it is text (UTF-8/16 or a Windows code page), else ``None``."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\t\n\r\f")
    return None if controls or text.count("\ufffd") > len(text) // 100 else text


def looks_like_markdown(text: str) -> bool:
    """At least three Markdown constructs (headings, lists, emphasis, links) in the text."""
    return len(_MD_SIGNS.findall(text[:100_000])) >= 3


def read_pages(text: str, *, markdown: bool) -> Iterator[RawPage]:
    """Yield pages (split at form feeds) of unpositioned lines grouped into paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    block = 0
    numbers = _ListNumbers()
    for index, page_text in enumerate(text.split("\f")):
        lines: list[RawLine] = []
        block += 1
        for raw in page_text.split("\n"):
            if not raw.strip():
                block += 1
                continue
            if markdown:
                raw = numbers.render(raw)
            words = _markdown_words(raw) if markdown else _words(raw, False, False)
            if words:
                lines.append(RawLine(words, None, None, block))
            if markdown and _HEADING.match(raw):
                block += 1  # a heading is a paragraph of its own
        yield RawPage(index, None, None, "text", lines, geometry=False)


class _ListNumbers:
    """Numbers of nested ordered lists: ``1.`` indented under ``2.`` becomes ``2.1``."""

    def __init__(self) -> None:
        self.open: list[tuple[int, str]] = []  # (indent, number) of the enclosing items

    def render(self, line: str) -> str:
        item = _ORDERED.match(line)
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        if item is None:
            if indent == 0 and not _BULLET.match(line):
                self.open.clear()  # a paragraph of its own ends the lists
            return line
        while self.open and self.open[-1][0] >= indent:
            self.open.pop()
        number = item.group("number")
        if self.open:
            number = f"{self.open[-1][1]}.{number}"
        self.open.append((indent, number))
        mark = number if "." in number else number + "."
        return item.group("indent") + mark + line[item.end() :]


def _words(text: str, bold: bool, italic: bool) -> list[RawWord]:
    return [RawWord(w, None, None, bold, italic) for w in text.split()]


def _markdown_words(line: str) -> list[RawWord]:
    heading = _HEADING.match(line)
    if heading:
        line = heading.group(2)
    line = _TAG.sub("", _LINK.sub(r"\1", _BULLET.sub("", _QUOTE.sub("", line))))
    chars: list[tuple[str, bool, bool]] = []
    pos = 0
    for match in _EMPHASIS.finditer(line):
        chars += [(c, heading is not None, False) for c in line[pos : match.start()]]
        strong = len(match.group(1)) == 2
        chars += [(c, heading is not None or strong, not strong) for c in match.group(2)]
        pos = match.end()
    chars += [(c, heading is not None, False) for c in line[pos:]]
    return styled_words(chars)
