"""What the clause layer returns: clauses in a tree, each with its labels and provenance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from contractkit.clauses.taxonomy import ClauseType
from contractkit.document.model import Region

__all__ = ["Clause", "ClauseKind", "Label"]

#: ``preamble`` is the title and parties; ``schedule`` heads an exhibit, schedule or annex.
ClauseKind = Literal["preamble", "recitals", "clause", "definitions", "signature", "schedule"]


@dataclass(frozen=True, slots=True)
class Label:
    """One category a clause belongs to.

    Attributes:
        category: The category.
        score: How sure the classifier is, 0 to 1; a clause carries labels scoring >= 0.5.
        triggers: The phrases in the clause that led to the label (for a human to check).
        evidence: The sentence of the clause that led to it, as printed (a substring of the
            clause's ``text``, cut at 300 characters): what a reviewer reads to accept or
            reject the label, and where a term read from the clause should be found.
    """

    category: ClauseType
    score: float
    triggers: tuple[str, ...] = ()
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class Clause:
    """A numbered or headed part of the contract, with its own text (not its sub-clauses').

    Attributes:
        id: Stable within one result: ``c1``, ``c2``… in reading order.
        number: The number as printed without a trailing full stop (``"9.1"``, ``"(a)"``,
            ``"Section 5"``, ``"ARTICLE IV"``, ``"Schedule 1"``); ``None`` when unnumbered.
        heading: The heading without number or trailing full stop; ``None`` when there is none.
        kind: What the clause is (see :data:`ClauseKind`).
        level: Depth in the tree, 1 for top-level clauses.
        parent: The parent clause's ``id``; ``None`` at the top.
        text: The clause's own text as in ``Document.text``, number and heading included.
        start: Offset of ``text`` in ``Document.text``.
        end: Offset just past ``text``.
        pages: Page numbers (1-based) the text is on.
        regions: One box per line of text, for highlighting it on the page.
        labels: Categories, best first (empty until classified).
    """

    id: str
    number: str | None
    heading: str | None
    kind: ClauseKind
    level: int
    parent: str | None
    text: str
    start: int
    end: int
    pages: tuple[int, ...] = ()
    regions: tuple[Region, ...] = ()
    labels: tuple[Label, ...] = ()

    @property
    def body(self) -> str:
        """The text after the number and heading."""
        text = self.text
        for part in (self.number, self.heading):
            if part and (at := text.find(part)) != -1 and at < 40:
                text = text[at + len(part) :]
        return text.lstrip(" .:-–—\n")

    @property
    def categories(self) -> tuple[ClauseType, ...]:
        """The label categories, best first."""
        return tuple(label.category for label in self.labels)
