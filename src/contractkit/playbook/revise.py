"""``contractkit.revise``: the contract rewritten to meet the playbook, with every change listed.

Weak clauses are replaced by the playbook's text and missing ones inserted where they belong
(as the last sub-clause of the related section, or as a new section after a related one).
Everything else keeps its words and its number: a new clause takes a number no clause has
(``18.7`` after ``18.6``, ``21A`` between 21 and 22), so cross-references stay right
(issue 16); with ``renumber=True`` later sections move up and references follow instead.
New text uses the contract's own words for its parties, itself and its subject. The result
(:class:`Revision`) is plain data the renderers turn into a typeset PDF, a redline, a Word
file with tracked changes and a change summary.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Mapping
from dataclasses import replace

from contractkit.document import ReadOptions
from contractkit.document.model import Document
from contractkit.extraction import Extraction, clause_names
from contractkit.playbook import _numbering as numbering
from contractkit.playbook._fit import fit_playbook, used_params
from contractkit.playbook._text import (
    sentence_matching,
    with_sentence_replaced,
    without_contents,
)
from contractkit.playbook._tree import (
    Node,
    child_style,
    descends,
    nodes_of,
    same_heading,
    top,
)
from contractkit.playbook._vocabulary import NEUTRAL, generic_words, parameters
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

_BOILERPLATE = re.compile(r"(?i)general|miscellaneous|boilerplate")
_FIELDS = string.Formatter()
_SUB = re.compile(r"^(?P<pre>(?:[A-Za-z]+\s+)?)\d+\.(?P<last>\d+)$")  # 7.1, Section 4.01


def revise(
    source: Source | Document | Extraction,
    /,
    *,
    playbook: Playbook | str | os.PathLike[str] | None = None,
    side: str | None = None,
    force: bool = False,
    fallback: bool = False,
    renumber: bool = False,
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
        renumber: Renumber the sections after an inserted one and rewrite cross-references
            to them; by default new clauses take free numbers and nothing is renumbered.
        read: How to read the source (password, OCR, languages, cache, progress), as
            for :func:`contractkit.open`; the defaults when ``None``.
        **params: Override the playbook's parameters (``notice_days=14``) and the words the
            texts use (``provider="Studio"``, ``agreement="this Lease"``).

    Returns:
        The revision, as data: :func:`contractkit.write` turns it into the revised PDF, the
        redline, a Word file with tracked changes or the Markdown change summary. Its
        ``warnings`` say where new text uses a word the contract does not.

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
    values, unknown, notes = parameters(book, extraction, before, params)
    revision = _Reviser(book, extraction, before, values, fallback, renumber).revise(unknown, notes)
    params = used_params(book, revision.params)
    return replace(revision, params=params, warnings=(*chosen.warnings, *revision.warnings))


class _Reviser:
    def __init__(
        self,
        book: Playbook,
        extraction: Extraction,
        before: Scorecard,
        values: Mapping[str, str | int | float],
        fallback: bool,
        renumber: bool,
    ) -> None:
        self.book, self.extraction, self.before = book, extraction, before
        self.values, self.fallback, self.renumber = values, fallback, renumber
        self.nodes, self.by_id, self.contents = nodes_of(extraction.clauses)
        tops = self._tops()
        nested = sum(1 for n in tops if child_style(n, self.nodes) == "decimal")
        self.deep = 2 * nested >= len(tops) > 0  # most sections have 7.1, 7.2 sub-clauses

    def revise(self, unknown: set[str], notes: list[str]) -> Revision:
        for finding in self.before.findings:
            if finding.status in ("weak", "missing"):
                self._fix(self.book.position(finding.position), finding)
        moves = self._number_sections() if self.renumber else self._number_inserted()
        clauses, changes = self._result(moves)
        preamble = next((c for c in self.extraction.clauses if c.kind == "preamble"), None)
        title, _, rest = (preamble.text if preamble else "").strip().partition("\n")
        cut = without_contents(rest)  # EDGAR puts the table of contents after the title
        self.contents, rest = self.contents or cut != rest, cut
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
            (*notes, *self._warnings(unknown, changes)),
        )

    def _warnings(self, unknown: set[str], changes: tuple[Change, ...]) -> tuple[str, ...]:
        """Neutral words the new text had to use, and generic words the contract lacks."""
        used = {
            name
            for node in self.nodes
            if node.position is not None
            for _, name, _, _ in _FIELDS.parse(
                node.position.fallback if self.fallback else node.position.text
            )
            if name
        }
        warnings = [
            f"the contract's word for {NEUTRAL[name][1]} is unknown; new text says "
            f"{NEUTRAL[name][2]!r} (set it with --set {name}=...)"
            for name in sorted(unknown & used)
        ]
        original = "\n".join(c.text for c in self.extraction.clauses)
        new = [(f"clause {c.clause}", c.new_text) for c in changes if c.kind != "renumbered"]
        warnings += generic_words(new, original)
        if self.contents:
            warnings.append(
                "the table of contents is left out of the revision: its page numbers would "
                "not match the new pages"
            )
        return tuple(warnings)

    def _text(self, position: Position) -> str:
        template = position.fallback if self.fallback else position.text
        text = " ".join(template.format_map(dict(self.values)).split())
        # "{provider} may…" with provider = "the Provider" starts a sentence in capitals.
        return re.sub(r"(^|[.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)

    def _open(self, node: Node) -> bool:
        """Whether new text may go into or after ``node``'s section: a body clause."""
        section = top(node)
        return not node.fixed and not section.fixed and section.kind == "clause"

    def _tops(self) -> list[Node]:
        """The body's sections, in order (no recitals, definitions or schedules)."""
        return [n for n in self.nodes if n.level == 1 and not n.fixed and n.kind == "clause"]

    def _fix(self, position: Position, finding: Finding) -> None:
        text = self._text(position)
        evidence = [
            self.by_id[e.clause]
            for e in finding.evidence
            if e.clause in self.by_id and self._open(self.by_id[e.clause])
        ]
        target = self.by_id.get(finding.target or "")
        span = finding.target_span
        if target is not None and not self._open(target):
            target, span = None, None  # definitions and schedules keep their words
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

    def _section_for(self, position: Position, evidence: list[Node]) -> tuple[Node | None, str]:
        """Where a new clause goes: (section, "within" or "after")."""
        if evidence:
            return top(evidence[0]), "within"
        for categories, how in ((position.place.within, "within"), (position.place.after, "after")):
            for node in self.nodes:
                if (
                    node.original
                    and self._open(node)
                    and any(
                        label.category.name.lower() in categories for label in node.original.labels
                    )
                ):
                    return top(node), how
        return None, "after"

    def _insert(
        self, position: Position, finding: Finding, text: str, where: tuple[Node | None, str]
    ) -> None:
        section, how = where
        if section is not None and how == "within" and child_style(section, self.nodes):
            last = self._subtree(section)[-1]
            siblings = [n for n in self._subtree(section) if n.parent is section]
            number = siblings[-1].number or ""
            if self.renumber:
                number = numbering.next_sibling(number)
            else:
                number = numbering.free_sibling(number, self._used())
            node = Node(number, None, text, section.level + 1, "clause", section)
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
            and same_heading(section.heading, position.heading or heading)
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
            node = Node("", position.heading or heading, text, 1, "clause", None)
            node.position, node.finding = position, finding
            self.nodes.insert(at, node)
            return
        # Positions sharing a new section heading share the section.
        existing = next(
            (n for n in self.nodes if n.original is None and n.level == 1 and n.heading == heading),
            None,
        )
        if existing is not None:
            last = self._subtree(existing)[-1]
            child = Node(None, None, text, 2, "clause", existing, position=position)
            child.finding = finding
            self.nodes.insert(self.nodes.index(last) + 1, child)
            return
        at = self._after(section)
        new = Node("", heading, "", 1, "clause", None)
        new.position, new.finding = position, finding
        self.nodes.insert(at, new)
        child = Node(None, None, text, 2, "clause", new, position=position, finding=finding)
        self.nodes.insert(at + 1, child)

    def _used(self) -> set[str]:
        return {n.number for n in self.nodes if n.number and not n.annex}

    def _after(self, section: Node | None) -> int:
        """Where a new section after ``section`` goes: after those inserted there before."""
        if section is None:
            return len(self.nodes)
        at = self.nodes.index(self._subtree(section)[-1]) + 1
        while at < len(self.nodes) and self.nodes[at].original is None:
            at += 1
        return at

    def _new_section_home(self) -> Node | None:
        """The last section of the body; when renumbering, the one before "General"."""
        tops = self._tops()
        for i, node in enumerate(tops):
            if self.renumber and i and node.heading and _BOILERPLATE.match(node.heading):
                return tops[i - 1]
        if not self.renumber:
            # after the definitions too when they come last (they are not inserted into)
            ends = [n for n in self.nodes if n.level == 1 and not n.annex and n.kind != "recitals"]
            return ends[-1] if ends else None
        return tops[-1] if tops else None

    def _subtree(self, node: Node) -> list[Node]:
        start = self.nodes.index(node)
        end = start + 1
        while end < len(self.nodes) and descends(self.nodes[end], node):
            end += 1
        return self.nodes[start:end]

    def _section_label(self, node: Node) -> str | None:
        """A section's number, or the one its sub-clauses carry (``7`` for 7.1, 7.2)."""
        if node.number:
            return node.number
        value = next(
            (numbering.top_value(c.number) for c in self._subtree(node)[1:] if c.number), None
        )
        return str(value) if value is not None else None

    def _number_inserted(self) -> dict[int, int]:
        """Number inserted sections without moving any: ``22`` at the end, ``21A`` between."""
        sections = [n for n in self.nodes if n.level == 1 and not n.annex]
        labels = [self._section_label(n) if n.original else None for n in sections]
        values = [numbering.top_value(label) for label in labels]
        highest = max((v for v in values if v is not None), default=0)
        numbered = [label for label, value in zip(labels, values, strict=True) if value]
        style = numbered[-1] if numbered else None
        subs = (n.number for n in self.nodes if n.level == 2 and n.original and not n.fixed)
        sub = next((n for n in subs if n and _SUB.match(n)), "1.1")
        used = self._used()
        previous: str | None = None
        after_unnumbered = False  # the last original section before this one has no number
        for i, node in enumerate(sections):
            if node.original is not None:
                previous = labels[i] or previous
                after_unnumbered = labels[i] is None
                continue
            if style is None or after_unnumbered:
                # the contract numbers no section, or not the one this follows: a number here
                # (22 among unnumbered sections before 10) would read out of order
                node.number = None
            elif any(labels[i + 1 :]) and previous:
                node.number = numbering.free_sibling(previous, used, last=False)
            else:
                highest += 1
                node.number = numbering.with_top(style, highest)
            node.numbered = True
            if node.number:
                used.add(node.number)
                previous = node.number
            for index, child in enumerate(self._subtree(node)[1:], start=1):
                child.number, child.numbered = _child_number(node.number, sub, index), True
        return {}

    def _number_sections(self) -> dict[int, int]:
        """Number inserted sections and move later ones; returns old → new section values."""
        moves: dict[int, int] = {}
        shift = 0
        last = 0
        tops = self._tops()
        style = next((n.number for n in tops if n.number), "1") or "1"
        for node in tops:
            if node.original is None:
                shift += 1
                last += 1
                node.number, node.numbered = numbering.with_top(style, last), True
                for index, child in enumerate(self._subtree(node)[1:], start=1):
                    child.number, child.numbered = f"{last}.{index}", True
                continue
            label = self._section_label(node)
            value = numbering.top_value(label)
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
            number = node.number
            if not node.numbered and not node.fixed:  # a schedule's items keep their numbers
                number = numbering.renumber(node.number, moves)
            name = number or node.heading or ""
            if number and number.startswith("(") and node.parent and id(node.parent) in new_names:
                name = new_names[id(node.parent)] + number
            new_names[id(node)] = name
            old_text = node.before if original else None
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


def _child_number(section: str | None, like: str, index: int) -> str | None:
    """Sub-clause ``index`` of an inserted section, styled like ``like`` (``Section 4.01``).

    ``ARTICLE IV-A`` has sub-clauses ``4A.01``: the article's figure as the contract's
    sub-clauses write it, with its letter.
    """
    if not section:
        return None
    core = section.split()[-1]
    base, _, letter = core.partition("-")
    if not base[:1].isdigit():  # ARTICLE IV, ARTICLE TWO-A
        core = f"{numbering.top_value('ARTICLE ' + base) or base}{letter}"
    match = _SUB.match(like)
    pre, width = (match.group("pre"), len(match.group("last"))) if match else ("", 1)
    return f"{pre}{core}.{index:0{width}d}"
