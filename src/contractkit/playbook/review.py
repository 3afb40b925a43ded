"""``contractkit.review``: score a contract against a playbook, position by position.

Each position gets a finding: OK, WEAK (a clause exists but a requirement fails, with the
reason in plain words) or MISSING (no clause is about it), with the clauses that are its
evidence (quote, page, boxes on the page). The overall score weighs each position by its
severity (high 3, medium 2, low 1; OK counts fully, WEAK half, MISSING nothing), so two
contracts can be compared on the same playbook.
"""

from __future__ import annotations

import functools
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from contractkit._io import check_target, input_paths, named_stream, read_source, refuse_input
from contractkit.clauses.model import Clause
from contractkit.document import ProgressCallback
from contractkit.document.model import Document, Region
from contractkit.errors import InvalidOptionError
from contractkit.extraction import DocumentInfo, Extraction, clause_names, extract
from contractkit.ocr import OcrOptions
from contractkit.playbook.model import (
    SEVERITY_WEIGHT,
    Playbook,
    Position,
    Requirement,
    Severity,
    default_playbook,
)
from contractkit.terms.model import FeesCap, Flag, Indemnity, PartyNotice, Term, describe
from contractkit.terms.normalize import Duration
from contractkit.types import Source, Target

__all__ = ["Evidence", "Finding", "Scorecard", "Status", "review", "scorecard_schema"]

SCHEMA_VERSION = "1"

#: OK: the contract meets the position; WEAK: it has a clause that falls short; MISSING: none.
Status = Literal["ok", "weak", "missing"]
_CREDIT = {"ok": 1.0, "weak": 0.5, "missing": 0.0}


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
        status: ``ok``, ``weak`` or ``missing``.
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
class Scorecard:
    """The review of one contract against one playbook.

    Attributes:
        document: Which document.
        playbook: The playbook's name.
        score: 0 to 100, severity-weighted (see the module docs).
        findings: One per position, in playbook order.
        values: Parameters as the contract sets them where acceptable (``notice_days``),
            which a revision keeps.
        warnings: Things to check by hand (OCR confidence of a figure, …).
    """

    document: DocumentInfo
    playbook: str
    score: float
    findings: tuple[Finding, ...]
    values: dict[str, int | float]
    warnings: tuple[str, ...] = ()
    schema_version: str = SCHEMA_VERSION

    def count(self, status: Status) -> int:
        """How many positions have this status."""
        return sum(1 for f in self.findings if f.status == status)

    @property
    def gaps(self) -> tuple[Finding, ...]:
        """Required positions that are WEAK or MISSING."""
        return tuple(f for f in self.findings if f.required and f.status != "ok")

    def finding(self, position: str) -> Finding:
        """The finding for a position id; ``KeyError`` when there is none."""
        for finding in self.findings:
            if finding.position == position:
                return finding
        raise KeyError(position)

    def to_dict(self) -> dict[str, Any]:
        """The scorecard as JSON-ready data (see ``contractkit schema scorecard``)."""
        data: dict[str, Any] = _adapter().dump_python(self, mode="json")
        return data

    def to_json(self, *, indent: int | None = None) -> str:
        """The scorecard as JSON text."""
        return str(_adapter().dump_json(self, indent=indent).decode())

    def to_markdown(self) -> str:
        """A Markdown report: score, then one row per position with reason and evidence."""
        from contractkit.render.markdown import scorecard_markdown

        return scorecard_markdown(self)


@functools.cache
def _adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(Scorecard)


def scorecard_schema() -> dict[str, Any]:
    """The JSON Schema of :meth:`Scorecard.to_json` output."""
    schema: dict[str, Any] = _adapter().json_schema(mode="serialization")
    schema["$id"] = f"https://contractkit.dev/schema/scorecard-{SCHEMA_VERSION}.json"
    return schema


