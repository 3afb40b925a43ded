"""``contractkit.revise``: the contract rewritten to meet the playbook, with every change listed.

Weak clauses are replaced by the playbook's text and missing ones inserted where they belong
(as the last sub-clause of the related section, or as a new section after a related one).
Everything else keeps its words; when a section is inserted, later sections are renumbered
and cross-references follow. The result (:class:`Revision`) is plain data the renderers turn
into a typeset PDF, a redline, a Word file with tracked changes and a change summary.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from contractkit.clauses.model import Clause, ClauseKind
from contractkit.document import ProgressCallback
from contractkit.document.model import Document
from contractkit.errors import InvalidOptionError
from contractkit.extraction import DocumentInfo, Extraction, clause_names
from contractkit.ocr import OcrOptions
from contractkit.playbook import _numbering as numbering
from contractkit.playbook.model import Playbook, Position
from contractkit.playbook.review import Finding, Scorecard, as_extraction, load_playbook, review
from contractkit.plugins import Renderer, renderer_named
from contractkit.terms.model import Party
from contractkit.types import Source, Target

__all__ = ["Change", "RevisedClause", "Revision", "revise"]

ChangeKind = Literal["replaced", "inserted", "renumbered"]
ClauseStatus = Literal["kept", "renumbered", "replaced", "inserted"]
_DROPPED_KINDS = frozenset({"preamble", "signature"})
_BOILERPLATE = re.compile(r"(?i)general|miscellaneous|boilerplate")


@dataclass(frozen=True, slots=True)
class RevisedClause:
    """One clause of the revised contract.

    Attributes:
        number: Its number in the revision (``None`` when unnumbered).
        heading: Its heading, if any.
        text: Its text without number and heading; paragraphs separated by blank lines.
        level: Depth, 1 for sections.
        kind: As in the extraction (``clause``, ``definitions``, ``recitals``, ``schedule``).
        status: ``kept`` (word for word), ``renumbered`` (number or references changed),
            ``replaced`` or ``inserted``.
        original: The clause's ``id`` in the extraction (``None`` for inserted clauses).
        old_number: Its number before the revision.
        old_text: Its text before the revision (``None`` for inserted clauses).
        position: The playbook position that changed it.
    """

    number: str | None
    heading: str | None
    text: str
    level: int
    kind: ClauseKind
    status: ClauseStatus = "kept"
    original: str | None = None
    old_number: str | None = None
    old_text: str | None = None
    position: str | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """One change, as the summary lists it.

    Attributes:
        kind: ``replaced``, ``inserted`` or ``renumbered``.
        clause: The clause as the revision cites it.
        old_clause: The clause as the original cited it (``None`` when inserted).
        position: The playbook position behind it (``None`` for renumbering).
        title: The position's title, or what was renumbered.
        reason: What the review found ("notice period 90 days; …").
        rationale: Why the position matters.
        old_text: The text before.
        new_text: The text after.
    """

    kind: ChangeKind
    clause: str
    old_clause: str | None
    position: str | None
    title: str
    reason: str
    rationale: str
    old_text: str | None
    new_text: str


@dataclass(frozen=True, slots=True)
class Revision:
    """A contract revised against a playbook.

    Attributes:
        document: The original document.
        title: The contract's title.
        preamble: The parties paragraph(s), as in the original.
        parties: The parties (for the signature block).
        clauses: The revised clauses in order.
        changes: Every change with its rationale.
        params: The parameter values the new texts used.
        before: The review of the original.
        outputs: Files written.
        warnings: What a person should know about the outputs (a Word file that could not
            be edited in place, for instance).
    """

    document: DocumentInfo
    title: str
    preamble: str
    parties: tuple[Party, ...]
    clauses: tuple[RevisedClause, ...]
    changes: tuple[Change, ...]
    params: dict[str, str | int | float]
    before: Scorecard
    outputs: tuple[str, ...] = field(default=())
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The revision as JSON-ready data."""
        data: dict[str, Any] = _adapter().dump_python(self, mode="json")
        return data

    def to_json(self, *, indent: int | None = None) -> str:
        """The revision as JSON text."""
        return str(_adapter().dump_json(self, indent=indent).decode())

    def to_markdown(self) -> str:
        """The change summary in Markdown: every change, why, and the text before and after."""
        from contractkit.render.markdown import revision_markdown

        return revision_markdown(self)

    @property
    def text(self) -> str:
        """The revised contract as plain text (numbers, headings, clause texts)."""
        lines = [self.title, "", self.preamble, ""]
        for clause in self.clauses:
            label = " ".join(p for p in (label_of(clause), clause.heading or "") if p)
            lines += [x for x in (label, clause.text) if x] + [""]
        return "\n".join(lines)


@functools.cache
def _adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(Revision)


def label_of(clause: RevisedClause) -> str:
    """How a clause's number is printed: ``7.`` for a bare section number, else as it is."""
    from contractkit.render.revision import label_of_number

    return label_of_number(clause.number)


