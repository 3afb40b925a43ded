"""Key terms as ``extract`` returns them: a normalised value, its quote and where it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field

from contractkit.document.model import Region
from contractkit.terms.normalize import Duration, Money, Rate

__all__ = [
    "AmountCap",
    "FeesCap",
    "Flag",
    "Forum",
    "Indemnity",
    "Items",
    "Jurisdiction",
    "Party",
    "PartyNotice",
    "Perpetual",
    "Role",
    "Term",
    "TermName",
    "TermValue",
    "describe",
    "term_title",
]

#: ``provider`` performs the services (or licenses the software); ``client`` pays.
Role = Literal["provider", "client"]

TermName = Literal[
    "termination_notice",
    "renewal_notice",
    "cure_period",
    "initial_term",
    "renewal_term",
    "auto_renewal",
    "liability_cap",
    "liability_cap_exclusions",
    "consequential_damages_excluded",
    "indemnification",
    "payment_due",
    "late_payment",
    "suspension_for_nonpayment",
    "governing_law",
    "dispute_forum",
    "non_solicitation_period",
    "confidentiality_survival",
]


@dataclass(frozen=True, slots=True)
class Party:
    """A party as the contract names it.

    Attributes:
        name: The name as written (``"Northwind Studio Ltd"``).
        defined_as: The defined term the contract then uses (``"Client"``), if any.
        role: ``provider`` or ``client``; ``None`` when the contract does not tell.
    """

    name: str
    defined_as: str | None
    role: Role | None


@dataclass(frozen=True, slots=True)
class PartyNotice:
    """Notice one party (or ``either``) must give to terminate for convenience."""

    party: Literal["provider", "client", "either"]
    amount: int | float
    unit: Literal["days", "business_days", "months"]


@dataclass(frozen=True, slots=True)
class AmountCap:
    """A liability cap of a fixed amount."""

    amount: int | float
    currency: str | None
    kind: Literal["amount"] = "amount"


@dataclass(frozen=True, slots=True)
class FeesCap:
    """A liability cap as a multiple of the fees paid over ``months`` (``None``: all fees)."""

    multiple: int | float
    months: int | None
    kind: Literal["fees"] = "fees"


@dataclass(frozen=True, slots=True)
class Flag:
    """A yes/no term (auto-renewal, consequential damages excluded, suspension allowed)."""

    value: bool


@dataclass(frozen=True, slots=True)
class Items:
    """A set of things from a fixed vocabulary, sorted (e.g. what the cap does not cover)."""

    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Indemnity:
    """Who indemnifies (``by``) and for what (``for``: sorted, from a fixed vocabulary)."""

    by: Role
    for_: Annotated[tuple[str, ...], Field(serialization_alias="for")]


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """Whose law governs (``"England and Wales"``, ``"New York"``)."""

    jurisdiction: str


@dataclass(frozen=True, slots=True)
class Forum:
    """Where disputes are finally decided: ``courts`` or ``arbitration``, and the place."""

    method: Literal["courts", "arbitration"]
    place: str | None


@dataclass(frozen=True, slots=True)
class Perpetual:
    """An obligation without an end date."""

    perpetual: Literal[True] = True


TermValue = (
    PartyNotice
    | Duration
    | AmountCap
    | FeesCap
    | Flag
    | Items
    | Indemnity
    | Money
    | Rate
    | Jurisdiction
    | Forum
    | Perpetual
)


@dataclass(frozen=True, slots=True)
class Term:
    """One key term of the contract.

    Attributes:
        name: Which term (see :data:`TermName`).
        value: The normalised value.
        text: The words the value was read from (``"thirty (30) days' written notice"``).
        quote: The sentence that states the term.
        clause: ``id`` of the clause the sentence is in.
        start: Offset of ``text`` in ``Document.text``.
        end: Offset just past ``text``.
        page: Page number (1-based) of ``text``; ``None`` without pages.
        regions: Boxes of ``text`` on the page.
        confidence: Lowest OCR confidence (0-100) of the words in ``text``; ``None`` when
            they were not OCR'd.
        needs_review: A person should check the figure against the paper: it was read with
            low OCR confidence, or its words and digits disagree (``thirty (80) days``).
        review_reason: Why, when ``needs_review``.
    """

    name: TermName
    value: TermValue
    text: str
    quote: str
    clause: str
    start: int
    end: int
    page: int | None = None
    regions: tuple[Region, ...] = ()
    confidence: float | None = None
    needs_review: bool = False
    review_reason: str | None = None


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
    match value:
        case PartyNotice(party=party, amount=amount, unit=unit):
            return f"{Duration(amount, unit)} ({party} party)"
        case AmountCap(amount=amount, currency=currency):
            return str(Money(amount, currency))
        case FeesCap(multiple=multiple, months=months):
            times = "" if multiple == 1 else f"{multiple:g} × "
            period = f"paid in the {months} months before the claim" if months else "paid"
            return f"{times}fees {period}"
        case Flag(value=flag):
            return "yes" if flag else "no"
        case Items(items=items):
            return ", ".join(items) or "-"
        case Indemnity(by=by, for_=covered):
            return f"{by} indemnifies" + (f" for {', '.join(covered)}" if covered else "")
        case Jurisdiction(jurisdiction=jurisdiction):
            return jurisdiction
        case Forum(method=method, place=place):
            return f"{method} in {place}" if place else method
        case Perpetual():
            return "without end"
    return str(value)


def term_title(term: Term) -> str:
    """The human name of a term."""
    return _TERM_TITLES.get(term.name, term.name)
