"""``contractkit.revise``: the contract rewritten to meet the playbook, with every change listed.

Weak clauses are replaced by the playbook's text and missing ones inserted where they belong
(as the last sub-clause of the related section, or as a new section after a related one).
Everything else keeps its words; when a section is inserted, later sections are renumbered
and cross-references follow. The result (:class:`Revision`) is plain data the renderers turn
into a typeset PDF, a redline, a Word file with tracked changes and a change summary.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from contractkit.clauses.model import Clause, ClauseKind
from contractkit.document import ReadOptions
from contractkit.document.model import Document
from contractkit.errors import InvalidOptionError
from contractkit.extraction import Extraction, clause_names
from contractkit.playbook import _numbering as numbering
from contractkit.playbook._fit import fit_playbook, party_params, used_params
from contractkit.playbook._text import own_text, sentence_matching, with_sentence_replaced
from contractkit.playbook.model import Playbook, Position
from contractkit.playbook.results import (
    Change,
    ClauseStatus,
    Finding,
    RevisedClause,
    Revision,
    Scorecard,
)
from contractkit.playbook.review import as_extraction, load_playbook, score
from contractkit.types import Source

__all__ = ["revise"]

_DROPPED_KINDS = frozenset({"preamble", "signature"})
_BOILERPLATE = re.compile(r"(?i)general|miscellaneous|boilerplate")


def revise(
    source: Source | Document | Extraction,
    /,
    *,
    playbook: Playbook | str | os.PathLike[str] | None = None,
    side: str | None = None,
    force: bool = False,
    fallback: bool = False,
    read: ReadOptions | None = None,
    **params: str | int | float,
) -> Revision:
    """Revise a contract to meet a playbook: weak clauses replaced, missing ones inserted.

    Args:
        source: An :class:`Extraction`, a :class:`Document`, or anything
            :func:`contractkit.open` reads (PDF, scan, DOCX, text).
        playbook: A :class:`Playbook`, a playbook file, or ``None`` for the shipped
            playbook that fits the contract's kind and ``side`` (as for :func:`review`).
        side: Whose side to take when picking the playbook (``tenant``, ``vendor``…).
        force: Revise a document that does not read as a contract.
        fallback: Use the positions' fallback texts (a second negotiating round).
        read: How to read the source (password, OCR, languages, cache, progress), as
            for :func:`contractkit.open`; the defaults when ``None``.
        **params: Override the playbook's parameters (``notice_days=14``) and the names the
            texts use (``provider="Studio"``).

    Returns:
        The revision, as data: :func:`contractkit.write` turns it into the revised PDF, the
        redline, a Word file with tracked changes or the Markdown change summary.

    Raises:
        InvalidOptionError: A parameter the playbook does not know.
        PlaybookError: The playbook file is invalid.
        InputError: The source cannot be read.
        NotAContractError: The document is not a contract (and ``force`` is off).
    """
    given = load_playbook(playbook) if playbook is not None else None
    extraction = as_extraction(source, read=read)
    chosen = fit_playbook(extraction, given, side=side, force=force)
    book, before = chosen.book, score(extraction, chosen)
    values = _parameters(book, extraction, before, params)
    revision = _Reviser(book, extraction, before, values, fallback).revise()
    params = used_params(book, revision.params)
    return replace(revision, params=params, warnings=(*chosen.warnings, *revision.warnings))


def _parameters(
    book: Playbook,
    extraction: Extraction,
    before: Scorecard,
    overrides: Mapping[str, str | int | float],
) -> dict[str, str | int | float]:
    """Playbook defaults, then the contract's acceptable figures and names, then overrides."""
    text = " ".join(c.text for c in extraction.clauses)
    roles = {
        p.role: _as_used(p.defined_as, text) or p.display_name for p in extraction.parties if p.role
    }
    values: dict[str, str | int | float] = {
        **book.params,
        **before.values,
        **party_params(roles),
    }
    unknown = sorted(set(overrides) - set(values))
    if unknown:
        raise InvalidOptionError(
            f"unknown playbook parameter {unknown[0]!r}",
            hint="parameters are: " + ", ".join(sorted(values)),
        )
    for name, value in overrides.items():
        values[name] = _number(value) if isinstance(values[name], int | float) else value
    return values


def _as_used(term: str | None, text: str) -> str | None:
    """``the Client`` where the contract mostly writes it so, else ``Client`` as defined."""
    if not term:
        return None
    bare = len(re.findall(rf"\b{re.escape(term)}\b", text))
    article = len(re.findall(rf"\bthe\s+{re.escape(term)}\b", text, re.I))
    return f"the {term}" if 2 * article >= bare else term


def _number(value: str | int | float) -> int | float:
    if isinstance(value, int | float):
        return value
    try:
        number = float(value)
    except ValueError:
        raise InvalidOptionError(f"{value!r} is not a number") from None
    return int(number) if number.is_integer() else number


@dataclass
class _Node:
    """A clause while the revision is being built."""

    number: str | None
    heading: str | None
    text: str
    level: int
    kind: ClauseKind
    parent: _Node | None
    original: Clause | None = None
    position: Position | None = None
    finding: Finding | None = None
    replaced: bool = False
    numbered: bool = False  # numbered by _number_sections (an inserted section)


