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
from contractkit.exit._delivery import Delivery, find_delivery
from contractkit.exit._render import Format, to_markdown, to_text, write
from contractkit.exit.dates import add_business_days, add_months, effective_date, is_business_day
from contractkit.extraction import Extraction
from contractkit.render.markdown import shorten
from contractkit.render.pdf import Block, Bullets, Heading, Para, Table
from contractkit.terms.model import Party, Perpetual
from contractkit.terms.normalize import Duration
from contractkit.types import Source, Target

__all__ = ["Alternative", "ChecklistSection", "Milestone", "TransitionPlan", "transition_plan"]

_SYSTEMS = r"account|system|site|platform|premises|hosting|repositor"
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
class Milestone:
    """One dated step of the timeline and who does it."""

    date: dt.date
    action: str
    owner: str


@dataclass(frozen=True, slots=True)
class ChecklistSection:
    """A titled list of things to do or check."""

    title: str
    items: tuple[str, ...]


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

    def _date(self, day: dt.date | None) -> str:
        return read.write_date(day, self.dates_us) if day else "-"

    def blocks(self) -> list[Block]:
        """The plan as blocks for :mod:`contractkit.render.pdf`."""
        s_term = self.sender.defined_as or self.sender.name
        r_term = self.recipient.defined_as or self.recipient.name
        out: list[Block] = [
            Heading(f"Transition plan: {self.title}", 0),
            Para(
                f"{self.sender.name} (the \u201c{s_term}\u201d) and {self.recipient.name} "
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
        return out

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
            footer=f"{self.sender.name}: transition plan",
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

    Raises:
        NoticePeriodError: No single notice period for the sender and ``notice`` not given.
        InvalidOptionError: Unknown party or country.
        InputError: ``contract`` is a source that cannot be read.
    """
    extraction = read.load(contract)
    who = read.sides(extraction, party)
    given = date or dt.date.today()
    period, _, warnings = read.notice_period(extraction, who, notice)
    region = read.holiday_region(extraction, country, subdivision)
    where = {"country": region.country, "subdivision": region.subdivision}
    effective = effective_date(given, period, **where)
    obligations = read.find_obligations(extraction, effective, **where)
    delivery = find_delivery(extraction, who)
    names = read.citation_word(extraction)
    provider, client = (
        (who.sender_term, who.recipient_term)
        if who.role == "provider"
        else (who.recipient_term, who.sender_term)
    )
    milestones = _timeline(
        extraction, who, given, effective, obligations, delivery, provider, region
    )
    checklist = _checklist(extraction, obligations, provider, client, names)
    return TransitionPlan(
        title=read.contract_title(extraction),
        sender=who.sender,
        recipient=who.recipient,
        notice_date=given,
        effective_date=effective,
        period=period,
        milestones=milestones,
        checklist=checklist,
        obligations=obligations,
        alternatives=tuple(
            a if isinstance(a, Alternative) else Alternative.parse(a) for a in alternatives
        ),
        warnings=(*warnings, *delivery.warnings),
        dates_us=read.us_dates(extraction),
    )


def _timeline(
    extraction: Extraction,
    who: read.Sides,
    given: dt.date,
    effective: dt.date,
    obligations: Sequence[read.Obligation],
    delivery: Delivery,
    provider: str,
    region: read.HolidayRegion,
) -> tuple[Milestone, ...]:
    s_term, r_term = who.sender_term, who.recipient_term
    span = (effective - given).days
    both = f"{s_term}, {r_term}"

    where = {"country": region.country, "subdivision": region.subdivision}

    def workday(day: dt.date, step: int = 1) -> dt.date:
        """``day``, or the nearest business day after it (before it: ``step=-1``)."""
        while given < day < effective and not is_business_day(day, **where):
            day += dt.timedelta(days=step)
        return day

    def at(fraction: float) -> dt.date:
        if span <= 1:
            return given
        return workday(given + dt.timedelta(days=max(1, round(span * fraction))))

    steps = [
        Milestone(given, f"Give notice of termination {delivery.describe()}", s_term),
        Milestone(
            min(add_business_days(given, 2, **where), effective) if span > 3 else given,
            f"Confirm the {r_term} received the notice; share this plan",
            s_term,
        ),
        Milestone(
            at(0.25), "List deliverables, working files, accounts and data to hand over", provider
        ),
        Milestone(at(0.5), "Hand over completed deliverables and working files", provider),
        Milestone(
            at(0.75),
            "Agree which data is returned and which deleted; send a draft final invoice",
            both,
        ),
        Milestone(
            workday(effective - dt.timedelta(days=1), -1) if span > 1 else effective,
            "Final handover meeting; confirm in writing what was received",
            both,
        ),
        Milestone(
            effective,
            "Termination Date: revoke access, issue the final invoice, return or delete data",
            both,
        ),
    ]
    due = extraction.term("payment_due")
    if due is not None and isinstance(due.value, Duration):
        steps.append(
            Milestone(
                effective_date(effective, due.value),
                f"Final invoice falls due ({due.value})",
                r_term if who.role == "provider" else s_term,
            )
        )
    for o in obligations:
        if o.due is not None and o.kind != "survival":
            what = (
                "Due under"
                if o.kind in ("payment", "handover", "return", "transition")
                else ("Period ends under")
            )
            steps.append(Milestone(o.due, f"{what} {o.clause}: {shorten(o.text, 140)}", both))
    for name, label in (
        ("confidentiality_survival", "Confidentiality obligations end"),
        ("non_solicitation_period", "Non-solicitation period ends"),
    ):
        term = extraction.term(name)
        if term is None:
            continue
        if isinstance(term.value, Perpetual):
            continue
        if isinstance(term.value, Duration) and term.value.unit == "months":
            steps.append(Milestone(add_months(effective, int(term.value.amount)), label, both))
    return tuple(sorted(steps, key=lambda m: m.date))


def _checklist(
    extraction: Extraction,
    obligations: Sequence[read.Obligation],
    provider: str,
    client: str,
    citation: str,
) -> tuple[ChecklistSection, ...]:
    def quoted(*kinds: str) -> list[str]:
        return [
            f"{read.cite([o.clause], citation)}: \u201c{shorten(o.text, 220)}\u201d"
            for o in obligations
            if o.kind in kinds
        ]

    names = _names(extraction)
    access = [
        f"{read.cite([names[c.id]], citation)}: \u201c{shorten(s, 200)}\u201d"
        for c in extraction.clauses
        if c.kind == "clause"
        for s in read.sentences(c.body)
        if re.search(r"\baccess\b", s, re.I) and re.search(_SYSTEMS, s, re.I)
    ][:4]
    return (
        ChecklistSection(
            "Deliverables and files to hand over",
            (
                "Completed deliverables in their agreed formats",
                "Work in progress and working files (source files, design files, code, documents)",
                "Documentation, credentials the client owns, and notes on open issues",
                *quoted("handover", "transition"),
            ),
        ),
        ChecklistSection(
            "Access to revoke",
            (
                f"Accounts the {client} gave the {provider} (hosting, repositories, tools, "
                "shared drives): hand back and confirm removal",
                f"Accounts the {provider} gave the {client}: transfer ownership or close",
                "Passwords and API keys shared during the work: rotate them",
                *access,
            ),
        ),
        ChecklistSection(
            "Data to return or delete",
            (
                f"The {client}'s materials and confidential information held by the {provider}",
                "Personal data processed for the other party: return or delete, then confirm "
                "in writing",
                "Backups and copies in e-mail, chat and cloud storage",
                *quoted("return"),
            ),
        ),
        ChecklistSection(
            "Final invoice",
            (
                "Work performed and expenses incurred up to the Termination Date",
                "Amounts already invoiced and unpaid, with their due dates",
                *quoted("payment"),
            ),
        ),
    )


def _names(extraction: Extraction) -> dict[str, str]:
    from contractkit.render.markdown import clause_names

    return clause_names(extraction)
