"""``termination_notice``: a short, factual letter ending a contract on the right day.

The letter names the parties as the contract does, cites the clauses that allow termination
and govern notices, states the termination date computed from the contract's notice period,
says how it is delivered, and lists what happens next. It is built once as blocks and
written as PDF, Markdown or text. When the contract gives no notice period for the sender, or
several that differ, :class:`~contractkit.errors.NoticePeriodError` asks for one (issue 6).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from contractkit.exit import _contract as read
from contractkit.exit._delivery import Delivery, address_of, find_delivery
from contractkit.exit._render import Format, names_without_article, to_markdown, to_text, write
from contractkit.exit._steps import Fitted, Step, exit_steps, kind_of
from contractkit.exit.dates import effective_date
from contractkit.extraction import Extraction
from contractkit.render.pdf import Block, Bullets, Heading, Para, Run, Signatures
from contractkit.terms.model import Party
from contractkit.terms.normalize import Duration
from contractkit.types import Source, Target

__all__ = ["TerminationNotice", "termination_notice"]

#: Words that make a letter sound like a complaint; a reason using them gets a warning.
_CHARGED = re.compile(
    r"\b(?:rude|disrespect\w*|unacceptable|ridiculous|outrageous|terrible|awful|abusive|"
    r"toxic|insult\w*|incompeten\w*|liars?|lying|disgrace\w*|shameful|fed up|sick of)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class TerminationNotice:
    """A notice of termination, ready to write as PDF, Markdown or text.

    Attributes:
        title: The contract's title (``"Freelance Web Design Agreement"``).
        contract_date: The date the contract was made, as it writes it, if it does.
        sender: The party giving notice.
        recipient: The other party.
        date: The day the notice is given.
        effective_date: The day the contract ends: ``date`` plus the notice period.
        period: The notice period used.
        period_from: Clauses the period was read from (empty when it was given explicitly).
        termination_clauses: Clauses allowing the sender to terminate for convenience.
        delivery: How the notices clause says the notice is delivered, and to where.
        reason: The reason stated in the letter, if any.
        next_steps: What happens between now and after the termination date.
        warnings: What a person should check before sending.
        holidays: Whose public holidays business days skip, and why.
        citation: How the contract refers to its parts (``clause`` or ``Section``).
        sender_address: The sender's address from the contract's opening words.
        dates_us: Dates are written "April 2, 2025", as the contract writes them.
        kind: The kind of contract the next steps are fitted to (``services``, ``saas``,
            ``licence``, ``lease`` or ``other``).
        steps: The next steps with the clauses each cites and the sentences that say it.
    """

    title: str
    contract_date: str | None
    sender: Party
    recipient: Party
    date: dt.date
    effective_date: dt.date
    period: Duration
    period_from: tuple[str, ...]
    termination_clauses: tuple[str, ...]
    delivery: Delivery
    reason: str | None
    next_steps: tuple[str, ...]
    warnings: tuple[str, ...]
    holidays: read.HolidayRegion
    citation: str = "clause"
    sender_address: str | None = None
    dates_us: bool = False
    kind: Fitted = "services"
    steps: tuple[Step, ...] = ()

    @property
    def subject(self) -> str:
        """The letter's subject line."""
        dated = f" dated {self.contract_date}" if self.contract_date else ""
        return f"Notice of termination of the {self.title}{dated}"

    def _date(self, day: dt.date) -> str:
        return read.write_date(day, self.dates_us)

    def blocks(self) -> list[Block]:
        """The letter as blocks for :mod:`contractkit.render.pdf`."""
        s_term = self.sender.defined_as or read.name_of(self.sender)
        r_term = self.recipient.defined_as or read.name_of(self.recipient)
        dated = f" dated {self.contract_date}" if self.contract_date else ""
        cite = read.cite
        sender = "\n".join(p for p in (read.name_of(self.sender), self.sender_address) if p)
        recipient = [read.name_of(self.recipient), self.delivery.address or ""]
        if self.delivery.attention:
            recipient.append(f"For the attention of: {self.delivery.attention}")
        allowed = cite(self.period_from or self.termination_clauses, self.citation)
        under = f"In accordance with {allowed} of the Agreement, the" if allowed else "The"
        wording = read.notice_words(self.period)
        source = (
            _capital(f"{cite(self.period_from, self.citation)} requires {wording}")
            if self.period_from
            else f"The notice period is {self.period}"
        )
        body: list[Block] = [
            Heading("Notice of termination", 0),
            Para(sender, align="left"),
            Para(self._date(self.date), align="left"),
            Para("\n".join(p for p in recipient if p), align="left"),
            Para(
                [
                    Run(
                        _capital(" and ".join(map(self.delivery.label, self.delivery.methods))),
                        "bold",
                    )
                ],
                align="left",
            ),
            Para([Run(self.subject, "bold")], align="left"),
            Para("Dear Sir or Madam,", align="left"),
            Para(
                f"This notice concerns the {self.title}{dated} between {_named(self.sender)} and "
                f"{_named(self.recipient)} (the \u201cAgreement\u201d)."
            ),
            Para(
                f"{under} {s_term} gives the {r_term} notice of termination of the Agreement. "
                f"{source}; the Agreement will therefore terminate on "
                f"{self._date(self.effective_date)} (the \u201cTermination Date\u201d)."
                + (
                    f" Business days exclude weekends and public holidays ({self.holidays})."
                    if self.period.unit == "business_days"
                    else ""
                )
            ),
        ]
        if self.reason:
            body.append(Para(f"Reason for termination: {self.reason.strip().rstrip('.')}."))
        if self.delivery.clause:
            body.append(
                Para(
                    f"This notice is given under {cite([self.delivery.clause], self.citation)} "
                    f"of the Agreement (Notices) and is delivered {self.delivery.describe()}."
                )
            )
        body += [
            Heading("Next steps", 2),
            Bullets(list(self.next_steps)),
            Signatures(
                [read.name_of(self.sender)],
                lead=[
                    f"Please acknowledge receipt of this notice. The {s_term} remains available "
                    f"to agree the details of {_orderly(self.kind)}.",
                    "Yours faithfully,",
                ],
            ),
        ]
        bare = [p.name for p in (self.sender, self.recipient) if not p.defined_as and p.name]
        return names_without_article(body, bare)

    def to_markdown(self) -> str:
        """The letter as Markdown."""
        return to_markdown(self.blocks())

    def to_text(self) -> str:
        """The letter as plain text (78 columns)."""
        return to_text(self.blocks())

    def write(self, target: Target, /, *, format: Format | None = None) -> Format:
        """Write the letter atomically; the format comes from the suffix unless given.

        Raises:
            InvalidOptionError: The format cannot be told from ``target``.
            OutputError: The target cannot be written.
        """
        return write(
            target,
            self.blocks(),
            title=self.subject,
            footer=f"{read.name_of(self.sender)}: notice of termination",
            format=format,
        )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _named(party: Party) -> str:
    name = read.name_of(party)
    return f"{name} (the \u201c{party.defined_as}\u201d)" if party.defined_as else name