class _Reviser:
    def __init__(
        self,
        book: Playbook,
        extraction: Extraction,
        before: Scorecard,
        values: Mapping[str, str | int | float],
        fallback: bool,
    ) -> None:
        self.book, self.extraction, self.before = book, extraction, before
        self.values, self.fallback = values, fallback
        self.nodes: list[_Node] = []
        by_id: dict[str, _Node] = {}
        for clause in _body_clauses(extraction.clauses):
            parent = by_id.get(clause.parent or "")
            node = _Node(
                clause.number,
                clause.heading,
                own_text(clause),
                clause.level,
                clause.kind,
                parent,
                clause,
            )
            by_id[clause.id] = node
            self.nodes.append(node)
        self.by_id = by_id
        tops = [n for n in self.nodes if n.level == 1 and n.kind == "clause"]
        nested = sum(1 for n in tops if _child_style(n, self.nodes) == "decimal")
        self.deep = 2 * nested >= len(tops) > 0  # most sections have 7.1, 7.2 sub-clauses

    def revise(self) -> Revision:
        for finding in self.before.findings:
            if finding.status in ("weak", "missing"):
                self._fix(self.book.position(finding.position), finding)
        moves = self._number_sections()
        clauses, changes = self._result(moves)
        preamble = next((c for c in self.extraction.clauses if c.kind == "preamble"), None)
        title, _, rest = (preamble.text if preamble else "").strip().partition("\n")
        rest = "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", rest) if p.strip())
        return Revision(
            self.extraction.document,
            title.strip() or "Agreement",
            rest.strip(),
            self.extraction.parties,
            clauses,
            changes,
            dict(self.values),
            self.before,
        )

    def _text(self, position: Position) -> str:
        template = position.fallback if self.fallback else position.text
        text = " ".join(template.format_map(dict(self.values)).split())
        # "{provider} may…" with provider = "the Provider" starts a sentence in capitals.
        return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)

    def _fix(self, position: Position, finding: Finding) -> None:
        text = self._text(position)
        evidence = [self.by_id[e.clause] for e in finding.evidence if e.clause in self.by_id]
        target = self.by_id.get(finding.target or "")
        span = finding.target_span
        if target is None and finding.status == "weak" and position.fix == "replace":
            # No failing figure: replace the sentence the position is about, if one is.
            patterns = [re.compile(p, re.IGNORECASE) for p in position.find]
            for node in evidence:
                if node.original is not None and not node.replaced:
                    span = sentence_matching(node.original, patterns)
                    if span is not None:
                        target = node
                        break
        if target is not None and target.original is not None and not target.replaced:
            target.text = with_sentence_replaced(target.original, span, text)
            target.replaced, target.position, target.finding = True, position, finding
            return
        section = self._section_for(position, evidence)
        self._insert(position, finding, text, section)

    def _section_for(self, position: Position, evidence: list[_Node]) -> tuple[_Node | None, str]:
        """Where a new clause goes: (section, "within" or "after")."""
        if evidence:
            return _top(evidence[0]), "within"
        for categories, how in ((position.place.within, "within"), (position.place.after, "after")):
            for node in self.nodes:
                if node.original and any(
                    label.category.name.lower() in categories for label in node.original.labels
                ):
                    return _top(node), how
        return None, "after"

    def _insert(
        self, position: Position, finding: Finding, text: str, where: tuple[_Node | None, str]
    ) -> None:
        section, how = where
        if section is not None and how == "within" and _child_style(section, self.nodes):
            last = self._subtree(section)[-1]
            siblings = [n for n in self._subtree(section) if n.parent is section]
            number = numbering.next_sibling(siblings[-1].number or "") if siblings else None
            node = _Node(number, None, text, section.level + 1, "clause", section)
            node.position, node.finding = position, finding
            self.nodes.insert(self.nodes.index(last) + 1, node)
            return
        heading = position.place.section
        flat_section = section is not None and how == "within"
        if (
            flat_section
            and section is not None
            and section.original is not None
            and not section.replaced
            and _same_heading(section.heading, position.heading or heading)
        ):
            # "7. Notices" gets the new sentences, not a second "8. Notices" after it.
            section.text = f"{section.text.rstrip()} {text}"
            section.replaced, section.position, section.finding = True, position, finding
            return
        if section is None:
            section = self._new_section_home()
        if flat_section or not self.deep:
            # A clause of its own after the section, headed by what it is about.
            at = self._after(section)
            node = _Node("", position.heading or heading, text, 1, "clause", None)
            node.position, node.finding = position, finding
            self.nodes.insert(at, node)
            return
        # Positions sharing a new section heading share the section.
        existing = next(
            (n for n in self.nodes if n.original is None and n.level == 1 and n.heading == heading),
            None,
        )
        if existing is not None and self.deep:
            last = self._subtree(existing)[-1]
            number = (last.number + ".1") if last is existing and last.number else None
            if last is not existing and last.number:
                number = numbering.next_sibling(last.number)
            child = _Node(number, None, text, 2, "clause", existing, position=position)
            child.finding = finding
            self.nodes.insert(self.nodes.index(last) + 1, child)
            return
        at = self._after(section)
        top = _Node("", heading, "" if self.deep else text, 1, "clause", None)
        top.position, top.finding = position, finding
        self.nodes.insert(at, top)
        if self.deep:
            child = _Node("", None, text, 2, "clause", top, position=position, finding=finding)
            self.nodes.insert(at + 1, child)

    def _after(self, section: _Node | None) -> int:
        """Where a new section after ``section`` goes: after those inserted there before."""
        if section is None:
            return len(self.nodes)
        at = self.nodes.index(self._subtree(section)[-1]) + 1
        while at < len(self.nodes) and self.nodes[at].original is None:
            at += 1
        return at

    def _new_section_home(self) -> _Node | None:
        """The section before the boilerplate ("General"), else the last section."""
        tops = [n for n in self.nodes if n.level == 1 and n.kind in ("clause", "definitions")]
        for i, node in enumerate(tops):
            if (
                i
                and node.heading
                and re.match(r"(?i)general|miscellaneous|boilerplate", node.heading)
            ):
                return tops[i - 1]
        return tops[-1] if tops else None

    def _subtree(self, node: _Node) -> list[_Node]:
        start = self.nodes.index(node)
        end = start + 1
        while end < len(self.nodes) and _descends(self.nodes[end], node):
            end += 1
        return self.nodes[start:end]

    def _number_sections(self) -> dict[int, int]:
        """Number inserted sections and move later ones; returns old → new section values."""
        moves: dict[int, int] = {}
        shift = 0
        last = 0
        style = next((n.number for n in self.nodes if n.level == 1 and n.number), "1") or "1"
        for node in self.nodes:
            if node.level != 1:
                continue
            if node.original is None:
                shift += 1
                last += 1
                node.number, node.numbered = numbering.with_top(style, last), True
                for index, child in enumerate(self._subtree(node)[1:], start=1):
                    child.number, child.numbered = f"{last}.{index}", True
                continue
            value = numbering.top_value(node.number) or next(
                (
                    numbering.top_value(c.number)
                    for c in self._subtree(node)[1:]
                    if numbering.top_value(c.number)
                ),
                None,
            )
            if value is not None:
                if shift:
                    moves[value] = value + shift
                last = value + shift
        return moves

    def _result(
        self, moves: Mapping[int, int]
    ) -> tuple[tuple[RevisedClause, ...], tuple[Change, ...]]:
        old_names = clause_names(self.extraction)
        clauses: list[RevisedClause] = []
        changes: list[Change] = []
        new_names: dict[int, str] = {}
        for node in self.nodes:
            original = node.original
            number = node.number if node.numbered else numbering.renumber(node.number, moves)
            name = number or node.heading or ""
            if number and number.startswith("(") and node.parent and id(node.parent) in new_names:
                name = new_names[id(node.parent)] + number
            new_names[id(node)] = name
            old_text = own_text(original) if original else None
            if node.position is not None and node.finding is not None:
                status: ClauseStatus = "replaced" if original else "inserted"
                text = node.text
                if node.text or not node.heading:
                    changes.append(
                        Change(
                            "replaced" if original else "inserted",
                            name,
                            old_names.get(original.id) if original else None,
                            node.position.id,
                            node.position.title,
                            "; ".join(node.finding.reasons),
                            node.position.rationale,
                            old_text,
                            text,
                        )
                    )
            else:
                text = numbering.renumber_references(node.text, moves)
                status = "kept" if (text == node.text and number == node.number) else "renumbered"
                if status == "renumbered" and original:
                    changes.append(
                        Change(
                            "renumbered",
                            name,
                            old_names.get(original.id),
                            None,
                            "Renumbered" if text == node.text else "Cross-references updated",
                            "sections were inserted before it",
                            "Numbers and references must stay right after an insertion.",
                            old_text,
                            text,
                        )
                    )
            clauses.append(
                RevisedClause(
                    number,
                    node.heading,
                    text,
                    node.level,
                    node.kind,
                    status,
                    original.id if original else None,
                    original.number if original else None,
                    old_text,
                    node.position.id if node.position else None,
                )
            )
        return tuple(clauses), tuple(changes)


def _body_clauses(clauses: Sequence[Clause]) -> list[Clause]:
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


def _same_heading(a: str | None, b: str | None) -> bool:
    words = [set(re.findall(r"[a-z]{4,}", (h or "").lower())) for h in (a, b)]
    return bool(words[0] & words[1])


def _child_style(node: _Node, nodes: list[_Node]) -> str | None:
    """``decimal`` when the section's sub-clauses are numbered 7.1, 7.2; else ``None``."""
    children = [n for n in nodes if n.parent is node]
    if children and all(c.number and re.match(r"^\d+\.\d+$", c.number) for c in children):
        return "decimal"
    return None


def _top(node: _Node) -> _Node:
    while node.parent is not None:
        node = node.parent
    return node


def _descends(node: _Node, ancestor: _Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent
    return False