def revise(
    source: Source | Document | Extraction,
    output: Target | None = None,
    /,
    *,
    playbook: Playbook | str | os.PathLike[str] | None = None,
    redline: Target | None = None,
    summary: Target | None = None,
    docx: Target | None = None,
    fallback: bool = False,
    renderer: Renderer | str = "pdf",
    password: str | None = None,
    ocr: OcrOptions | bool = True,
    languages: Sequence[str] = ("eng",),
    cache: bool | str | os.PathLike[str] = True,
    progress: ProgressCallback | None = None,
    **params: str | int | float,
) -> Revision:
    """Revise a contract to meet a playbook and write the revised PDF and its companions.

    Args:
        source: An :class:`Extraction`, a :class:`Document`, or anything
            :func:`contractkit.open` reads (PDF, scan, DOCX, text).
        output: Where to write the revised contract (``None``: write nothing); a PDF unless
            ``renderer`` says otherwise.
        playbook: A :class:`Playbook`, a playbook file, or ``None`` for the default.
        redline: Where to write the redline PDF (deletions struck through in red,
            insertions underlined in blue).
        summary: Where to write the Markdown change summary.
        docx: Where to write a Word file with the changes as tracked changes: for a DOCX
            source, the source itself with its styles and numbering, when every changed
            clause can be found in it; otherwise a new document.
        fallback: Use the positions' fallback texts (a second negotiating round).
        renderer: What writes ``output``: a :class:`contractkit.plugins.Renderer`, or the
            name of one installed (``"pdf"``, ``"docx"``, or a plug-in's).
        password: Password of an encrypted PDF.
        ocr: OCR settings for scanned pages (``False``: never OCR).
        languages: Tesseract languages for OCR.
        cache: OCR cache, as for :func:`contractkit.open`.
        progress: Called with (pages done, pages total) while pages are OCR'd.
        **params: Override the playbook's parameters (``notice_days=14``) and the names the
            texts use (``provider="Studio"``).

    Raises:
        InvalidOptionError: A parameter the playbook does not know; no renderer of that name.
        PlaybookError: The playbook file is invalid.
        InputError: The source cannot be read.
        OutputError: An output cannot be written.
    """
    from contractkit._io import check_target, named_stream, read_source

    for target in (output, redline, summary, docx):
        if target is not None:
            check_target(target)
    if isinstance(renderer, str):
        renderer = renderer_named(renderer)
    original = None
    if docx is not None and not isinstance(source, Document | Extraction):
        read = read_source(source)
        original, source = read.data, named_stream(read)  # read once: a stream reads once
    book = load_playbook(playbook)
    extraction = as_extraction(
        source, password=password, ocr=ocr, languages=languages, cache=cache, progress=progress
    )
    before = review(extraction, playbook=book)
    values = _parameters(book, extraction, before, params)
    revision = _Reviser(book, extraction, before, values, fallback).revise()
    if extraction.document.format != "docx":
        original = None
    written, notes = _write(revision, renderer, output, redline, summary, docx, original)
    return Revision(**{**_fields(revision), "outputs": written, "warnings": notes})


def _fields(revision: Revision) -> dict[str, Any]:
    return {name: getattr(revision, name) for name in Revision.__dataclass_fields__}


def _write(
    revision: Revision,
    renderer: Renderer,
    output: Target | None,
    redline: Target | None,
    summary: Target | None,
    docx: Target | None,
    original: bytes | None,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from contractkit._io import atomic_output
    from contractkit.render.revision import write_docx, write_redline

    written, notes = [], []
    if output is not None:
        renderer.render(revision, output)
        written.append(str(output))
    if redline is not None:
        write_redline(revision, redline)
        written.append(str(redline))
    if docx is not None:
        note = write_docx(revision, docx, original=original)
        notes += [note] if note else []
        written.append(str(docx))
    if summary is not None:
        with atomic_output(summary, suffix=".md") as tmp:
            tmp.write_text(revision.to_markdown(), encoding="utf-8")
        written.append(str(summary))
    return tuple(w for w in written if not w.startswith("<")), tuple(notes)


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
        "provider": roles.get("provider", "the Provider"),
        "client": roles.get("client", "the Client"),
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
                _own_text(clause),
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
            if finding.status != "ok":
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
                    span = _sentence_matching(node.original, patterns)
                    if span is not None:
                        target = node
                        break
        if target is not None and target.original is not None and not target.replaced:
            target.text = _with_sentence_replaced(target.original, span, text)
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

    def _children(self, node: _Node) -> list[_Node]:
        return [n for n in self.nodes if n.parent is node]

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
            old_text = _own_text(original) if original else None
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
        and (clauses[end - 1].kind == "clause" and not _own_text(clauses[end - 1]))
    ):
        end -= 1
    schedules = next(
        (i for i in range(signature, len(clauses)) if clauses[i].kind == "schedule"), len(clauses)
    )
    kept = [*clauses[:end], *clauses[schedules:]]
    return [c for c in kept if c.kind not in _DROPPED_KINDS]


def _own_text(clause: Clause) -> str:
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


def _sentence_matching(clause: Clause, patterns: list[re.Pattern[str]]) -> tuple[int, int] | None:
    for start, end in _sentences(clause):
        text = clause.text[start - clause.start : end - clause.start]
        if any(p.search(" ".join(text.split())) for p in patterns):
            return start, end
    return None


def _with_sentence_replaced(clause: Clause, span: tuple[int, int] | None, new: str) -> str:
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
    own = _own_text(replace(clause, text=head + "\u0000" + clause.text[end:]))
    return own.replace("\u0000", new) if "\u0000" in own else new


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
