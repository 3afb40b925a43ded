"""The transition plan's timeline and checklists, one set per kind of contract.

A services contract is handed over (deliverables, files, access, the final invoice); a SaaS
agreement or licence ends with a data export and the end of use; a lease with the surrender
of the premises, the keys, a final inspection and the deposit (issue 17). Each checklist
quotes the sentences the plan's steps rest on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from contractkit.exit import _contract as read
from contractkit.exit._delivery import Delivery
from contractkit.exit._steps import Fitted, Step, place_of, sides_by_kind
from contractkit.exit.dates import add_business_days, add_months, effective_date, is_business_day
from contractkit.extraction import Extraction, clause_names
from contractkit.render.markdown import shorten
from contractkit.terms.model import Perpetual
from contractkit.terms.normalize import Duration

__all__ = [
    "ChecklistSection",
    "Dates",
    "Milestone",
    "checklist",
    "contract_dates",
    "kind_timeline",
    "notice_steps",
]

_SYSTEMS = r"account|system|site|platform|premises|hosting|repositor"


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
class Dates:
    """The notice date, the termination date, business days between them, citation word."""

    given: dt.date
    effective: dt.date
    region: read.HolidayRegion
    citation: str = "clause"
    place: str = "Premises"

    @property
    def span(self) -> int:
        return (self.effective - self.given).days

    def workday(self, day: dt.date, step: int = 1) -> dt.date:
        """``day``, or the nearest business day after it (before it: ``step=-1``)."""
        where = {"country": self.region.country, "subdivision": self.region.subdivision}
        while self.given < day < self.effective and not is_business_day(day, **where):
            day += dt.timedelta(days=step)
        return day

    def at(self, fraction: float) -> dt.date:
        """The business day ``fraction`` of the way to the termination date."""
        if self.span <= 1:
            return self.given
        return self.workday(self.given + dt.timedelta(days=max(1, round(self.span * fraction))))

    def eve(self) -> dt.date:
        """The last business day before the termination date."""
        if self.span <= 1:
            return self.effective
        return self.workday(self.effective - dt.timedelta(days=1), -1)


def notice_steps(who: read.Sides, dates: Dates, delivery: Delivery) -> tuple[Milestone, ...]:
    where = {"country": dates.region.country, "subdivision": dates.region.subdivision}
    confirm = (
        min(add_business_days(dates.given, 2, **where), dates.effective)
        if dates.span > 3
        else dates.given
    )
    return (
        Milestone(
            dates.given, f"Give notice of termination {delivery.describe()}", who.sender_term
        ),
        Milestone(
            confirm,
            f"Confirm the {who.recipient_term} received the notice; share this plan",
            who.sender_term,
        ),
    )


def _cited(steps: Sequence[Step], key: str, citation: str) -> str:
    step = next((s for s in steps if s.key == key and s.clauses), None)
    return f" ({read.cite(step.clauses, citation)})" if step else ""


def _services(who: read.Sides, dates: Dates, steps: Sequence[Step]) -> tuple[Milestone, ...]:
    provider, _ = sides_by_kind(who)
    both = f"{who.sender_term}, {who.recipient_term}"
    return (
        Milestone(
            dates.at(0.25),
            "List deliverables, working files, accounts and data to hand over",
            provider,
        ),
        Milestone(dates.at(0.5), "Hand over completed deliverables and working files", provider),
        Milestone(
            dates.at(0.75),
            "Agree which data is returned and which deleted; send a draft final invoice",
            both,
        ),
        Milestone(
            dates.eve(), "Final handover meeting; confirm in writing what was received", both
        ),
        Milestone(
            dates.effective,
            "Termination Date: revoke access, issue the final invoice, return or delete data",
            both,
        ),
    )


def _software(who: read.Sides, dates: Dates, steps: Sequence[Step]) -> tuple[Milestone, ...]:
    client = sides_by_kind(who)[1]
    both = f"{who.sender_term}, {who.recipient_term}"
    export = next((s for s in steps if s.key == "data_export" and s.due), None)
    out = [
        Milestone(
            dates.at(0.25),
            "List the data to export, the users and integrations to close, and every "
            "installation or copy of the software",
            client,
        ),
        Milestone(
            dates.at(0.6),
            "Export the data needed (customer data, reports, configuration) and check the export",
            client,
        ),
        Milestone(
            dates.eve(),
            "Return or destroy the other party's confidential information; confirm in writing",
            both,
        ),
        Milestone(
            dates.effective,
            "Termination Date: use of the service and software ends; access is closed",
            both,
        ),
    ]
    if export is not None and export.due is not None:
        out.append(
            Milestone(
                export.due,
                "Data export period ends" + _cited(steps, "data_export", dates.citation),
                client,
            )
        )
    return tuple(out)


def _lease(who: read.Sides, dates: Dates, steps: Sequence[Step]) -> tuple[Milestone, ...]:
    landlord, tenant = sides_by_kind(who)
    both = f"{who.sender_term}, {who.recipient_term}"
    place = dates.place
    out = [
        Milestone(
            dates.at(0.2),
            f"Agree the date of the final inspection of the {place} with the {landlord}",
            both,
        ),
        Milestone(
            dates.at(0.5),
            f"Remove the {tenant}'s belongings; repair and clean as the lease requires",
            tenant,
        ),
        Milestone(
            dates.eve(),
            f"Final inspection of the {place}: photographs, meter readings, list of defects",
            both,
        ),
        Milestone(
            dates.effective,
            f"Termination Date: hand over the {place} and all keys and access cards",
            tenant,
        ),
    ]
    deposit = next((s for s in steps if s.key == "deposit"), None)
    if deposit is not None and deposit.due is not None:
        out.append(
            Milestone(
                deposit.due,
                "Deposit to be returned" + _cited(steps, "deposit", dates.citation),
                landlord,
            )
        )
    return tuple(out)


def _other(who: read.Sides, dates: Dates, steps: Sequence[Step]) -> tuple[Milestone, ...]:
    both = f"{who.sender_term}, {who.recipient_term}"
    return (
        Milestone(dates.at(0.5), "Agree what each party returns or destroys", both),
        Milestone(dates.eve(), "Confirm in writing what was returned or destroyed", both),
        Milestone(dates.effective, "Termination Date", both),
    )


def kind_timeline(
    kind: Fitted, who: read.Sides, dates: Dates, steps: Sequence[Step]
) -> tuple[Milestone, ...]:
    """The steps of the timeline this kind of contract needs, between notice and the end."""
    return _KIND_TIMELINES[kind](who, dates, steps)


_KIND_TIMELINES = {
    "services": _services,
    "saas": _software,
    "licence": _software,
    "lease": _lease,
    "other": _other,
}


def contract_dates(
    extraction: Extraction,
    who: read.Sides,
    kind: Fitted,
    effective: dt.date,
    obligations: Sequence[read.Obligation],
    steps: Sequence[Step],
) -> list[Milestone]:
    """Dates the contract itself sets: the final invoice's due date, post-termination duties."""
    both = f"{who.sender_term}, {who.recipient_term}"
    out: list[Milestone] = []
    due = extraction.term("payment_due")
    if kind == "services" and due is not None and isinstance(due.value, Duration):
        out.append(
            Milestone(
                effective_date(effective, due.value),
                f"Final invoice falls due ({due.value})",
                sides_by_kind(who)[1],
            )
        )
    dated = {
        (c, s.due)
        for s in steps
        if s.due and s.key in ("deposit", "data_export")
        for c in s.clauses
    }
    for o in obligations:
        if o.due is not None and o.kind != "survival" and (o.clause, o.due) not in dated:
            what = (
                "Due under"
                if o.kind in ("payment", "handover", "return", "transition")
                else ("Period ends under")
            )
            out.append(Milestone(o.due, f"{what} {o.clause}: {shorten(o.text, 140)}", both))
    for name, label in (
        ("confidentiality_survival", "Confidentiality obligations end"),
        ("non_solicitation_period", "Non-solicitation period ends"),
    ):
        term = extraction.term(name)
        if term is None or isinstance(term.value, Perpetual):
            continue
        if isinstance(term.value, Duration) and term.value.unit == "months":
            out.append(Milestone(add_months(effective, int(term.value.amount)), label, both))
    return out