def review(
    source: Source | Document | Extraction,
    /,
    *,
    playbook: Playbook | str | os.PathLike[str] | None = None,
    password: str | None = None,
    ocr: OcrOptions | bool = True,
    languages: Sequence[str] = ("eng",),
    cache: bool | str | os.PathLike[str] = True,
    progress: ProgressCallback | None = None,
    annotate: Target | None = None,
) -> Scorecard:
    """Score a contract against a playbook.

    Args:
        source: An :class:`Extraction`, a :class:`Document`, or anything
            :func:`contractkit.open` reads.
        playbook: A :class:`Playbook`, a playbook file, or ``None`` for the default
            service-provider playbook.
        password: Password of an encrypted PDF.
        ocr: OCR settings for scanned pages (``False``: never OCR).
        languages: Tesseract languages for OCR.
        cache: OCR cache, as for :func:`contractkit.open`.
        progress: Called with (pages done, pages total) while pages are OCR'd.
        annotate: Also write a copy of the contract with each finding marked on its clause:
            highlights and notes on a PDF (a scan is OCR'd into a searchable copy first),
            comments in a Word file. Needs a PDF, image or DOCX source.

    Raises:
        PlaybookError: The playbook file is invalid.
        InputError: The source cannot be read.
        InvalidOptionError: ``annotate`` with a text or Markdown source.
        OutputError: The annotated copy cannot be written.
    """
    book = load_playbook(playbook)
    data = None
    if annotate is not None:
        if isinstance(source, Document | Extraction):
            raise ValueError("annotate needs the source itself (a path, bytes or file)")
        refuse_input(annotate, input_paths(source, playbook))  # issue 18
        check_target(annotate)
        read = read_source(source)
        data = read.data
        source = named_stream(read)  # the scorecard names the file, not "<bytes>"
    extraction = as_extraction(
        source, password=password, ocr=ocr, languages=languages, cache=cache, progress=progress
    )
    names = clause_names(extraction)
    findings = []
    values: dict[str, int | float] = {}
    for position in book.positions:
        finding, found = _judge(position, extraction, names)
        findings.append(finding)
        values.update(found)
    weights = [SEVERITY_WEIGHT[f.severity] for f in findings]
    earned = sum(w * _CREDIT[f.status] for w, f in zip(weights, findings, strict=True))
    score = round(100 * earned / sum(weights), 1) if weights else 100.0
    scorecard = Scorecard(
        extraction.document,
        book.name,
        score,
        tuple(findings),
        values,
        (*extraction.document.warnings, *extraction.warnings),
    )
    if annotate is not None and data is not None:
        _annotate(data, extraction, scorecard, annotate, password, languages)
    return scorecard


def _annotate(
    data: bytes,
    extraction: Extraction,
    scorecard: Scorecard,
    target: Target,
    password: str | None,
    languages: Sequence[str],
) -> None:
    """Highlight the findings on the PDF the boxes refer to (OCR's copy for a scan)."""
    from contractkit.ocr import ocr as run_ocr
    from contractkit.render.annotate import annotate_pdf

    info = extraction.document
    if info.format == "docx":
        from contractkit.render.annotate import annotate_docx

        annotate_docx(data, extraction, scorecard, target)
        return
    if info.format not in ("pdf", "image"):
        raise InvalidOptionError(
            f"{info.name}: cannot annotate a {info.format} file",
            hint="annotation marks up a PDF, a scanned image or a Word file",
        )
    pdf = data
    if info.ocr_pages or info.format == "image":
        searchable = io.BytesIO()
        run_ocr(data, searchable, languages=languages, password=password)
        pdf = searchable.getvalue()
    annotate_pdf(pdf, scorecard, target)


def load_playbook(playbook: Playbook | str | os.PathLike[str] | None) -> Playbook:
    """A playbook object from what the API accepts (``None``: the default)."""
    if playbook is None:
        return default_playbook()
    if isinstance(playbook, Playbook):
        return playbook
    return Playbook.load(Path(playbook))


def as_extraction(source: Source | Document | Extraction, /, **options: Any) -> Extraction:
    """``source`` extracted (an extraction is used as it is)."""
    if isinstance(source, Extraction):
        return source
    return extract(source, **options)


def _judge(
    position: Position, extraction: Extraction, names: dict[str, str]
) -> tuple[Finding, dict[str, int | float]]:
    """The finding for one position, and the parameter values the contract sets."""
    about = _about(position, extraction)
    reasons: list[str] = []
    values: dict[str, int | float] = {}
    target = None
    span = None
    for requirement in position.requirements:
        if requirement.term is not None:
            terms = [t for t in extraction.terms if t.name == requirement.term]
            for term in terms:
                about.setdefault(term.clause, extraction.clause(term.clause))
            failure, value, culprit = _check_term(requirement, terms)
            if failure is None and value is not None and requirement.sets:
                values[requirement.sets] = value
            if culprit and target is None and failure:
                target, span = culprit.clause, (culprit.start, culprit.end)
        else:
            pattern = re.compile(requirement.pattern or "", re.IGNORECASE)
            matched = any(pattern.search(_flat(c.text)) for c in about.values())
            failure = None if matched else requirement.reason or f"no clause matches {pattern}"
        if failure:
            reasons.append(failure)
    status: Status = "missing" if not about else "weak" if reasons else "ok"
    if status == "missing":
        reasons = ["no clause about this"]
    # The clauses carrying the checked terms come first: they are what the finding is about.
    names_checked = {r.term for r in position.requirements}
    checked = {t.clause for t in extraction.terms if t.name in names_checked}
    ordered = sorted(about.values(), key=lambda c: c.id not in checked)
    evidence = tuple(_evidence(c, names) for c in ordered)
    finding = Finding(
        position.id,
        position.title,
        status,
        position.severity,
        position.required,
        tuple(reasons),
        position.rationale,
        evidence,
        target,
        span,
    )
    return finding, values


