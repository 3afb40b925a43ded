"""Where a line holds clause starts: EDGAR text runs a whole page into one line (issue 14).

A number inside a line starts a clause when it follows the end of a sentence (``… the Term.
2.3 Renewal. This…``) or a heading in capitals (``ARTICLE II TERM 2.1 …``), does not read as
a cross-reference (``Section 5.2 of the Lease``) and is in sequence with the numbers before it.
A number at the start of a line is checked the same way, with more slack: ``Article 1251 et
seq.`` starting a line is a stray, not a clause. Tables of contents are cut out whole.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from contractkit.clauses._headings import HEADING_MAX_WORDS, Para, title_case
from contractkit.clauses._numbering import (
    ITEM_REFERENCE_AFTER,
    MAY_BE_NUMBER,
    NUMBER,
    REFERENCE_AFTER,
    number_key,
)
from contractkit.clauses._numbering import Sequence as Numbers
from contractkit.clauses._toc import contents_spans, contents_windows
from contractkit.document.model import Document, Word

__all__ = ["Piece", "Splitter", "is_furniture", "is_rule", "paragraphs"]

#: Where a clause may start inside a line: after a stop or a word in capitals, at a figure,
#: a bracket or a capital.
_CANDIDATE = re.compile(
    r"(?:[.:;)\"”’]|\b[A-Z][A-Z0-9&,.'’/-]+)[ \t]+(?=\d|\((?:[a-zA-Z]{1,4}|\d{1,2})\)"
    r"|[IVX]{1,6}\.\s|[A-Z]\.\s|(?:ARTICLE|Article|SECTION|Section|CLAUSE|Clause|SCHEDULE"
    r"|Schedule|EXHIBIT|Exhibit|APPENDIX|Appendix|ANNEX|Annex|ADDENDUM|Addendum|ATTACHMENT"
    r"|Attachment|IN WITNESS|WHEREAS|NOW|RECITALS)\b)"
)
_RULE_CHARS = frozenset("_=~*- \t\n")
#: Page furniture EDGAR text keeps in line with the clauses: the filing's source line, page
#: numbers, and the notes at the foot of a page.
_FURNITURE = re.compile(
    r"^(?:Source:\s.*\d{4}|(?:EXHIBIT|Exhibit)\s+\d{1,3}(?:\.\d{1,3})+[A-Z]?|Page\s+\d{1,3}(?:\s+of\s+\d{1,3})?|-\s*\d{1,3}\s*-|\d{1,3}|[ivx]{1,5}"
    r"|[A-Z]-\d{1,3}|\[?(?:(?:the\s+)?(?:remainder\s+of\s+(?:this\s+)?page|signature\s+pages?"
    r"|no\s+further\s+text|page\s+intentionally)[^\]]{0,60})\]?)$",
    re.I,
)
_ABBREVIATIONS = frozenset(
    [
        "no",
        "nos",
        "sec",
        "secs",
        "section",
        "sections",
        "art",
        "arts",
        "para",
        "paras",
        "cl",
        "p",
        "pp",
        "v",
        "vs",
        "e.g",
        "i.e",
        "u.s",
        "seq",
        "dr",
        "mr",
        "mrs",
        "ms",
        "messrs",
        "st",
        "jr",
        "sr",
    ]
)
_SENTENCE_WORDS = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "each",
        "either",
        "if",
        "in",
        "any",
        "all",
        "no",
        "upon",
        "such",
        "a",
        "an",
        "notwithstanding",
        "subject",
        "except",
        "for",
        "et",
        "seq",
    ]
)
#: Recitals and the signature block, which EDGAR runs on from the sentence before them.
_BLOCK_START = re.compile(r"^(?:IN WITNESS WHEREOF|WHEREAS\b|NOW,? THEREFORE|RECITALS\b)")
_BLOCK_WORDS = frozenset(["IN", "WHEREAS", "WHEREAS,", "NOW", "NOW,", "RECITALS", "RECITALS:"])
_NEXT_ITEM = {"a": "b", "A": "B", "i": "ii", "I": "II", "1": "2"}
_LINE_SLACK = 4  # numbers a line start may skip: "[Reserved]" sections, OCR misses
_MID_LINE_SLACK = 2


def is_rule(text: str) -> bool:
    """``-----``, ``_____``, ``=====``: an underline rule, not text."""
    # a set test, not a regular expression: EDGAR's long runs of spaces made one backtrack
    bare = text.strip()
    if len(bare) < 3 or bare[0] not in "_=~*-":
        return False  # most lines, at once
    return sum(1 for c in bare if c in "_=~-") >= 3 and set(bare) <= _RULE_CHARS


def is_furniture(text: str) -> bool:
    """``Source: ACME CORP, 10-K, 3/1/2019``, ``Page 4 of 12``, ``- 7 -``: no clause text."""
    return bool(_FURNITURE.match(text.strip()))


@dataclass(frozen=True)
class Piece:
    """A run of a line's words that may start a clause.

    Attributes:
        words: The words.
        forced: It starts a clause found inside a line, so it opens a paragraph.
        stray: It starts with a number that is not a clause start (a cross-reference, a
            number out of sequence, an entry of a table of contents).
        contents: It is part of a table of contents.
    """

    words: Sequence[Word]
    forced: bool = False
    stray: bool = False
    contents: bool = False


@dataclass
class Splitter:
    """Cuts lines into pieces at clause starts, keeping the numbering seen so far."""

    text: str
    contents: list[tuple[int, int]]
    numbers: Numbers = field(default_factory=Numbers)

    def pieces(self, words: Sequence[Word]) -> Iterator[Piece]:
        """The line's pieces in order; a line with one clause start is one piece."""
        cuts: list[tuple[int, bool]] = []  # (word index, forced)
        first, last = words[0].start or 0, words[-1].end or 0
        inside = [False] * len(words)
        if self._touches_contents(first, last):
            inside = [self._in_contents(w.start or 0) for w in words]
            # a table of contents starts or ends inside the line
            cuts = [(i, True) for i in range(1, len(words)) if inside[i] != inside[i - 1]]
        # the line's own start is judged first: the numbers inside it come after it
        stray = not inside[0] and self._stray_line_start(words[0])
        # a clause starts after a stop or a word in capitals: a search of the line's text finds
        # those places, so that the many other words cost nothing
        starts: list[int] = []
        for found in _CANDIDATE.finditer(self.text, first, last):
            if not starts:
                starts = [w.start or 0 for w in words]
            i = bisect.bisect_left(starts, found.end())
            here = 0 < i < len(words) and starts[i] == found.end() and not inside[i]
            if here and self._clause_starts(words[i - 1], words[i]):
                cuts.append((i, True))
        cuts.sort()
        bounds = [(0, False), *cuts, (len(words), False)]
        for (begin, forced), (end, _) in itertools.pairwise(bounds):
            piece = words[begin:end]
            if inside[begin]:
                yield Piece(piece, forced=forced, contents=True)
            elif forced:
                yield Piece(piece, forced=True)
            else:
                yield Piece(piece, stray=stray)

    def _touches_contents(self, start: int, end: int) -> bool:
        """Whether a table of contents overlaps ``start``-``end`` (most lines: none does)."""
        at = bisect.bisect_right(self.contents, (end, len(self.text) + 1)) - 1
        return at >= 0 and self.contents[at][1] > start

    def _in_contents(self, offset: int) -> bool:
        if not self.contents:
            return False
        at = bisect.bisect_right(self.contents, (offset, len(self.text) + 1)) - 1
        return at >= 0 and self.contents[at][0] <= offset < self.contents[at][1]

    def _match(self, word: Word) -> re.Match[str] | None:
        if not MAY_BE_NUMBER.match(word.text):
            return None
        start = word.start or 0
        return NUMBER.match(self.text[start : start + 80])

    def _clause_starts(self, previous: Word, word: Word) -> bool:
        """Whether ``word`` starts a clause in the middle of a line after ``previous``."""
        first = word.text[:1]
        if not (first.isupper() or first.isdigit() or first == "("):
            return False  # most words: no number, no block
        if word.text in _BLOCK_WORDS:
            start = word.start or 0
            return bool(
                _BLOCK_START.match(self.text[start : start + 30])
                and previous.text.endswith((".", ":", '."', ".”", ")"))
            )
        match = self._match(word)
        if match is None:
            return False
        end = (word.start or 0) + match.end()
        if _reference(match, self.text[end : end + 40]):
            return False
        before = previous.text
        bare = before.rstrip('."”)’').lower()
        sentence = before.endswith((".", ":", '."', ".”", ".)")) and bare not in _ABBREVIATIONS
        if match.group("schedule"):
            ok = sentence and match.group(0).isupper()
        elif match.group("outline"):
            # "Care G. B. Plus Ltd.": a letter after an initial is a name, not an item, and a
            # letter item inside a line must follow the one before it exactly
            ok = sentence and len(bare) > 1 and self.numbers.plausible(match, slack=0)
        elif match.group("paren"):
            # after a colon, items run in one sentence ("shall: (a) use …; (b) not …") unless
            # each ends its own sentence, as the next item's full stop shows
            heading = before.endswith(":") and before[:-1].isupper()  # "SERVICE: (a) Content."
            ok = sentence and (
                not before.endswith(":") or heading or self._items_end_sentences(end, match)
            )
        else:
            after = self.text[end : end + 3].lstrip()
            capitals = sum(c.isupper() for c in before) >= 2 and before.isupper()
            ok = sentence or (capitals and (after[:1].isupper() or after[:1] in "\"'“"))
        if not ok or not self.numbers.plausible(match, slack=_MID_LINE_SLACK):
            return False
        self.numbers.note(match)
        return True

    def _items_end_sentences(self, end: int, match: re.Match[str]) -> bool:
        """Whether the item after ``(a)`` at ``end`` follows a full stop, not ``;`` or ``,``."""
        token = match.group("paren")
        following = _NEXT_ITEM.get(token)
        if following is None:
            return False
        window = self.text[end : end + 3000]
        at = window.find(f" ({following}) ")
        return at > 0 and window[:at].rstrip().endswith(".")

    def _stray_line_start(self, word: Word) -> bool:
        """A line opening with a number that reads as a reference or is out of sequence."""
        match = self._match(word)
        if match is None:
            return False
        end = (word.start or 0) + match.end()
        if _reference(match, self.text[end : end + 40]):
            return True
        if not match.group("paren") and not match.group("schedule"):
            restart = all(k == 1 for _, key in number_key(match) for k in key)  # kept: cheap
            out_of_sequence = not self.numbers.plausible(match, slack=_LINE_SLACK)
            if not restart and out_of_sequence and not _headed(self.text[end : end + 40]):
                return True
        self.numbers.note(match)
        return False


