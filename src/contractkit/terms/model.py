"""Key terms as ``extract`` returns them: a normalised value, its quote and where it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field

from contractkit.document.model import Region
from contractkit.terms.normalize import Duration, MarginRate, Money, Rate

__all__ = [
    "AmountCap",
    "Dated",
    "DefinedCap",
    "FeesCap",
    "Flag",
    "Forum",
    "Indemnity",
    "Items",
    "Jurisdiction",
    "Party",
    "PartyNotice",
    "Perpetual",
    "Relative",
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
    "agreement_date",
    "effective_date",
    "expiration_date",
]


@dataclass(frozen=True, slots=True)
class Party:
    """A party as the contract names it.

    Attributes:
        name: The name as written (``"Northwind Studio Ltd"``); ``None`` when the text
            names the party only by its role (standard terms whose names are on a cover
            page the text does not carry: "Provider", "Customer").
        defined_as: The defined term the contract then uses (``"Client"``, ``"Landlord"``,
            ``"Borrower"``), if any: the party's role in this kind of contract.
        role: The side, ``provider`` (performs, supplies, licenses, lends, lets) or
            ``client`` (pays, receives); ``None`` when the contract does not tell.
    """

    name: str | None
    defined_as: str | None
    role: Role | None

    @property
    def display_name(self) -> str:
        """The name, else the defined term: what a letter or a signature block can print."""
        return self.name or self.defined_as or "the other party"


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
class DefinedCap:
    """A liability cap stated as a defined term ("the General Cap Amount").

    Attributes:
        defined_as: The defined term.
        amount: Its amount, when the contract's own text defines it.
        currency: The amount's currency.
        defined_in: Where the text says the amount is set ("Cover Page", "Order Form") when
            that document is not part of it; a cap defined elsewhere is not "no cap".
    """

    defined_as: str
    amount: int | float | None
    currency: str | None
    defined_in: str | None
    kind: Literal["defined"] = "defined"


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


@dataclass(frozen=True, slots=True)
class Dated:
    """A calendar date (the contract's date, when it takes effect, when it ends)."""

    date: dt.date


@dataclass(frozen=True, slots=True)
class Relative:
    """A date the contract gives only relative to an event: 5 years after the Effective Date.

    Attributes:
        after: How long after the event.
        event: The event as the contract names it (``"the Effective Date"``).
    """

    after: Duration
    event: str


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
    | MarginRate
    | Jurisdiction
    | Forum
    | Perpetual
    | DefinedCap
    | Dated
    | Relative
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
    "agreement_date": "Date of the agreement",
    "effective_date": "Takes effect",
    "expiration_date": "Ends",
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
        case DefinedCap(defined_as=term, amount=amount, currency=currency, defined_in=where):
            if amount is not None:
                return f"{Money(amount, currency)} (the {term})"
            return f"the {term}, defined in the {where}" if where else f"the {term}"
        case Dated(date=day):
            return day.isoformat()
        case Relative(after=after, event=event):
            return f"{after} after {event}"
    return str(value)


def term_title(term: Term) -> str:
    """The human name of a term."""
    return _TERM_TITLES.get(term.name, term.name)
