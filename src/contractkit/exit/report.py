"""``incident_report``: what the record says about how the relationship went wrong.

The guide's advice after a toxic client is to reflect on how the relationship became toxic
and to strengthen policies and contracts (issue 17). The report reads the tagged entries of an
:class:`~contractkit.InteractionLog` (scope creep, late payment, boundary violations,
disrespect…) and gives, for each tag, the count, the first and last occurrence and whether it
escalated; it links each incident to the clause of the contract it concerns (a late payment to
the payment terms, with the late interest owed; scope creep to the change-order clause, or
its absence); it draws the incidents on a timeline; and it proposes playbook changes for the
next client (:mod:`contractkit.exit.lessons`), written as an override file that ``review`` and
``revise`` take with ``--playbook``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from contractkit.clauses.taxonomy import ClauseType
from contractkit.exit._render import Format, to_markdown, write
from contractkit.render.pdf import Block, Bullets, Figure, Heading, Para, Table
from contractkit.terms.normalize import Duration, Money, Rate, find_money, parse_number

if TYPE_CHECKING:
    from contractkit.exit.lessons import Lesson
    from contractkit.exit.record import InteractionLog, LogEntry
    from contractkit.extraction import Extraction
    from contractkit.types import Source, Target

__all__ = ["Incident", "IncidentReport", "TagSummary", "incident_report"]

Escalation = Literal["once", "rising", "steady", "falling"]

#: What each tag is about in a contract: clause categories, then wording that marks a clause
#: as being about it when no category does.
_LINKS: dict[str, tuple[frozenset[ClauseType], str, str]] = {
    "late-payment": (
        frozenset({ClauseType.PAYMENT_TERMS, ClauseType.LATE_PAYMENT}),
        r"\bpay\b[^.]{0,60}\binvoices?\b|invoices?[^.]{0,60}\bpa(?:y|id)\b",
        "payment terms",
    ),
    "scope-creep": (
        frozenset({ClauseType.CHANGE_ORDERS}),
        r"change\s+orders?|change\s+requests?|variations?\s+to\s+the\s+(?:services|scope)",
        "change-order clause",
    ),
    "boundary-violation": (
        frozenset(),
        r"business\s+hours|respond\w*\s+(?:to|within)|working\s+hours|outside\s+(?:of\s+)?hours",
        "communication clause (channels, hours, response times)",
    ),
    "disrespect": (
        frozenset(),
        r"courtesy|respect(?:ful)?\b|abusive|harass",
        "conduct clause",
    ),
}
_DAYS_LATE = re.compile(
    r"\b(?P<n>\d+|[a-z]+(?:[- ][a-z]+)?)\s+days?\s+(?:overdue|late|past\s+due|outstanding)",
    re.I,
)
_INVOICE = re.compile(r"\binvoice\s*(?:no\.?|number|#)?\s*(?P<id>[A-Z]*-?\d[\w-]*)", re.I)


@dataclass(frozen=True, slots=True)
class Incident:
    """One tagged entry of the record and the clause of the contract it concerns.

    Attributes:
        seq: The entry's number in the log.
        occurred: When it happened (UTC).
        tag: The tag this incident is counted under (an entry with two tags is two).
        title: The entry's title.
        clause: The clause it concerns, as the contract cites it; ``None`` when the contract
            has none (or no contract was given).
        concerns: The link in words: ``"payment terms (clause 2.1): due within 30 days"``.
        amount: For a late payment: the amount the entry names, if it does.
        days_late: For a late payment: how many days late the entry says it is.
        interest: Late interest owed on ``amount`` for ``days_late`` at the contract's rate
            (simple interest; a monthly rate counts 30 days a month).
        invoice: The invoice number the entry names, if it does.
    """

    seq: int
    occurred: dt.datetime
    tag: str
    title: str
    clause: str | None
    concerns: str
    amount: Money | None = None
    days_late: int | None = None
    interest: float | None = None
    invoice: str | None = None


@dataclass(frozen=True, slots=True)
class TagSummary:
    """What the record says about one tag.

    Attributes:
        tag: The tag (``scope-creep``).
        count: How many entries carry it.
        first: When it first happened.
        last: When it last happened.
        escalation: ``rising`` when the second half of the record holds at least half as many
            again as the first (and two more), ``falling`` the reverse, else ``steady``;
            ``once`` for a single incident.
        halves: Incidents in the first and second half of the record's time span.
        clause: The clause the tag concerns, if the contract has one.
        concerns: The link in words, or what the contract lacks.
    """

    tag: str
    count: int
    first: dt.datetime
    last: dt.datetime
    escalation: Escalation
    halves: tuple[int, int]
    clause: str | None
    concerns: str


@dataclass(frozen=True, slots=True)
class IncidentReport:
    """The record's incidents by tag, linked to the contract, with lessons for the next one.

    Attributes:
        title: The report's title.
        entries: How many entries the log holds (tagged or not).
        incidents: Each tagged entry, once per tag, in the order things happened.
        tags: One summary per tag, most frequent first.
        lessons: Proposed playbook changes (see :mod:`contractkit.exit.lessons`).
        interest_owed: Late interest owed in total (latest figure per invoice) and its
            currency; ``None`` when nothing could be computed.
        late_rate: The contract's late-payment interest rate, if it sets one.
        contract: The contract's title, when one was given.
        warnings: What the report could not work out.
    """

    title: str
    entries: int
    incidents: tuple[Incident, ...]
    tags: tuple[TagSummary, ...]
    lessons: tuple[Lesson, ...]
    interest_owed: tuple[float, str | None] | None
    late_rate: Rate | None
    contract: str | None = None
    warnings: tuple[str, ...] = ()

    def chart_png(self, *, dpi: int = 150) -> bytes:
        """The timeline chart as PNG bytes."""
        from contractkit.exit._chart import draw_timeline

        return draw_timeline(self, "png", dpi=dpi)

    def write_chart(self, target: Target, /) -> None:
        """Write the timeline chart as PNG or PDF (from the suffix), atomically.

        Raises:
            InvalidOptionError: The suffix is neither ``.png`` nor ``.pdf``.
            OutputError: The target cannot be written.
        """
        from contractkit._io import atomic_output
        from contractkit.exit._chart import chart_format, draw_timeline

        kind = chart_format(target)
        data = draw_timeline(self, kind)
        with atomic_output(target, suffix=f".{kind}") as tmp:
            tmp.write_bytes(data)

    def lessons_toml(self) -> str:
        """The lessons as a playbook override file (``extends = "default"``)."""
        from contractkit.exit.lessons import override_toml

        return override_toml(self)

    def write_lessons(self, target: Target, /) -> None:
        """Write :meth:`lessons_toml` to ``target``, atomically.

        Raises:
            OutputError: The target cannot be written.
        """
        from contractkit._io import atomic_output

        with atomic_output(target, suffix=".toml") as tmp:
            tmp.write_text(self.lessons_toml(), encoding="utf-8")

    def blocks(self, *, chart: bool = True, level: int = 0) -> list[Block]:
        """The report as blocks: summary table, chart, incidents, late interest, lessons.

        ``level`` 1 makes the report a section of a larger document (the dossier).
        """
        sub = level + 1
        out: list[Block] = [Heading(self.title, level)]
        about = f" against the {self.contract}" if self.contract else ""
        out.append(
            Para(
                f"{len(self.incidents)} incidents in {self.entries} log entries{about}.",
                align="left",
            )
        )
        out += [
            Heading("Incidents by tag", sub),
            Table(
                ["Tag", "Count", "First", "Last", "Trend", "In the contract"],
                [
                    [
                        t.tag,
                        str(t.count),
                        _day(t.first),
                        _day(t.last),
                        f"{t.escalation} ({t.halves[0]} then {t.halves[1]})"
                        if t.escalation != "once"
                        else "once",
                        t.concerns,
                    ]
                    for t in self.tags
                ],
                widths=[0.17, 0.09, 0.13, 0.13, 0.14, 0.34],
            ),
        ]
        if chart and self.incidents:
            out.append(Figure(self.chart_png(), "Incidents over time, by tag"))
        late = [i for i in self.incidents if i.tag == "late-payment"]
        if late:
            rate = f" at {self.late_rate}" if self.late_rate else ""
            out.append(Heading(f"Late payments and interest owed{rate}", sub))
            out.append(
                Table(
                    ["#", "When", "Invoice", "Amount", "Days late", "Interest"],
                    [
                        [
                            str(i.seq),
                            _day(i.occurred),
                            i.invoice or "-",
                            str(i.amount) if i.amount else "-",
                            str(i.days_late) if i.days_late is not None else "-",
                            _money(i.interest, i.amount) if i.interest is not None else "-",
                        ]
                        for i in late
                    ],
                    widths=[0.07, 0.16, 0.15, 0.22, 0.14, 0.26],
                )
            )
            if self.interest_owed:
                total, currency = self.interest_owed
                out.append(
                    Para(
                        f"Late interest owed: {currency or ''} {total:,.2f}".replace("  ", " ")
                        + " (the latest figure for each invoice).",
                        align="left",
                    )
                )
        if self.lessons:
            out += [
                Heading("Lessons: changes to the playbook for the next client", sub),
                Bullets([f"{lesson.change} \u2014 {lesson.because}" for lesson in self.lessons]),
                Para(
                    "These changes are written as a playbook override file: pass it to "
                    "review or revise with --playbook.",
                    small=True,
                ),
            ]
        out.append(Heading("Incidents", sub))
        out.append(
            Table(
                ["#", "When", "Tag", "What", "Concerns"],
                [
                    [str(i.seq), _day(i.occurred), i.tag, i.title, _concerns(i)]
                    for i in self.incidents
                ],
                widths=[0.07, 0.15, 0.17, 0.45, 0.16],
            )
        )
        if self.warnings:
            out += [Heading("Not worked out", sub), Bullets(list(self.warnings))]
        return out

    def to_markdown(self) -> str:
        """The report as Markdown (the chart is written separately)."""
        return to_markdown(self.blocks(chart=False))

    def write(self, target: Target, /, *, format: Format | None = None) -> Format:
        """Write the report as PDF (with the chart), DOCX, Markdown or text.

        Raises:
            InvalidOptionError: The format cannot be told from ``target``.
            OutputError: The target cannot be written.
        """
        from contractkit.exit._render import format_of

        kind = format_of(target, format)
        return write(
            target,
            self.blocks(chart=kind in ("pdf", "docx")),
            title=self.title,
            footer=self.title,
            format=kind,
        )


def _concerns(incident: Incident) -> str:
    if incident.clause:
        return incident.clause
    return "no clause" if incident.concerns.startswith("the contract has no") else "-"


def _day(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d")


def _money(value: float, like: Money | None) -> str:
    currency = like.currency if like else None
    return f"{currency + ' ' if currency else ''}{value:,.2f}"


def incident_report(
    log: InteractionLog | Sequence[LogEntry],
    /,
    contract: Extraction | Source | None = None,
    *,
    title: str | None = None,
) -> IncidentReport:
    """Read the record's tagged entries: counts, timeline, the clauses concerned, lessons.

    Args:
        log: An open :class:`~contractkit.InteractionLog`, or its entries.
        contract: The contract the incidents happened under (an extraction or a source to
            extract): links each incident to its clause and gives the late-interest rate.
        title: The report's title.

    Returns:
        The report; ``write_chart``, ``write_lessons`` and ``write`` render it.

    Raises:
        InputError: ``contract`` is a source that cannot be read.
    """
    from contractkit.exit import _contract as read
    from contractkit.exit.lessons import propose_lessons

    entries = log.entries() if hasattr(log, "entries") else tuple(log)
    extraction = read.load(contract) if contract is not None else None
    links = {tag: _link(extraction, tag) for tag in {t for e in entries for t in e.tags}}
    rate = None
    if extraction is not None:
        term = extraction.term("late_payment")
        rate = term.value if term is not None and isinstance(term.value, Rate) else None
    incidents = tuple(_incident(e, tag, links[tag], rate) for e in entries for tag in e.tags)
    tags = _summaries(incidents, links)
    warnings = []
    if extraction is None:
        warnings.append("no contract given: incidents are not linked to clauses")
    late = [i for i in incidents if i.tag == "late-payment"]
    if late and extraction is not None and rate is None:
        warnings.append("the contract sets no late-payment interest: none is owed")
    if any(i.amount is None or i.days_late is None for i in late) and rate is not None:
        warnings.append(
            "some late-payment entries give no amount or no 'N days overdue': "
            "their interest is not computed"
        )
    report = IncidentReport(
        title=title or "What the record shows",
        entries=len(entries),
        incidents=incidents,
        tags=tags,
        lessons=(),
        interest_owed=_owed(late),
        late_rate=rate,
        contract=read.contract_title(extraction) if extraction is not None else None,
        warnings=tuple(warnings),
    )
    from dataclasses import replace

    return replace(report, lessons=propose_lessons(report, extraction))


def _link(extraction: Extraction | None, tag: str) -> tuple[str | None, str]:
    """The clause a tag concerns and the link in words."""
    if extraction is None:
        return None, "-"
    if tag not in _LINKS:
        return None, "no clause the tag is known to concern"
    from contractkit.exit import _contract as read
    from contractkit.extraction import clause_names

    categories, pattern, words = _LINKS[tag]
    names = clause_names(extraction)
    word = read.citation_word(extraction)
    found = [
        c
        for c in extraction.clauses
        if c.kind == "clause"
        and ((categories & set(c.categories)) or re.search(pattern, c.body, re.I))
    ]
    if not found:
        return None, f"the contract has no {words}"
    detail = ""
    if tag == "late-payment":
        due = extraction.term("payment_due")
        if due is not None and isinstance(due.value, Duration):
            detail = f": invoices due within {due.value}"
    clause = names[found[0].id]
    return clause, f"{words} ({read.cite([clause], word)}){detail}"


def _incident(
    entry: LogEntry, tag: str, link: tuple[str | None, str], rate: Rate | None
) -> Incident:
    clause, concerns = link
    if tag != "late-payment":
        return Incident(entry.seq, entry.occurred, tag, entry.title, clause, concerns)
    text = f"{entry.title}. {entry.summary}"
    money = next((m.value for m in find_money(text)), None)
    days = None
    if (match := _DAYS_LATE.search(text)) is not None:
        number = parse_number(match.group("n"))
        days = int(number) if number is not None else None
    invoice = match.group("id") if (match := _INVOICE.search(text)) else None
    interest = None
    if rate is not None and money is not None and days is not None:
        per_day = rate.percent / 100 / (30 if rate.per == "month" else 365)
        interest = round(money.amount * per_day * days, 2)
    return Incident(
        entry.seq,
        entry.occurred,
        tag,
        entry.title,
        clause,
        concerns,
        money,
        days,
        interest,
        invoice,
    )


def _owed(late: Sequence[Incident]) -> tuple[float, str | None] | None:
    """Interest owed: for each invoice its latest figure (an invoice counted once)."""
    latest: dict[str, Incident] = {}
    for n, incident in enumerate(late):
        if incident.interest is not None:
            latest[incident.invoice or f"#{n}"] = incident
    if not latest:
        return None
    currency = next((i.amount.currency for i in latest.values() if i.amount), None)
    return round(sum(i.interest or 0.0 for i in latest.values()), 2), currency


def _summaries(
    incidents: Sequence[Incident], links: dict[str, tuple[str | None, str]]
) -> tuple[TagSummary, ...]:
    if not incidents:
        return ()
    start = min(i.occurred for i in incidents)
    end = max(i.occurred for i in incidents)
    middle = start + (end - start) / 2
    counts = Counter(i.tag for i in incidents)
    out = []
    for tag, count in counts.most_common():
        mine = [i for i in incidents if i.tag == tag]
        halves = (
            sum(1 for i in mine if i.occurred <= middle),
            sum(1 for i in mine if i.occurred > middle),
        )
        out.append(
            TagSummary(
                tag,
                count,
                min(i.occurred for i in mine),
                max(i.occurred for i in mine),
                _trend(count, halves),
                halves,
                *links[tag],
            )
        )
    return tuple(out)


def _trend(count: int, halves: tuple[int, int]) -> Escalation:
    first, second = halves
    if count == 1:
        return "once"
    if second >= first * 1.5 and second >= first + 2:
        return "rising"
    if first >= second * 1.5 and first >= second + 2:
        return "falling"
    return "steady"
