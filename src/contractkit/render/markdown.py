"""A Markdown report of an extraction: parties, key terms with quotes, the clause outline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from contractkit.extraction import clause_names
from contractkit.terms.model import describe, term_title

if TYPE_CHECKING:
    from contractkit.clauses.model import Clause
    from contractkit.extraction import Extraction
    from contractkit.playbook.results import Revision, Scorecard

__all__ = [
    "clause_names",
    "describe",
    "extraction_markdown",
    "outline_numbers",
    "revision_markdown",
    "scorecard_markdown",
    "shorten",
    "term_title",
]


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, "..." marking the cut."""
    return text if len(text) <= width else text[: width - 3] + "..."


def extraction_markdown(extraction: Extraction) -> str:
    """The extraction as a Markdown report a person can read and check."""
    doc = extraction.document
    out = [f"# Contract summary: {doc.name}", ""]
    out.append(
        f"{doc.pages} page{'s' if doc.pages != 1 else ''}"
        + (f", {doc.ocr_pages} read by OCR" if doc.ocr_pages else "")
        + f", {sum(1 for c in extraction.clauses if c.kind == 'clause')} clauses."
    )
    if extraction.parties:
        out += ["", "## Parties", ""]
        out += [
            f"- **{p.name or '(name not given)'}**"
            + (f' ("{p.defined_as}")' if p.defined_as else "")
            + (f": {p.role}" if p.role else "")
            for p in extraction.parties
        ]
    if extraction.warnings:
        out += ["", "## Check these", ""] + [f"- {w}" for w in extraction.warnings]
    out += [
        "",
        "## Key terms",
        "",
        "| Term | Value | Page | Clause | Quote |",
        "|---|---|---|---|---|",
    ]
    numbers = clause_names(extraction)
    for term in extraction.terms:
        flag = " ⚠" if term.needs_review else ""
        quote = shorten(term.quote, 160)
        out.append(
            f"| {term_title(term)} | {describe(term.value)}{flag} | {term.page or '-'} "
            f"| {numbers.get(term.clause, '')} | {_cell(quote)} |"
        )
    out += ["", "## Clauses", ""]
    outline = outline_numbers(extraction.clauses)
    for clause in extraction.clauses:
        if clause.kind == "preamble":
            continue
        label, printed = outline[clause.id]
        title = " ".join(p for p in (label if printed else None, clause.heading) if p)
        shown = (f"*{_cell(label)}* " if not printed else "") + (
            f"**{_cell(title)}**" if title else ""
        )
        pages = f" p. {clause.pages[0]}" if clause.pages else ""
        labels = ", ".join(label.category.value for label in clause.labels)
        indent = "  " * (clause.level - 1)
        out.append(f"{indent}- {shown.strip()}{pages}" + (f": {labels}" if labels else ""))
    return "\n".join(out) + "\n"


_KIND_LABELS = {
    "preamble": "Preamble",
    "recitals": "Recitals",
    "signature": "Signature",
    "schedule": "Schedule",
}


def outline_numbers(clauses: Sequence[Clause]) -> dict[str, tuple[str, bool]]:
    """Per clause id, the number an outline shows and whether the contract printed it.

    A printed number is shown as it is. An unnumbered heading gets its place among the
    unnumbered clauses under the same parent (``1``, ``2``…), which an outline shows set apart
    from printed numbers, so that a reader can still point at it; recitals, the signature
    block and an unnumbered schedule are named by their kind. No clause is left with an empty
    or placeholder label (issue 14: "clause" used to stand in for every unnumbered heading).
    """
    labels: dict[str, tuple[str, bool]] = {}
    counts: dict[str | None, int] = {}
    for clause in clauses:
        if clause.number:
            labels[clause.id] = (clause.number, True)
        elif clause.kind in _KIND_LABELS:
            labels[clause.id] = (_KIND_LABELS[clause.kind], False)
        else:
            counts[clause.parent] = counts.get(clause.parent, 0) + 1
            labels[clause.id] = (str(counts[clause.parent]), False)
    return labels


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