def _headed(rest: str) -> bool:
    """The number is followed by a heading (``12. Termination.``, ``– TERMINATION``).

    Such a number opens a clause even out of sequence: a heading is no cross-reference.
    """
    line = rest.split("\n", 1)[0]
    if not line.strip():
        return True  # the number alone on its line: the heading is on the next
    words = line.lstrip(" \t-–—:/").split(maxsplit=1)
    word = words[0].strip(".,;:") if words else ""
    return word[:1].isupper() and word.lower() not in _SENTENCE_WORDS


def _reference(match: re.Match[str], rest: str) -> bool:
    """The words after the number make it a reference in a sentence (``5.2 of the Lease``)."""
    after = ITEM_REFERENCE_AFTER if match.group("paren") else REFERENCE_AFTER
    return bool(after.match(rest))


def paragraphs(doc: Document) -> Iterator[Para]:
    """The text's paragraphs, split further where a line starts a new numbered item.

    A line is first cut where a clause starts inside it (EDGAR text), and the pieces of a
    table of contents are kept together in paragraphs of their own.
    """
    text = doc.text
    spans: list[tuple[int, int]] = []
    if windows := contents_windows(text):
        words = [
            w
            for page in doc.pages
            for block in page.blocks
            for line in block.lines
            if line.words and _overlaps(windows, line.words[0].start, line.words[-1].end)
            for w in line.words
            if w.start is not None
        ]
        spans = contents_spans(text, words)
    splitter = Splitter(text, spans)
    for page in doc.pages:
        for block in page.blocks:
            lines = [line for line in block.lines if line.words and line.words[0].start is not None]
            current: list[_Line] = []
            for line in lines:
                start, end = line.words[0].start or 0, line.words[-1].end or 0
                if is_rule(text[start:end]) or is_furniture(text[start:end]):
                    continue  # an underline rule or page number is no heading (issue 14)
                centred = False
                if line.bbox is not None and page.width:
                    middle = (line.bbox.x0 + line.bbox.x1) / 2
                    narrow = line.bbox.x1 - line.bbox.x0 < 0.6 * page.width
                    centred = narrow and abs(middle - page.width / 2) < 0.04 * page.width
                for piece in splitter.pieces(line.words):
                    start, end = piece.words[0].start or 0, piece.words[-1].end or 0
                    item = _Line(
                        start, end, list(piece.words), centred, piece.stray, piece.contents
                    )
                    if current and (
                        piece.forced
                        or item.contents != current[-1].contents
                        or (not piece.stray and _starts_item(text[start:end], current[-1], text))
                    ):
                        yield _para(text, current)
                        current = []
                    current.append(item)
            if current:
                yield _para(text, current)


