"""Headings: how a line reads as one, and the heading after a clause number (issue 14).

A heading is a short line standing alone in capitals, bold, centred or Title Case; after a
number it is the rest of the number's line (``ARTICLE 7 – TERMINATION``) or a run-in phrase
(``12. Termination. Either party…``). Underline rules and a page number trailing a heading at
the end of an EDGAR page line are no part of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from contractkit.document.model import Word

__all__ = [
    "HEADING_MAX_WORDS",
    "SENTENCE_STARTS",
    "Para",
    "clean_heading",
    "heading_of",
    "is_heading",
    "styled_line",
    "title_case",
]

_SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)
SENTENCE_STARTS = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "each",
        "either",
        "neither",
        "if",
        "in",
        "any",
        "all",
        "no",
        "upon",
        "subject",
        "where",
        "when",
        "unless",
        "notwithstanding",
        "except",
        "for",
        "without",
        "during",
        "following",
        "a",
        "an",
        "such",
        "nothing",
    ]
)
HEADING_MAX_WORDS = 10


@dataclass
class Para:
    """A paragraph of the document text with what the page says about its first line."""

    start: int
    end: int
    text: str
    words: list[Word]
    centred: bool = False
    stray: bool = False  # opens with a number that is no clause start
    contents: bool = False  # part of a table of contents

    @property
    def first_line(self) -> str:
        return self.text.split("\n", 1)[0]


def is_heading(para: Para, first: str) -> bool:
    """A short line standing alone, in capitals, bold, centred or Title Case, no sentence."""
    if "\n" in para.text and not styled_line(para):
        return False
    words = first.split()
    if not words or len(words) > HEADING_MAX_WORDS or first.rstrip().endswith((",", ";")):
        return False
    letters = [c for c in first if c.isalpha()]
    if not letters:
        return False
    if first.isupper() or styled_line(para) or para.centred:
        return True
    return title_case(words) and not first.rstrip().endswith(".")


def styled_line(para: Para) -> bool:
    """The paragraph's first line is all bold (from the font) and short."""
    count = len(para.first_line.split())
    first = para.words[:count]
    return bool(first) and count <= HEADING_MAX_WORDS and all(w.bold for w in first)


def title_case(words: list[str]) -> bool:
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(significant) and all(w[0].isupper() or not w[0].isalpha() for w in significant)


_RUN_IN = re.compile(
    r"^\s*(?P<h>[A-Z][\w'’&/-]*(?:[,;]?\s+(?:[A-Z][\w'’&/-]*|of|and|or|for|to|the|in|on|by|with"
    r"|a|an|from)){0,7})\s*(?:\.|:|—|–|-)\s+(?=\S)"
)


def heading_of(para: Para, number_end: int, rest: str) -> tuple[str | None, bool]:
    """The heading after a clause number, and whether body text follows it."""
    line = rest.split("\n", 1)[0]
    stripped = line.strip()
    if not stripped:
        return None, "\n" in rest
    words_after = _words_from(para, para.start + number_end)
    # a bold run right after the number, then plain text: a run-in heading in bold
    bold = []
    for word in words_after:
        if not word.bold:
            break
        bold.append(word.text)
    if bold and len(bold) <= HEADING_MAX_WORDS:
        if len(bold) < len(words_after):
            return clean_heading(" ".join(bold)), True
        if "\n" not in rest:
            return clean_heading(stripped), False
    one_line = "\n" not in rest.strip()
    words = stripped.split()
    if (
        one_line
        and len(words) <= HEADING_MAX_WORDS
        and not stripped.endswith((",", ";"))
        and (stripped.isupper() or (title_case(words) and _not_a_placeholder(stripped)))
    ):
        return clean_heading(stripped), False
    heading = _CAPITALS_LINE.match(line)
    following = rest.split("\n", 2)[1].strip() if "\n" in rest else ""
    capitals_go_on = following.isupper() and not line.rstrip().endswith((".", ":"))
    if heading and heading.group("h").strip() and line.strip().isupper() and not capitals_go_on:
        # a line in capitals followed by more capitals is a sentence set in capitals
        return clean_heading(heading.group("h")), "\n" in rest
    run_in = _RUN_IN.match(rest)
    if run_in and run_in.group("h").split()[0].lower() not in SENTENCE_STARTS:
        candidate = run_in.group("h")
        if title_case(candidate.split()) or candidate.isupper():
            return clean_heading(candidate), True
    caps = _CAPS_RUN_IN.match(rest)
    if caps and caps.group("next").lower() in _BODY_STARTS and len(caps.group("h")) >= 3:
        return clean_heading(caps.group("h")), True  # "3.0 TERM The Term shall begin…"
    return None, True


_CAPITALS_LINE = re.compile(r"^\s*[-–—:]?\s*(?P<h>[A-Z][A-Z0-9 ,&'’/-]{2,60}?)\s*$")
#: A heading in capitals run into its text with no stop, as EDGAR prints "TERM The Term…".
_CAPS_RUN_IN = re.compile(
    r"^\s*[-–—:]?\s*(?P<h>[A-Z][A-Z0-9&,;'’/-]*(?:\s+[A-Z][A-Z0-9&,;'’/-]*){0,7})"
    r"\s+(?P<next>[A-Z][a-z]+)\b"
)
_BODY_STARTS = SENTENCE_STARTS | frozenset(
    ["we", "you", "our", "your", "it", "they", "there", "as", "company", "customer"]
)


_PLACEHOLDERS = re.compile(
    r"(?i)^(?:reserved|intentionally\s+(?:omitted|left\s+blank)|deleted|not\s+used)"
)


def _not_a_placeholder(line: str) -> bool:
    """``Payment Terms`` or ``Commencement of the Work.``, not ``Reserved.``.

    A Title-Case line alone after its number is a heading even with a full stop: EDGAR text
    puts "6.3 Commencement and Completion of the Hotel Work." before "6.3.1 …".
    """
    if not line.endswith("."):
        return True
    return not _PLACEHOLDERS.match(line)


def _words_from(para: Para, offset: int) -> list[Word]:
    return [w for w in para.words if (w.start or 0) >= offset]


def clean_heading(text: str) -> str:
    """The heading without rules, a page number trailing it, or spaces and stops around it."""
    text = _RULES.sub(" ", text)
    text = _PAGE_AFTER.sub("", text.strip())
    return _SPACES.sub(" ", text).strip(" .:-–—/\t\n")


_RULES = re.compile(r"[_=~]{3,}|-{3,}")
_PAGE_AFTER = re.compile(r"(?<=[A-Za-z\])])\s+(?:\d{1,3}|[ivx]{1,4})$")
_SPACES = re.compile(r"\s+")
