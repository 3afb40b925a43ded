"""What review and revise return: findings, the scorecard, the revised clauses and changes.

These are plain frozen data with a versioned JSON schema; they sit below every writer
(``contractkit.render``), which turns them into Markdown, PDFs, Word files and annotated
copies.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Literal

from contractkit.clauses.model import ClauseKind
from contractkit.document.model import Region
from contractkit.extraction import DocumentInfo
from contractkit.playbook.model import Severity
from contractkit.terms.model import Party

__all__ = [
    "SCHEMA_VERSION",
    "Change",
    "ChangeKind",
    "ClauseStatus",
    "Evidence",
    "Finding",
    "Fit",
    "RevisedClause",
    "Revision",
    "Scorecard",
    "Status",
    "label_of",
    "scorecard_schema",
]

SCHEMA_VERSION = "1"

#: OK: the contract meets the position; WEAK: it has a clause that falls short; MISSING: none;
#: N/A: the position is not for this kind of contract (no change orders in a lease).
Status = Literal["ok", "weak", "missing", "n/a"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """A clause a finding rests on.

    Attributes:
        clause: The clause's ``id`` in the extraction.
        number: The clause as the contract cites it (``10.2``, ``15(c)``), or its heading.
        quote: Its text (up to 300 characters).
        page: First page it is on (``None`` for sources without pages).
        regions: Its boxes on the page, for highlighting.
    """

    clause: str
    number: str
    quote: str
    page: int | None
    regions: tuple[Region, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """How the contract stands on one position.

    Attributes:
        position: The position's id.
        title: What the position asks for.
        status: ``ok``, ``weak``, ``missing`` or ``n/a`` (not counted in the score).
        severity: The position's severity.
        required: Whether a revision must satisfy it.
        reasons: Why it is weak ("notice period 90 days; the playbook allows at most 30").
        rationale: Why the position matters.
        evidence: The clauses about it, best first.
        target: The clause a revision replaces (one that carries a failing term), if any.
        target_span: Where that term is in the document's text (start, end offsets), so a
            revision replaces its sentence and keeps the rest of the clause.
    """

    position: str
    title: str
    status: Status
    severity: Severity
    required: bool
    reasons: tuple[str, ...]
    rationale: str
    evidence: tuple[Evidence, ...]
    target: str | None = None
    target_span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Fit:
    """Which playbook a review used and why, so a reader of the JSON can judge the score.

    Attributes:
        kind: The kind of contract the document was read as (``lease``).
        confidence: How sure that reading is (0 to 1).
        side: The side the playbook takes (``tenant``), if it says.
        playbook: The shipped playbook's id (``tenant``), or the file it was read from.
        chosen: ``True`` when review picked the playbook, ``False`` when it was given.
        fits: Whether the playbook is for this kind of contract.
        reason: One sentence saying why this playbook ("shipped playbook for leases, ...").
    """

    kind: str
    confidence: float
    side: str | None
    playbook: str | None
    chosen: bool
    fits: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Scorecard:
    """The review of one contract against one playbook.

    Attributes:
        document: Which document.
        playbook: The playbook's name.
        score: 0 to 100, severity-weighted (see the module docs).
        findings: One per position, in playbook order.
        values: Parameters as the contract sets them where acceptable (``notice_days``),
            which a revision keeps.
        warnings: Things to check by hand (OCR confidence of a figure, a playbook for
            another kind of contract, …).
        fit: Which playbook and why: the document's kind, the side, whether they match.
    """

    document: DocumentInfo
    playbook: str
    score: float
    findings: tuple[Finding, ...]
    values: dict[str, int | float]
    warnings: tuple[str, ...] = ()
    fit: Fit | None = None
    schema_version: str = SCHEMA_VERSION

    def count(self, status: Status) -> int:
        """How many positions have this status."""
        return sum(1 for f in self.findings if f.status == status)

    @property
    def gaps(self) -> tuple[Finding, ...]:
        """Required positions that are WEAK or MISSING (N/A ones are no gap)."""
        return tuple(f for f in self.findings if f.required and f.status in ("weak", "missing"))

    def finding(self, position: str) -> Finding:
        """The finding for a position id; ``KeyError`` when there is none."""
        for finding in self.findings:
            if finding.position == position:
                return finding
        raise KeyError(position)

    def to_dict(self) -> dict[str, Any]:
        """The scorecard as JSON-ready data (see ``contractkit schema scorecard``)."""
        data: dict[str, Any] = _scorecard_adapter().dump_python(self, mode="json")
        return data

    def to_json(self, *, indent: int | None = None) -> str:
        """The scorecard as JSON text."""
        return str(_scorecard_adapter().dump_json(self, indent=indent).decode())


@functools.cache
def _scorecard_adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(Scorecard)


def scorecard_schema() -> dict[str, Any]:
    """The JSON Schema of :meth:`Scorecard.to_json` output."""
    schema: dict[str, Any] = _scorecard_adapter().json_schema(mode="serialization")
    schema["$id"] = f"https://contractkit.dev/schema/scorecard-{SCHEMA_VERSION}.json"
    return schema


ChangeKind = Literal["replaced", "inserted", "renumbered"]
ClauseStatus = Literal["kept", "renumbered", "replaced", "inserted"]


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
        warnings: What a person should check in the revision.
    """

    document: DocumentInfo
    title: str
    preamble: str
    parties: tuple[Party, ...]
    clauses: tuple[RevisedClause, ...]
    changes: tuple[Change, ...]
    params: dict[str, str | int | float]
    before: Scorecard
    warnings: tuple[str, ...] = ()
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        """The revision as JSON-ready data (see ``contractkit schema revision``)."""
        data: dict[str, Any] = _revision_adapter().dump_python(self, mode="json")
        return data

    def to_json(self, *, indent: int | None = None) -> str:
        """The revision as JSON text."""
        return str(_revision_adapter().dump_json(self, indent=indent).decode())

    @property
    def text(self) -> str:
        """The revised contract as plain text (numbers, headings, clause texts)."""
        lines = [self.title, "", self.preamble, ""]
        for clause in self.clauses:
            label = " ".join(p for p in (label_of(clause), clause.heading or "") if p)
            lines += [x for x in (label, clause.text) if x] + [""]
        return "\n".join(lines)


@functools.cache
def _revision_adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(Revision)


def label_of(clause: RevisedClause) -> str:
    """How a clause's number is printed: ``7.`` (and ``7A.``) for a bare section number."""
    number = clause.number or ""
    return f"{number}." if re.fullmatch(r"\d+[A-Z]?", number) else number
