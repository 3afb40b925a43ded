"""The clause tree while a revision is built: nodes, which clauses it prints, which it keeps.

A revision only writes into the body of a contract. The table of contents, the definitions,
the recitals, the schedules and the signature block keep their words and numbers (issue 16):
they are :func:`fixed`, and nothing is inserted into them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from contractkit.clauses.model import Clause, ClauseKind
from contractkit.playbook._text import kept_lines, own_text, without_contents
from contractkit.playbook.model import Position
from contractkit.playbook.results import Finding

__all__ = ["Node", "body_clauses", "child_style", "descends", "nodes_of", "same_heading", "top"]

_DROPPED_KINDS = frozenset({"preamble", "signature"})
_DEFINITIONS = re.compile(r"(?i)\b(?:definitions?|interpretation|defined\s+terms)\b")
#: Sub-clause numbers a new sub-clause can follow: 7.1, 7.01, Section 4.02, 18.6A.
_DECIMAL_CHILD = re.compile(r"^(?:[A-Za-z]+\s+)?\d+\.\d+[A-Z]?$")


@dataclass
class Node:
    """A clause while the revision is being built.

    ``fixed`` nodes (recitals, definitions, schedules and what is in them) are printed as
    they are: never replaced, inserted into or renumbered.
    """

    number: str | None
    heading: str | None
    text: str
    level: int
    kind: ClauseKind
    parent: Node | None
    original: Clause | None = None
    position: Position | None = None
    finding: Finding | None = None
    replaced: bool = False
    numbered: bool = False  # numbered by the reviser (an inserted section or its children)
    fixed: bool = False
    before: str | None = None  # the original's text as the revision prints it
    annex: bool = False  # a schedule or in one: numbered on its own


def nodes_of(clauses: Sequence[Clause]) -> tuple[list[Node], dict[str, Node], bool]:
    """The nodes of the clauses a revision prints, by clause id, and a table of contents?

    The last is whether a table of contents was cut out of their text.
    """
    nodes: list[Node] = []
    by_id: dict[str, Node] = {}
    contents = False
    in_schedules = False
    for clause in body_clauses(clauses):
        parent = by_id.get(clause.parent or "")
        in_schedules = in_schedules or (clause.kind == "schedule" and clause.level == 1)
        fixed = (
            in_schedules
            or clause.kind in ("recitals", "definitions", "schedule")
            or (parent is not None and parent.fixed)
        )
        text = kept_lines(clause) if in_schedules or clause.kind == "recitals" else own_text(clause)
        # "ARTICLE I" over "DEFINITIONS": a heading read as the text is a heading all the same
        heading = clause.heading or (text if len(text) < 60 else "")
        fixed = fixed or (clause.level == 1 and bool(_DEFINITIONS.search(heading)))
        cut = without_contents(text)
        contents = contents or cut != text
        node = Node(clause.number, clause.heading, cut, clause.level, clause.kind, parent, clause)
        node.fixed, node.before, node.annex = fixed, cut, in_schedules
        by_id[clause.id] = node
        nodes.append(node)
    return nodes, by_id, contents


def body_clauses(clauses: Sequence[Clause]) -> list[Clause]:
    """The clauses a revision prints: no preamble, no signature block (it is re-drawn)."""
    signature = next((i for i, c in enumerate(clauses) if c.kind == "signature"), len(clauses))
    end = signature
    # Unnumbered lines right before the signatures ("CLIENT: ACME INC.") belong to them.
    while (
        end > 0
        and clauses[end - 1].number is None
        and clauses[end - 1].level == 1
        and (clauses[end - 1].kind == "clause" and not own_text(clauses[end - 1]))
    ):
        end -= 1
    schedules = next(
        (i for i in range(signature, len(clauses)) if clauses[i].kind == "schedule"), len(clauses)
    )
    kept = [*clauses[:end], *clauses[schedules:]]
    return [c for c in kept if c.kind not in _DROPPED_KINDS]


def same_heading(a: str | None, b: str | None) -> bool:
    """Whether two headings share a word of four letters or more ("Notices", "Notice")."""
    words = [set(re.findall(r"[a-z]{4,}", (h or "").lower())) for h in (a, b)]
    return bool(words[0] & words[1])


def child_style(node: Node, nodes: list[Node]) -> str | None:
    """``decimal`` when the section's sub-clauses are numbered 7.1, 7.2; else ``None``."""
    children = [n for n in nodes if n.parent is node]
    if children and all(c.number and _DECIMAL_CHILD.match(c.number) for c in children):
        return "decimal"
    return None


def top(node: Node) -> Node:
    """The section a node is in."""
    while node.parent is not None:
        node = node.parent
    return node


def descends(node: Node, ancestor: Node) -> bool:
    """Whether ``node`` is inside ``ancestor``."""
    parent = node.parent
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent
    return False
