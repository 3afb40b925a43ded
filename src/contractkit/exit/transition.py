"""``transition_plan``: a handover checklist and a timeline up to the termination date.

The plan lists what to hand over, the access to revoke, the data to return or delete and the
final invoice, with the post-termination duties the contract sets (survival, transition
assistance, return of materials) quoted and dated. Alternative providers the user names are
listed for the client, which helps an orderly exit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from contractkit.exit import _contract as read
from contractkit.exit._delivery import find_delivery
from contractkit.exit._plan import (
    ChecklistSection,
    Dates,
    Milestone,
    checklist,
    contract_dates,
    kind_timeline,
    notice_steps,
)
from contractkit.exit._render import Format, names_without_article, to_markdown, to_text, write
from contractkit.exit._steps import Fitted, Step, exit_steps, kind_of, place_of
from contractkit.exit.dates import effective_date
from contractkit.extraction import Extraction
from contractkit.render.markdown import shorten
from contractkit.render.pdf import Block, Bullets, Heading, Para, Table
from contractkit.terms.model import Party
from contractkit.terms.normalize import Duration
from contractkit.types import Source, Target

__all__ = ["Alternative", "ChecklistSection", "Milestone", "TransitionPlan", "transition_plan"]

_CONTACT = re.compile(r"^\s*(?P<name>[^<]+?)\s*<(?P<contact>[^>]+)>\s*$")


@dataclass(frozen=True, slots=True)
class Alternative:
    """A provider the user recommends to take over (name and how to reach them)."""

    name: str
    contact: str | None = None

    @classmethod
    def parse(cls, text: str) -> Alternative:
        """Read ``"Name <email or phone>"`` or a bare name."""
        match = _CONTACT.match(text)
        if match:
            return cls(match.group("name"), match.group("contact").strip())
        return cls(text.strip())

    def __str__(self) -> str:
        return f"{self.name} <{self.contact}>" if self.contact else self.name


@dataclass(frozen=True, slots=True)
class TransitionPlan:
    """A handover plan up to the termination date, ready to write as PDF, Markdown or text.

    Attributes:
        title: The contract's title.
        sender: The party ending the contract.
        recipient: The other party.
        notice_date: The day notice is given.
        effective_date: The termination date.
        period: The notice period used.
        milestones: The timeline, in date order.
        checklist: Handover, access, data, final invoice.
        obligations: Post-termination duties quoted from the contract, dated when they can be.
        alternatives: Providers recommended to take over, as given.
        warnings: What a person should check.
        dates_us: Dates are written "April 2, 2025", as the contract writes them.
        kind: The kind of contract the plan is fitted to.
        steps: What ending this kind of contract takes, each with the clauses it rests on.
    """

    title: str
    sender: Party
    recipient: Party
    notice_date: dt.date
    effective_date: dt.date
    period: Duration
    milestones: tuple[Milestone, ...]
    checklist: tuple[ChecklistSection, ...]
    obligations: tuple[read.Obligation, ...]
    alternatives: tuple[Alternative, ...]
    warnings: tuple[str, ...] = ()
    dates_us: bool = False
    kind: Fitted = "services"
    steps: tuple[Step, ...] = ()

    def _date(self, day: dt.date | None) -> str:
        return read.write_date(day, self.dates_us) if day else "-"

    def blocks(self) -> list[Block]:
        """The plan as blocks for :mod:`contractkit.render.pdf`."""
        s_term = self.sender.defined_as or read.name_of(self.sender)
        r_term = self.recipient.defined_as or read.name_of(self.recipient)
        s_name, r_name = read.name_of(self.sender), read.name_of(self.recipient)
        out: list[Block] = [
            Heading(f"Transition plan: {self.title}", 0),
            Para(
                f"{s_name} (the \u201c{s_term}\u201d) and {r_name} "
                f"(the \u201c{r_term}\u201d). Notice given on {self._date(self.notice_date)} "
                f"with {read.notice_words(self.period)}; the Agreement ends on "
                f"{self._date(self.effective_date)} (the Termination Date).",
                align="left",
            ),
            Heading("Timeline", 1),
            Table(
                ["Date", "Action", "Who"],
                [[self._date(m.date), m.action, m.owner] for m in self.milestones],
                widths=[0.2, 0.62, 0.18],
            ),
        ]
        for section in self.checklist:
            out += [Heading(section.title, 1), Bullets(list(section.items))]
        out.append(Heading("Post-termination obligations in the contract", 1))
        if self.obligations:
            out.append(
                Table(
                    ["Clause", "Kind", "What the contract says", "Due"],
                    [
                        [o.clause, o.kind, shorten(o.text, 260), self._date(o.due)]
                        for o in self.obligations
                    ],
                    widths=[0.12, 0.13, 0.58, 0.17],
                )
            )
        else:
            out.append(Para("None found: the contract sets no duties after termination."))
        if self.alternatives:
            out += [
                Heading("Recommended alternative providers", 1),
                Para(f"Offered to the {r_term} to help the work continue without disruption."),
                Bullets([str(a) for a in self.alternatives]),
            ]
        if self.warnings:
            out += [Heading("Check before sending", 1), Bullets(list(self.warnings))]
        bare = [p.name for p in (self.sender, self.recipient) if not p.defined_as and p.name]
        return names_without_article(out, bare)

    def to_markdown(self) -> str:
        """The plan as Markdown."""
        return to_markdown(self.blocks())

    def to_text(self) -> str:
        """The plan as plain text (78 columns)."""
        return to_text(self.blocks())

    def write(self, target: Target, /, *, format: Format | None = None) -> Format:
        """Write the plan atomically; the format comes from the suffix unless given.

        Raises:
            InvalidOptionError: The format cannot be told from ``target``.
            OutputError: The target cannot be written.
        """
        return write(
            target,
            self.blocks(),
            title=f"Transition plan: {self.title}",
            footer=f"{read.name_of(self.sender)}: transition plan",
            format=format,
        )


def transition_plan(
    contract: Extraction | Source,
    /,
    *,
    date: dt.date | None = None,
    party: str = "provider",
    notice: Duration | None = None,
    alternatives: Sequence[Alternative | str] = (),
    country: str | None = None,
    subdivision: str | None = None,
    sender_name: str | None = None,
    recipient_name: str | None = None,
    kind: str | None = None,
) -> TransitionPlan:
    """Plan the handover from the day notice is given to the termination date and after.

    Args:
        contract: An :class:`~contractkit.Extraction`, or a contract to extract first.
        date: The day notice is (or was) given; today by default.
        party: Who terminates: ``provider``, ``client``, or a party's defined term.
        notice: The notice period to use instead of the contract's.
        alternatives: Providers to recommend (``"Name <email>"`` or :class:`Alternative`).
        country: Whose public holidays business days skip; by default the governing law's.
        subdivision: A state or nation within ``country``.
        sender_name: The sender's name, when the contract gives only its role.
        recipient_name: The recipient's name, likewise.
        kind: The kind of contract to fit the plan to (``services``, ``saas``, ``licence``,
            ``lease``…); by default the kind ``extract`` read.

    Raises:
        NoticePeriodError: No single notice period for the sender and ``notice`` not given.
        InvalidOptionError: Unknown party, kind or country, or parties the contract does not
            tell apart.
        InputError: ``contract`` is a source that cannot be read.
    """
    extraction = read.load(contract)
    who = read.sides(extraction, party, sender_name=sender_name, recipient_name=recipient_name)
    fitted = kind_of(extraction, kind)
    given = date or dt.date.today()
    period, _, warnings = read.notice_period(extraction, who, notice)
    region = read.holiday_region(extraction, country, subdivision)
    where = {"country": region.country, "subdivision": region.subdivision}
    effective = effective_date(given, period, **where)
    obligations = read.find_obligations(extraction, effective, **where)
    steps = exit_steps(extraction, who, fitted, effective, **where)
    delivery = find_delivery(extraction, who)
    names = read.citation_word(extraction)
    dates = Dates(given, effective, region, names, place_of(extraction))
    milestones = (
        *notice_steps(who, dates, delivery),
        *kind_timeline(fitted, who, dates, steps),
        *contract_dates(extraction, who, fitted, effective, obligations, steps),
    )
    sections = checklist(extraction, fitted, who, steps, names)
    return TransitionPlan(
        title=read.contract_title(extraction),
        sender=who.sender,
        recipient=who.recipient,
        notice_date=given,
        effective_date=effective,
        period=period,
        milestones=tuple(sorted(milestones, key=lambda m: m.date)),
        checklist=sections,
        obligations=obligations,
        alternatives=tuple(
            a if isinstance(a, Alternative) else Alternative.parse(a) for a in alternatives
        ),
        warnings=(*who.warnings, *warnings, *delivery.warnings),
        dates_us=read.us_dates(extraction),
        kind=fitted,
        steps=steps,
    )
