"""``contractkit.review``: score a contract against a playbook, position by position.

Each position gets a finding: OK, WEAK (a clause exists but a requirement fails, with the
reason in plain words), MISSING (no clause is about it) or N/A (the position is not for this
kind of contract), with the clauses that are its evidence (quote, page, boxes on the page).
The overall score weighs each position by its severity (high 3, medium 2, low 1; OK counts
fully, WEAK half, MISSING nothing, N/A not at all), so two contracts can be compared on the
same playbook. Which playbook, and why, is on the scorecard (``fit``; see ``_fit``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from contractkit.clauses.model import Clause
from contractkit.document import ReadOptions
from contractkit.document.model import Document
from contractkit.extraction import Extraction, clause_names, extract
from contractkit.playbook._fit import Chosen, fit_playbook, kind_words
from contractkit.playbook.model import (
    SEVERITY_WEIGHT,
    SHIPPED,
    SIDE_ROLE,
    Playbook,
    Position,
    Requirement,
    default_playbook,
    shipped_playbook,
)
from contractkit.playbook.results import Evidence, Finding, Scorecard, Status
from contractkit.terms.model import FeesCap, Flag, Indemnity, PartyNotice, Term, describe
from contractkit.terms.normalize import Duration
from contractkit.types import Source

__all__ = ["as_extraction", "load_playbook", "review", "score"]

_CREDIT = {"ok": 1.0, "weak": 0.5, "missing": 0.0}


def review(
    source: Source | Document | Extraction,
    /,
    *,
    playbook: Playbook | str | os.PathLike[str] | None = None,
    side: str | None = None,
    force: bool = False,
    read: ReadOptions | None = None,
) -> Scorecard:
    """Score a contract against a playbook.

    Args:
        source: An :class:`Extraction`, a :class:`Document`, or anything
            :func:`contractkit.open` reads.
        playbook: A :class:`Playbook`, a playbook file, a shipped playbook's id
            (``vendor``), or ``None`` for the shipped playbook that fits the contract's kind
            and ``side``.
        side: Whose side to take (``provider``, ``client``, ``vendor``, ``tenant``…) when
            picking the playbook; ``None``: the usual one for the kind (a lease: tenant).
        force: Review a document that does not read as a contract.
        read: How to read the source (password, OCR, languages, cache, progress), as
            for :func:`contractkit.open`; the defaults when ``None``.

    Returns:
        The scorecard; :func:`contractkit.annotate` marks it on a copy of the contract,
        :func:`contractkit.write` writes it as Markdown or JSON.

    Raises:
        PlaybookError: The playbook file is invalid.
        InputError: The source cannot be read.
        NotAContractError: The document is not a contract (and ``force`` is off).
        InvalidOptionError: An unknown side, or no shipped playbook for that side.
    """
    book = load_playbook(playbook) if playbook is not None else None
    extraction = as_extraction(source, read=read)
    return score(extraction, fit_playbook(extraction, book, side=side, force=force))


def score(extraction: Extraction, chosen: Chosen) -> Scorecard:
    """The scorecard of an extraction against the playbook :func:`fit_playbook` chose."""
    names = clause_names(extraction)
    findings = []
    values: dict[str, int | float] = {}
    for position in chosen.book.positions:
        kind = chosen.kind
        if kind is not None and position.applies_to and kind not in position.applies_to:
            findings.append(_not_applicable(position, kind))
            continue
        finding, found = _judge(position, extraction, names)
        findings.append(finding)
        values.update(found)
    counted = [f for f in findings if f.status != "n/a"]
    weights = [SEVERITY_WEIGHT[f.severity] for f in counted]
    earned = sum(w * _CREDIT[f.status] for w, f in zip(weights, counted, strict=True))
    total = round(100 * earned / sum(weights), 1) if weights else 100.0
    return Scorecard(
        extraction.document,
        chosen.book.name,
        total,
        tuple(findings),
        values,
        (*extraction.document.warnings, *extraction.warnings, *chosen.warnings),
        chosen.fit,
    )


def _not_applicable(position: Position, kind: str) -> Finding:
    return Finding(
        position.id,
        position.title,
        "n/a",
        position.severity,
        position.required,
        (f"does not apply to {kind_words(kind)}",),
        position.rationale,
        (),
    )


def load_playbook(playbook: Playbook | str | os.PathLike[str] | None) -> Playbook:
    """A playbook from what the API accepts: a file, a shipped id (``tenant``) or ``None``."""
    if playbook is None:
        return default_playbook()
    if isinstance(playbook, Playbook):
        return playbook
    path = Path(playbook)
    # a shipped playbook by id ("vendor"), unless a file of that name is there
    if str(playbook) in (*SHIPPED, "default") and not path.exists():
        return shipped_playbook(str(playbook))
    return Playbook.load(path)


def as_extraction(
    source: Source | Document | Extraction, /, *, read: ReadOptions | None = None
) -> Extraction:
    """``source`` extracted (an extraction is used as it is)."""
    if isinstance(source, Extraction):
        return source
    return extract(source, read=read)


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
        role = SIDE_ROLE[requirement.party]
        terms = [
            t
            for t in terms
            if isinstance(t.value, PartyNotice) and t.value.party in (role, "either")
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
        lacking = [p for p in requirement.parties if SIDE_ROLE[p] not in givers]
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
