"""Sentences of classified clauses, and the finding each term finder returns.

Every finder reads sentences with their offsets in ``Document.text``, so a term points at
its own words on the page, and quotes the sentence it was read from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from contractkit.clauses.model import Clause
from contractkit.clauses.taxonomy import ClauseType
from contractkit.terms.model import TermName, TermValue
from contractkit.terms.normalize import Duration, Found, find_durations

__all__ = ["Finding", "Sentence", "T", "flat", "notice_durations", "sentences_of"]

T = ClauseType
_SPLIT = re.compile(r"(?<=[.;])\s+(?=[\"“(A-Z0-9])|(?<=[.;:])\n\s*\n")


@dataclass(frozen=True, slots=True)
class Finding:
    """A term found in the text, before the extraction adds page and confidence."""

    name: TermName
    value: TermValue
    start: int
    end: int
    quote: str
    clause: str
    conflict: bool = False


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int  # offset in Document.text
    clause: Clause

    def has(self, pattern: str) -> re.Match[str] | None:
        return re.search(pattern, self.text, re.IGNORECASE)

    def finding(
        self, name: TermName, value: TermValue, found: Found[object] | None = None
    ) -> Finding:
        start, end = (found.start, found.end) if found else (0, len(self.text))
        return Finding(
            name,
            value,
            self.start + start,
            self.start + end,
            flat(self.text),
            self.clause.id,
            bool(found and found.conflict),
        )


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def sentences_of(clause: Clause) -> Iterator[Sentence]:
    body = clause.text
    position = 0
    for part in _SPLIT.split(body):
        at = body.find(part, position)
        position = at + len(part)
        if part.strip():
            # one space per whitespace character: patterns match across line breaks and the
            # offsets still point into Document.text
            yield Sentence(re.sub(r"\s", " ", part), clause.start + at, clause)


# -- helpers -------------------------------------------------------------------------------

_NOTICE_AFTER = re.compile(
    r"^[’'s]*\s*(?:\([^)]{0,20}\)\s*)?(?:prior |advance |written |prior written |advance written |"
    r"notice|calendar |clear )",
    re.I,
)


def notice_durations(sentence: Sentence) -> list[Found[Duration]]:
    """Durations the sentence gives as a notice: "30 days' written notice", "notice of 30 days"."""
    out = []
    for found in find_durations(sentence.text):
        after = sentence.text[found.end : found.end + 40]
        before = sentence.text[max(found.start - 45, 0) : found.start]
        if (
            (_NOTICE_AFTER.match(after) and "notice" in after.lower()[:30])
            or re.search(
                r"notice(?: in writing)?\s+of\s+(?:not less than|at least|no less than)?\s*$",
                before,
                re.I,
            )
            or re.search(
                r"notice\b[^.;]{0,20}(?:not less than|at least|no less than)\s*$", before, re.I
            )
        ):
            out.append(found)
    return out
