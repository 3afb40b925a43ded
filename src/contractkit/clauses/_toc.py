"""Tables of contents: found so that their entries do not become clauses (issue 14).

A contents entry is a clause number, a few heading words, perhaps dot leaders, and a page
number (``Section 1.1 Definitions .... 1``). EDGAR text often runs a whole table into one
line, so entries are found among the words, not the lines: three entries in a row make a
table, which runs from its ``TABLE OF CONTENTS`` heading (if any) to its last page number.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from contractkit.clauses._numbering import MAY_BE_NUMBER, NUMBER
from contractkit.document.model import Word

__all__ = ["contents_spans", "contents_windows"]

_PAGE = re.compile(r"^(?:\.+|.*\.{2,})?(?:\d{1,3}|[ivx]{1,6}|[A-Z]-\d{1,3})$")
_LEADER = re.compile(r"^[.\s·…_-]+$")
_RULE = re.compile(r"^[-_=]+$")
_SUB_ENTRY = re.compile(r"^\d{1,3}\.[A-Z]\.$")  # "2.A. GRANT OF FRANCHISE ....7"
_NOT_TITLE = re.compile(r"^(?:shall|will|may|means|is|are|has|have)$")  # a sentence, lower case
_CAPTION = re.compile(r"^(?:page|pages|article|section|clause|no\.?)$", re.I)
_HEADING = ("table of contents", "contents", "index")
_MAX_TITLE = 18
_MIN_ENTRIES = 3
_REACH = 400  # characters around a hint whose words are read: an entry's title and more


#: A page number followed by the next entry's number: two of them and there may be a table.
_HINT = re.compile(
    r"[\s.]\d{1,3}\s+(?:(?:ARTICLE|Article|SECTION|Section|CLAUSE|Clause)\s+(?:\d{1,3}|[IVX]{1,6})\b"
    r"|\d{1,3}(?:\.\d{1,3})*\.?\s|\d{1,3}\.[A-Z]\.\s|[IVX]{1,6}\.\s)"
)


def contents_windows(text: str) -> list[tuple[int, int]]:
    """Where tables of contents may be: around runs of page numbers followed by numbers.

    A quick search of the text, so that only the words near such places are read one by one
    (most contracts have no table at all, and a table is a run of these places).
    """
    windows: list[tuple[int, int]] = []
    for hint in _HINT.finditer(text):
        start, end = max(0, hint.start() - _REACH), hint.end() + _REACH
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def contents_spans(text: str, words: Sequence[Word]) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets in ``text`` of each table of contents among ``words``."""
    spans: list[tuple[int, int]] = []
    # an entry starts at a number: only those words are tried (most words are not)
    candidates = [
        i
        for i, w in enumerate(words)
        if (w.text[:1].isdigit() or w.text[:1].isupper()) and MAY_BE_NUMBER.match(w.text)
    ]
    at = 0
    while at < len(candidates):
        i = candidates[at]
        run: list[tuple[int, int]] = []  # (first word, last word) of each entry
        j = i
        while (end := _entry(text, words, j)) is not None:
            run.append((j, end))
            j = end + 1
            while (
                j < len(words) and _CAPTION.match(words[j].text) and _entry(text, words, j) is None
            ):
                j += 1  # "PAGE" or "ARTICLE" captions of the columns between entries
        at += 1
        if len(run) >= _MIN_ENTRIES:
            first = _heading_before(words, run[0][0])
            spans.append((words[first].start or 0, words[run[-1][1]].end or 0))
            after = run[-1][1]
            at = bisect.bisect_right(candidates, after)  # go on after the table
    return spans


def _entry(text: str, words: Sequence[Word], at: int) -> int | None:
    """The index of the page number ending a contents entry that starts at ``words[at]``."""
    if at >= len(words) or words[at].start is None or not MAY_BE_NUMBER.match(words[at].text):
        return None
    start = words[at].start or 0
    number = NUMBER.match(text[start : start + 60]) or _SUB_ENTRY.match(words[at].text)
    if number is None or (number.re is NUMBER and number.group("paren")):
        return None
    k = at
    while k < len(words) and (words[k].start or 0) < start + number.end():
        k += 1
    titled = 0
    for n in range(k, min(len(words), k + 4 * _MAX_TITLE)):  # leaders may be many words
        word = words[n].text
        if _PAGE.match(word) and titled and not _LEADER.match(word) and _ends_entry(text, words, n):
            return n
        if _NOT_TITLE.match(word) or titled > _MAX_TITLE:
            return None
        if not _LEADER.match(word):
            titled += 1
    return None


def _ends_entry(text: str, words: Sequence[Word], n: int) -> bool:
    """A page number ends its entry before the next entry, a caption, a line break or the end.

    Otherwise it is a figure of the title ("19.E. 30 DAYS NOTICE ....51").
    """
    if n + 1 >= len(words):
        return True
    following = words[n + 1].text
    if "\n" in text[words[n].end or 0 : words[n + 1].start or 0]:
        return True
    return bool(MAY_BE_NUMBER.match(following) or _CAPTION.match(following))


def _heading_before(words: Sequence[Word], at: int) -> int:
    """Move the start of a table back over its ``TABLE OF CONTENTS`` and ``Page`` words."""
    first = at
    while first > 0 and (
        _CAPTION.match(words[first - 1].text) or _RULE.match(words[first - 1].text)
    ):
        first -= 1
    for heading in _HEADING:
        size = len(heading.split())
        before = " ".join(w.text for w in words[max(0, first - size) : first]).lower()
        if first >= size and before == heading:
            return first - size
    return first
