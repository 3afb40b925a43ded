"""A classifier for term tests: it labels a clause by its heading, so the tests of the term
finders do not depend on what the rule classifier (or a trained one) happens to recognise."""

from __future__ import annotations

from collections.abc import Sequence

from contractkit.clauses.model import Clause, Label
from contractkit.clauses.taxonomy import ClauseType


class ByHeading:
    """Labels each clause, and the items under it, with the categories its heading names."""

    def __init__(self, categories: dict[str, Sequence[ClauseType]]) -> None:
        self.categories = {k.lower(): tuple(v) for k, v in categories.items()}

    def classify(self, clauses: list[Clause]) -> list[tuple[Label, ...]]:
        by_id = {c.id: c for c in clauses}
        out = []
        for clause in clauses:
            heading = clause.heading or by_id.get(clause.parent or "", clause).heading or ""
            found = self.categories.get(heading.lower(), ())
            out.append(tuple(Label(c, 1.0, ("heading",)) for c in found))
        return out
