"""Clause text as revise edits it: a clause's own words, its sentences, one replaced."""

from __future__ import annotations

import re
from dataclasses import replace

from contractkit.clauses.model import Clause

__all__ = ["own_text", "sentence_matching", "with_sentence_replaced"]


def own_text(clause: Clause) -> str:
    """A clause's text without its number and heading, paragraphs kept, lines joined."""
    text = clause.text.strip()
    if clause.number:
        text = re.sub(rf"^{re.escape(clause.number)}\.?", "", text).lstrip(" \t.:-–—\n")
    if clause.heading:
        words = r"\s+".join(re.escape(w) for w in clause.heading.split())
        text = re.sub(rf"^{words}\s*[.:\-–—]?", "", text, flags=re.IGNORECASE).lstrip()
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
