"""Plain text and Markdown contracts: form feeds split pages, blank lines split paragraphs.

Markdown is read for its words, not rendered: heading marks, emphasis marks, list bullets,
links and inline HTML go, while bold (``**``/``__`` and headings) and italic are kept as
word styles. Numbered list items keep their numbers ("1.", "2.") since they are clause
numbers.
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
    for index, page_text in enumerate(text.split("\f")):
        lines: list[RawLine] = []
        block += 1
        for raw in page_text.split("\n"):
            if not raw.strip():
                block += 1
                continue
            words = _markdown_words(raw) if markdown else _words(raw, False, False)
            if words:
                lines.append(RawLine(words, None, None, block))
            if markdown and _HEADING.match(raw):
                block += 1  # a heading is a paragraph of its own
        yield RawPage(index, None, None, "text", lines, geometry=False)


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