def checklist(
    extraction: Extraction,
    kind: Fitted,
    who: read.Sides,
    steps: Sequence[Step],
    citation: str,
) -> tuple[ChecklistSection, ...]:
    provider, client = sides_by_kind(who)
    place = place_of(extraction)

    def quoted(*keys: str) -> list[str]:
        said = [
            f"{read.cite([c], citation)}: \u201c{shorten(q, 220)}\u201d"
            for s in steps
            if s.key in keys
            for c, q in s.quotes
        ]
        return list(dict.fromkeys(said))

    if kind == "lease":
        return (
            ChecklistSection(
                f"{place} to hand over",
                (
                    f"Remove the {client}'s furniture, equipment and belongings",
                    "Repair damage and clean as the lease requires; keep receipts",
                    "Final meter readings (electricity, gas, water) and photographs of every room",
                    "A forwarding address for post and for the deposit",
                    *quoted("surrender", "condition", "remove_property"),
                ),
            ),
            ChecklistSection(
                "Keys and access",
                (
                    f"All keys, access cards and fobs, listed and handed to the {provider} "
                    "against a signed receipt",
                    "Alarm codes and parking permits returned",
                    *quoted("keys"),
                ),
            ),
            ChecklistSection(
                "Final inspection, rent and deposit",
                (
                    f"A joint inspection with the {provider} before the Termination Date",
                    "A written list of any defects the landlord claims, with costs",
                    *quoted("inspection", "rent", "deposit"),
                ),
            ),
        )
    if kind in ("saas", "licence"):
        return (
            ChecklistSection(
                "Data to export",
                (
                    f"The {client}'s data, reports and configuration, exported and checked "
                    "before access ends",
                    *quoted("data_export"),
                ),
            ),
            ChecklistSection(
                "Use to end",
                (
                    f"Users, integrations and API keys of the {client} closed or rotated",
                    "Every installation and copy of the software removed, backups included",
                    *quoted("cease_use", "return_software", "certify"),
                ),
            ),
            ChecklistSection(
                "Confidential information and fees",
                (
                    "Each party's confidential information returned or destroyed, then "
                    "confirmed in writing",
                    *quoted("return_materials", "fees_due", "refund"),
                ),
            ),
        )
    access = [
        f"{read.cite([names[c.id]], citation)}: \u201c{shorten(s, 200)}\u201d"
        for names in [clause_names(extraction)]
        for c in extraction.clauses
        if c.kind == "clause"
        for s in read.sentences(c.body)
        if re.search(r"\baccess\b", s, re.I) and re.search(_SYSTEMS, s, re.I)
    ][:4]
    if kind == "other":
        return (
            ChecklistSection(
                "Materials and confidential information",
                (
                    "Each party's materials and confidential information returned or destroyed",
                    *quoted("return_materials", "fees_due"),
                ),
            ),
        )
    return (
        ChecklistSection(
            "Deliverables and files to hand over",
            (
                "Completed deliverables in their agreed formats",
                "Work in progress and working files (source files, design files, code, documents)",
                "Documentation, credentials the client owns, and notes on open issues",
                *quoted("deliverables", "transition"),
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
                *quoted("return_materials"),
            ),
        ),
        ChecklistSection(
            "Final invoice",
            (
                "Work performed and expenses incurred up to the Termination Date",
                "Amounts already invoiced and unpaid, with their due dates",
                *quoted("final_invoice"),
            ),
        ),
    )