_STATUS = {"ok": "OK", "weak": "WEAK", "missing": "MISSING", "n/a": "N/A"}


def scorecard_markdown(scorecard: Scorecard) -> str:
    """A Markdown scorecard: the score, then one row per position."""
    doc = scorecard.document
    lines = [
        f"# Review of {doc.name}",
        "",
        f"Playbook: {scorecard.playbook}. **Score: {scorecard.score:g} / 100** "
        f"({scorecard.count('ok')} OK, {scorecard.count('weak')} weak, "
        f"{scorecard.count('missing')} missing"
        + (f", {scorecard.count('n/a')} N/A" if scorecard.count("n/a") else "")
        + ").",
        *([f"Why this playbook: {scorecard.fit.reason}."] if scorecard.fit else []),
        "",
        "| Position | Status | Severity | Finding | Evidence |",
        "|---|---|---|---|---|",
    ]
    for f in scorecard.findings:
        evidence = "; ".join(
            f"{e.number}" + (f" (p. {e.page})" if e.page else "") + f": “{shorten(e.quote, 120)}”"
            for e in f.evidence[:2]
        )
        reason = "; ".join(f.reasons) if f.status != "ok" else "meets the playbook"
        lines.append(
            f"| {_cell(f.title)} | **{_STATUS[f.status]}** | {f.severity} | {_cell(reason)} "
            f"| {_cell(evidence) or '-'} |"
        )
    gaps = [f for f in scorecard.findings if f.status in ("weak", "missing")]
    if gaps:
        lines += ["", "## Why these matter", ""]
        lines += [f"- **{f.title}**: {f.rationale}" for f in gaps]
    if scorecard.warnings:
        lines += ["", "## Check by hand", ""] + [f"- {w}" for w in scorecard.warnings]
    return "\n".join(lines) + "\n"


def revision_markdown(revision: Revision) -> str:
    """The change summary: every change with its reason and rationale, before and after."""
    before = revision.before
    lines = [
        f"# Changes to {revision.title}",
        "",
        f"Original: {revision.document.name}. Playbook: {before.playbook} "
        f"(score before: {before.score:g} / 100).",
        "",
    ]
    edits = [c for c in revision.changes if c.kind != "renumbered"]
    moved = [c for c in revision.changes if c.kind == "renumbered"]
    lines.append(
        f"{len(edits)} change{'s' if len(edits) != 1 else ''} of substance"
        + (f", {len(moved)} clauses renumbered or re-referenced." if moved else ".")
    )
    for n, change in enumerate(edits, 1):
        where = f"new clause {change.clause} inserted"
        if change.kind == "replaced":
            kept = change.old_text and change.new_text.startswith(change.old_text)
            where = (
                f"added to clause {change.old_clause}"
                if kept
                else f"clause {change.old_clause} replaced"
            )
            if change.clause != change.old_clause:
                where += f" (now {change.clause})"
        lines += ["", f"## {n}. {change.title}", "", f"*{where.capitalize()}.*", ""]
        lines.append(f"- **Finding:** {change.reason}")
        lines.append(f"- **Why:** {change.rationale}")
        if change.old_text:
            lines.append(f"- **Before:** {change.old_text}")
        lines.append(f"- **After:** {change.new_text}")
    if moved:
        lines += ["", "## Renumbering and cross-references", ""]
        for change in moved:
            detail = (
                f"{change.old_clause} → {change.clause}"
                if change.old_clause != change.clause
                else f"{change.clause}: cross-references updated"
            )
            lines.append(f"- {detail}")
    if revision.warnings:
        lines += ["", "## Check by hand", ""] + [f"- {w}" for w in revision.warnings]
    lines += ["", "## Parameters used", ""]
    lines += [f"- `{k}` = {v}" for k, v in sorted(revision.params.items())]
    return "\n".join(lines) + "\n"