@dataclass(frozen=True)
class _Line:
    """A line, or the piece of one that starts a clause, with what the page says of it."""

    start: int
    end: int
    words: list[Word]
    centred: bool
    stray: bool
    contents: bool


def _starts_item(line: str, previous: _Line, text: str) -> bool:
    """A line inside a block that begins a new item: a number after a sentence or a heading."""
    number = NUMBER.match(line)
    if not number:
        return False
    if number.group("article") or number.group("section"):
        return True  # "Section 9.2" in sequence (a stray is not asked) ends the line before
    before = text[previous.start : previous.end]
    words = previous.words
    heading = len(words) <= HEADING_MAX_WORDS and (before.isupper() or all(w.bold for w in words))
    return before[-1:] in ".;:" or heading or _numbered_heading(before)


def _numbered_heading(line: str) -> bool:
    """``2. Termination`` on a line of its own: a plain-text heading with no styling to show it."""
    number = NUMBER.match(line)
    rest = line[number.end() :].split() if number else []
    return 0 < len(rest) < HEADING_MAX_WORDS and title_case(rest) and not line.endswith(",")


def _para(text: str, lines: list[_Line]) -> Para:
    start, end = lines[0].start, lines[-1].end
    words = [w for line in lines for w in line.words]
    first = lines[0]
    return Para(start, end, text[start:end], words, first.centred, first.stray, first.contents)


def _overlaps(windows: list[tuple[int, int]], start: int | None, end: int | None) -> bool:
    """Whether ``start``-``end`` overlaps one of the sorted, disjoint ``windows``."""
    if start is None or end is None:
        return False
    at = bisect.bisect_right(windows, end, key=lambda window: window[0]) - 1
    return at >= 0 and windows[at][1] > start