def _about(position: Position, extraction: Extraction) -> dict[str, Clause]:
    """The clauses a position is about, in reading order: by category or by pattern."""
    types = position.clause_types
    patterns = [re.compile(p, re.IGNORECASE) for p in position.find]
    return {
        c.id: c
        for c in extraction.clauses
        if c.kind == "clause"
        and (
            any(label.category in types for label in c.labels)
            or any(p.search(_flat(c.text)) for p in patterns)
        )
    }


def _check_term(
    requirement: Requirement, terms: list[Term]
) -> tuple[str | None, int | float | None, Term | None]:
    """(why it fails or ``None``, the value to keep, the term that fails)."""
    name = requirement.term or ""
    if requirement.party:
        terms = [
            t
            for t in terms
            if isinstance(t.value, PartyNotice) and t.value.party in (requirement.party, "either")
        ]
        if not terms:
            return f"no {name.replace('_', ' ')} for the {requirement.party}", None, None
    if not terms:
        words = _TERM_WORDS.get(name, name.replace("_", " "))
        return (
            requirement.reason
            if "{" not in (requirement.reason or "{")
            else (f"the contract sets no {words}"),
            None,
            None,
        )
    if requirement.parties:
        givers = {t.value.by for t in terms if isinstance(t.value, Indemnity)}
        lacking = [p for p in requirement.parties if p not in givers]
        if lacking:
            found = f"only the {' and '.join(sorted(givers)) or 'no party'} indemnifies"
            return _reason(requirement, found, ""), None, None
        return None, None, None
    # Every term is checked: a contract that gives two periods is as weak as its worst one.
    checked = [_check_value(requirement, name, term) for term in terms]
    return next((c for c in checked if c[0] is not None), checked[0])


def _check_value(
    requirement: Requirement, name: str, term: Term
) -> tuple[str | None, int | float | None, Term | None]:
    value = term.value
    if requirement.value is not None:
        ok = isinstance(value, Flag) and value.value == requirement.value
        return (None if ok else _reason(requirement, describe(value), "")), None, term
    if requirement.max_days is not None:
        days = _days(value)
        if days is None:
            return None, None, None
        limit = f"{requirement.max_days:g} days"
        if days > requirement.max_days:
            return _reason(requirement, _found(name, value), limit), None, term
        return None, _whole(getattr(value, "amount", days)), term
    if requirement.max_months is not None and isinstance(value, FeesCap):
        months = value.months * value.multiple if value.months else None
        limit = f"{requirement.max_months:g} months' fees"
        if months is None or months > requirement.max_months:
            return _reason(requirement, f"cap of {describe(value)}", limit), None, term
        return None, _whole(months), term
    return None, None, term


def _reason(requirement: Requirement, found: str, limit: str) -> str:
    return (requirement.reason or "{found}").format(found=found, limit=limit)


_TERM_WORDS = {
    "termination_notice": "notice period",
    "cure_period": "cure period",
    "payment_due": "payment period",
    "renewal_notice": "renewal notice",
    "liability_cap": "liability cap",
    "late_payment": "late-payment interest or fee",
    "indemnification": "indemnity",
}


def _found(name: str, value: object) -> str:
    words = _TERM_WORDS.get(name, name.replace("_", " "))
    if isinstance(value, PartyNotice):
        return f"{words} {Duration(value.amount, value.unit)}"
    return str(value)


def _days(value: object) -> float | None:
    """A period in days for comparing (business days as 7/5 calendar days)."""
    if isinstance(value, PartyNotice):
        value = Duration(value.amount, value.unit)
    if not isinstance(value, Duration):
        return None
    return value.approx_days * (7 / 5 if value.unit == "business_days" else 1)


def _whole(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


def _evidence(clause: Clause, names: dict[str, str]) -> Evidence:
    text = _flat(clause.text)
    quote = text if len(text) <= 300 else text[:297] + "..."
    page = clause.pages[0] if clause.pages else None
    return Evidence(clause.id, names.get(clause.id, clause.id), quote, page, clause.regions)


def _flat(text: str) -> str:
    return " ".join(text.split())
