"""Clause text as revise edits it: a clause's own words, its sentences, one replaced.

Body clauses are re-flowed into paragraphs. Recitals and schedules keep their lines (issue
16: recitals A to C stay three paragraphs, a schedule's list stays a list), and a table of
contents is cut out, since a typeset revision has pages of its own.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from contractkit.clauses._toc import contents_spans, contents_windows
from contractkit.clauses.model import Clause
from contractkit.document.model import Word

__all__ = [
    "kept_lines",
    "own_text",
    "sentence_matching",
    "with_sentence_replaced",
    "without_contents",
]

#: A line that starts an item of its own: "B.", "(2)", "3.", "WHEREAS", a bullet.
_ITEM = re.compile(r"^(?:\(?[A-Za-z0-9]{1,4}[.)]\s|WHEREAS\b|Whereas\b|NOW,?\s|[-•·*]\s)")
#: Inside a long line (EDGAR runs a page into one): a recital or item after a full stop.
_INLINE_ITEM = re.compile(
    r"(?<=[.;:])\s+(?=(?:WHEREAS\b|NOW,?\s+THEREFORE|\(?[A-H][.)]\s+(?:[A-Z]|the\b)))"
)


def _body(clause: Clause) -> str:
    text = clause.text.strip()
    if clause.number:
        text = re.sub(rf"^{re.escape(clause.number)}\.?", "", text).lstrip(" \t.:-–—\n")
    if clause.heading:
        words = r"\s+".join(re.escape(w) for w in clause.heading.split())
        text = re.sub(rf"^{words}\s*[.:\-–—]?", "", text, flags=re.IGNORECASE).lstrip()
    return text


def kept_lines(clause: Clause) -> str:
    """The text of a recital or schedule with its own line structure: one paragraph per item.

    Lines are joined only where the page wrapped them (the line before was long and the next
    does not start an item), so recitals A to C and a schedule's rows stay apart.
    """
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", _body(clause)):
        lines = [" ".join(line.split()) for line in paragraph.splitlines() if line.strip()]
        if not lines:
            continue
        width = max(len(line) for line in lines)
        current = lines[0]
        for before, line in itertools.pairwise(lines):
            wrapped = len(before) >= 0.7 * width and not before.endswith(":")
            if wrapped and not _ITEM.match(line):
                current += " " + line
            else:
                out.append(current)
                current = line
        out.append(current)
    return "\n\n".join(p for line in out for p in _INLINE_ITEM.split(line) if p.strip())


def without_contents(text: str) -> str:
    """``text`` without the table of contents in it (issue 14 finds them), if any."""
    if not contents_windows(text):
        return text
    words = [Word(m.group(0), None, m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    spans = contents_spans(text, words)
    for start, end in reversed(spans):  # from the end, so that the offsets still hold
        text = text[:start].rstrip() + "\n\n" + text[end:].lstrip()
    return text.strip() if spans else text


def own_text(clause: Clause) -> str:
    """A clause's text without its number and heading, paragraphs kept, lines joined."""
    text = _body(clause)
    # A break after a word or before a lower-case one is inside a sentence (a page break, a
    # gap OCR saw), not between paragraphs.
    paragraphs = re.split(r"(?<![\w,-])\n\s*\n(?!\s*[a-z])", text)
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(\"“])")


def _sentences(clause: Clause) -> list[tuple[int, int]]:
    """Sentence spans of a clause, as offsets in the document's text."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(clause.text):
        spans.append((clause.start + start, clause.start + match.start()))
        start = match.end()
    spans.append((clause.start + start, clause.end))
    return spans


def sentence_matching(clause: Clause, patterns: list[re.Pattern[str]]) -> tuple[int, int] | None:
    """The span of the clause's first sentence matching one of ``patterns``."""
    for start, end in _sentences(clause):
        text = clause.text[start - clause.start : end - clause.start]
        if any(p.search(" ".join(text.split())) for p in patterns):
            return start, end
    return None


def with_sentence_replaced(clause: Clause, span: tuple[int, int] | None, new: str) -> str:
    """The clause's own text with the sentence(s) around ``span`` replaced by ``new``.

    The rest of the clause keeps its words: a payment clause that also sets late interest
    keeps the interest when only its payment period is replaced.
    """
    if span is None:
        return new
    covered = [(s, e) for s, e in _sentences(clause) if s < span[1] and e > span[0]]
    if not covered:
        return new
    start, end = covered[0][0] - clause.start, covered[-1][1] - clause.start
    head = clause.text[:start]
    own = own_text(replace(clause, text=head + "\u0000" + clause.text[end:]))
    return own.replace("\u0000", new) if "\u0000" in own else new
