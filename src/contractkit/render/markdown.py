"""A Markdown report of an extraction: parties, key terms with quotes, the clause outline."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from contractkit.extraction import Extraction
    from contractkit.terms.model import Term, TermValue

__all__ = ["clause_names", "describe", "extraction_markdown", "shorten", "term_title"]

_TERM_TITLES = {
    "termination_notice": "Notice to terminate for convenience",
    "renewal_notice": "Notice to prevent renewal",
    "cure_period": "Cure period",
    "initial_term": "Initial term",
    "renewal_term": "Renewal term",
    "auto_renewal": "Automatic renewal",
    "liability_cap": "Liability cap",
    "liability_cap_exclusions": "Not covered by the cap",
    "consequential_damages_excluded": "Consequential damages excluded",
    "indemnification": "Indemnity",
    "payment_due": "Payment due",
    "late_payment": "Late payment",
    "suspension_for_nonpayment": "Work may be suspended if unpaid",
    "governing_law": "Governing law",
    "dispute_forum": "Disputes decided by",
    "non_solicitation_period": "Non-solicitation after the end",
    "confidentiality_survival": "Confidentiality lasts",
}


def describe(value: TermValue) -> str:
    """A term value in a few plain words ("30 days, either party", "12 months' fees")."""
    from contractkit.terms import model
    from contractkit.terms.normalize import Duration, Money

    match value:
        case model.PartyNotice(party=party, amount=amount, unit=unit):
            return f"{Duration(amount, unit)} ({party} party)"
        case model.AmountCap(amount=amount, currency=currency):
            return str(Money(amount, currency))
        case model.FeesCap(multiple=multiple, months=months):
            times = "" if multiple == 1 else f"{multiple:g} × "
            period = f"paid in the {months} months before the claim" if months else "paid"
            return f"{times}fees {period}"
        case model.Flag(value=flag):
            return "yes" if flag else "no"
        case model.Items(items=items):
            return ", ".join(items) or "-"
        case model.Indemnity(by=by, for_=covered):
            return f"{by} indemnifies" + (f" for {', '.join(covered)}" if covered else "")
        case model.Jurisdiction(jurisdiction=jurisdiction):
            return jurisdiction
        case model.Forum(method=method, place=place):
            return f"{method} in {place}" if place else method
        case model.Perpetual():
            return "without end"
    return str(value)


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, "..." marking the cut."""
    return text if len(text) <= width else text[: width - 3] + "..."


def clause_names(extraction: Extraction) -> dict[str, str]:
    """How a report names each clause: its number, else its heading, else its id.

    Items are named with their parent's number, as contracts cite them: ``15(c)``.
    """
    names: dict[str, str] = {}
    numbered: set[str] = set()
    for c in extraction.clauses:  # parents come before their children
        name = c.number or c.heading or c.id
        if c.number and c.number.startswith("(") and c.parent in numbered:
            name = names[c.parent] + name
        if c.number:
            numbered.add(c.id)
        names[c.id] = name
    return names


def term_title(term: Term) -> str:
    """The human name of a term."""
    return _TERM_TITLES.get(term.name, term.name)


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
            f"- **{p.name}**"
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
    for clause in extraction.clauses:
        if clause.kind == "preamble":
            continue
        title = " ".join(p for p in (clause.number, clause.heading) if p) or clause.kind
        pages = f"p. {clause.pages[0]}" if clause.pages else ""
        labels = ", ".join(label.category.value for label in clause.labels)
        indent = "  " * (clause.level - 1)
        out.append(f"{indent}- **{_cell(title)}** {pages}" + (f": {labels}" if labels else ""))
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