def _orderly(kind: Fitted) -> str:
    return {
        "lease": "the end of the lease and the handover of the keys",
        "saas": "the export of data and the end of the service",
        "licence": "the end of the licence",
    }.get(kind, "an orderly handover")


def termination_notice(
    contract: Extraction | Source,
    /,
    *,
    date: dt.date,
    reason: str | None = None,
    party: str = "provider",
    notice: Duration | None = None,
    via: Sequence[str] = (),
    country: str | None = None,
    subdivision: str | None = None,
    sender_name: str | None = None,
    recipient_name: str | None = None,
    kind: str | None = None,
) -> TerminationNotice:
    """Prepare a notice of termination for convenience.

    Args:
        contract: An :class:`~contractkit.Extraction`, or a contract to extract first.
        date: The day the notice is given (the notice period counts from it).
        reason: One factual sentence to state, if any; termination for convenience needs none.
        party: Who terminates: ``provider``, ``client``, or a party's defined term.
        notice: The notice period to use instead of the contract's (required when the
            contract gives none, or several that differ).
        via: Delivery methods (``hand``, ``courier``, ``post``, ``email``); by default a
            traceable physical method plus e-mail, as far as the notices clause allows.
        country: ISO 3166 code whose public holidays business days skip; by default the
            governing law's (``England and Wales``: GB-ENG, ``New York``: US-NY), else
            weekends only.
        subdivision: A state or nation within ``country`` (``SCT``, ``NY``).
        sender_name: The sender's name, when the contract gives only its role (``--from``).
        recipient_name: The recipient's name, likewise (``--to``).
        kind: The kind of contract the next steps are fitted to (``services``, ``saas``,
            ``licence``, ``lease``…); by default the kind ``extract`` read.

    Returns:
        The notice; ``write(target)`` renders it, ``warnings`` lists what to check by hand.

    Raises:
        NoticePeriodError: No single notice period for the sender and ``notice`` not given.
        InvalidOptionError: Unknown party, kind, country or delivery method, a method the
            notices clause does not allow, or parties the contract does not tell apart.
        InputError: ``contract`` is a source that cannot be read.
    """
    extraction = read.load(contract)
    who = read.sides(extraction, party, sender_name=sender_name, recipient_name=recipient_name)
    fitted = kind_of(extraction, kind)
    period, period_from, period_warnings = read.notice_period(extraction, who, notice)
    region = read.holiday_region(extraction, country, subdivision)
    effective = effective_date(date, period, country=region.country, subdivision=region.subdivision)
    delivery = find_delivery(extraction, who, via)
    steps = exit_steps(
        extraction, who, fitted, effective, country=region.country, subdivision=region.subdivision
    )
    citation = read.citation_word(extraction)
    warnings = [*who.warnings, *period_warnings, *delivery.warnings]
    termination = read.termination_clauses(extraction, who)
    if not termination and not period_from:
        warnings.append(
            f"no clause allowing the {who.sender_term} to terminate for convenience was found"
        )
    if period.unit == "business_days" and region.country is None:
        warnings.append("business days skip weekends only: give --country for public holidays")
    if reason and (charged := _CHARGED.search(reason)):
        warnings.append(
            f"the reason uses the charged word {charged.group()!r}: a factual reason is safer"
        )
    others = [p for p in extraction.parties if p.name != who.sender.name]
    pre = next((c.text for c in extraction.clauses if c.kind == "preamble"), "")
    return TerminationNotice(
        title=read.contract_title(extraction),
        contract_date=read.contract_date(extraction),
        sender=who.sender,
        recipient=who.recipient,
        date=date,
        effective_date=effective,
        period=period,
        period_from=period_from,
        termination_clauses=termination,
        delivery=delivery,
        reason=reason.strip() if reason and reason.strip() else None,
        next_steps=tuple(s.text for s in steps),
        warnings=tuple(warnings),
        holidays=region,
        citation=citation,
        sender_address=address_of(pre, who.sender, others),
        dates_us=read.us_dates(extraction),
        kind=fitted,
        steps=steps,
    )
