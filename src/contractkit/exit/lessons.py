"""Lessons from the record: playbook changes for the next client, as an override file.

The rules are plain and each lesson says what it rests on (issue 17):

- 3+ scope-creep incidents: ``change_orders`` required and high, its title saying why;
  ``records`` (instructions in writing) required and medium.
- 2+ late payments: ``payment_terms`` at 14 days (``payment_days``), ``late_payment`` high;
  3+: ``suspension`` required.
- 2+ boundary violations or disrespect: ``communication`` required and high.
- 2+ disrespect: ``termination_for_cause`` required (abusive conduct as a ground).
- 10+ incidents with a tag rising: ``provider_termination`` at 14 days' notice.

The file starts with ``extends = "default"`` and repeats only the positions it changes, so
``contractkit review X --playbook lessons.toml`` scores the next contract against the default
playbook as the record says it should have been.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from contractkit.exit.report import IncidentReport, TagSummary
    from contractkit.extraction import Extraction

__all__ = ["Lesson", "override_toml", "propose_lessons"]


@dataclass(frozen=True, slots=True)
class Lesson:
    """One proposed change to a playbook position, and what in the record it rests on.

    Attributes:
        position: The position's id in the default playbook (``change_orders``).
        change: The change in plain words.
        because: What happened, from the record.
        fields: Fields of the position to override (``required``, ``severity``, ``title``).
        params: Playbook parameters to change (``payment_days = 14``).
    """

    position: str
    change: str
    because: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    params: Mapping[str, int | float | str] = field(default_factory=dict)


def _tightened(position: str, param: str, days: int) -> list[dict[str, Any]]:
    """The position's requirements with the limit that sets ``param`` lowered to ``days``.

    An override replaces a position's requirements whole, so all of them are repeated.
    """
    from contractkit.playbook.model import default_playbook

    out = []
    for requirement in default_playbook().position(position).requirements:
        data = {k: v for k, v in requirement.model_dump().items() if v not in (None, ())}
        if requirement.sets == param and requirement.max_days is not None:
            data["max_days"] = days
        out.append(data)
    return out


def _when(summary: TagSummary) -> str:
    first, last = summary.first.date().isoformat(), summary.last.date().isoformat()
    trend = f", {summary.escalation}" if summary.escalation in ("rising", "falling") else ""
    return f"{summary.count} {summary.tag} incidents from {first} to {last}{trend}"


def propose_lessons(report: IncidentReport, extraction: Extraction | None) -> tuple[Lesson, ...]:
    """The playbook changes the record argues for (see the module's table)."""
    from contractkit.playbook.model import default_playbook

    base = default_playbook()
    by_tag = {t.tag: t for t in report.tags}
    lessons: list[Lesson] = []

    def title(position: str, why: str) -> str:
        return f"{base.position(position).title} (learned: {why})"

    if (scope := by_tag.get("scope-creep")) and scope.count >= 3:
        missing = scope.clause is None and extraction is not None
        why = f"{scope.count} scope-creep incidents" + (
            ", no change-order clause" if missing else ""
        )
        lessons.append(
            Lesson(
                "change_orders",
                "Make the change-order position required and high",
                _when(scope) + (f"; {scope.concerns}" if extraction is not None else ""),
                {"required": True, "severity": "high", "title": title("change_orders", why)},
            )
        )
        lessons.append(
            Lesson(
                "records",
                "Require instructions and approvals in writing",
                "written instructions are the evidence of what was asked beyond the scope",
                {"required": True, "severity": "medium"},
            )
        )
    if (late := by_tag.get("late-payment")) and late.count >= 2:
        days = int(base.params.get("payment_days", 30))
        owed = ""
        if report.interest_owed:
            total, currency = report.interest_owed
            owed = f"; late interest owed {currency + ' ' if currency else ''}{total:,.2f}"
        elif extraction is not None and report.late_rate is None:
            owed = "; the contract set no late interest, so none could be claimed"
        lessons.append(
            Lesson(
                "payment_terms",
                f"Invoices due within {min(days, 14)} days instead of {days}",
                _when(late) + owed,
                {
                    "title": f"Invoices paid within {min(days, 14)} days (learned: "
                    f"{late.count} late payments)",
                    "requirements": _tightened("payment_terms", "payment_days", min(days, 14)),
                },
                {"payment_days": min(days, 14)},
            )
        )
        lessons.append(
            Lesson(
                "late_payment",
                "Make interest on late payments high",
                _when(late) + owed,
                {
                    "required": True,
                    "severity": "high",
                    "title": title("late_payment", f"{late.count} late payments"),
                },
            )
        )
        if late.count >= 3:
            lessons.append(
                Lesson(
                    "suspension",
                    "Require the right to suspend work while invoices are unpaid",
                    _when(late),
                    {"required": True, "severity": "high"},
                )
            )
    conduct = [by_tag[t] for t in ("boundary-violation", "disrespect") if t in by_tag]
    if sum(t.count for t in conduct) >= 2:
        lessons.append(
            Lesson(
                "communication",
                "Make agreed channels, hours and respectful conduct required and high",
                "; ".join(_when(t) for t in conduct),
                {
                    "required": True,
                    "severity": "high",
                    "title": title(
                        "communication",
                        " and ".join(f"{t.count} {t.tag} incidents" for t in conduct),
                    ),
                },
            )
        )
    if (rude := by_tag.get("disrespect")) and rude.count >= 2:
        lessons.append(
            Lesson(
                "termination_for_cause",
                "Require abusive conduct as a ground for termination",
                _when(rude),
                {"required": True, "severity": "high"},
            )
        )
    rising = [t for t in report.tags if t.escalation == "rising"]
    if len(report.incidents) >= 10 and rising:
        days = int(base.params.get("notice_days", 30))
        lessons.append(
            Lesson(
                "provider_termination",
                f"A shorter way out: {min(days, 14)} days' notice for convenience",
                f"{len(report.incidents)} incidents, rising: "
                + ", ".join(f"{t.tag} ({t.halves[0]} then {t.halves[1]})" for t in rising),
                {
                    "title": f"Provider may terminate for convenience on {min(days, 14)} "
                    "days' notice (learned: incidents escalated)",
                    "requirements": _tightened(
                        "provider_termination", "notice_days", min(days, 14)
                    ),
                },
                {"notice_days": min(days, 14)},
            )
        )
    return tuple(lessons)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string


def override_toml(report: IncidentReport) -> str:
    """The report's lessons as a playbook file extending the default playbook."""
    from contractkit.playbook.model import default_playbook

    base = default_playbook()
    lines = [
        f"# Lessons from the record: {report.title}.",
        "# Pass this file to review or revise: contractkit review next.pdf --playbook THIS",
        f"name = {_value('Service provider (default), with lessons: ' + report.title)}",
        f"description = {_value(f'{len(report.incidents)} incidents in the record')}",
        'extends = "default"',
        "",
    ]
    params: dict[str, Any] = {}
    merged: dict[str, dict[str, Any]] = {}
    reasons: dict[str, list[str]] = {}
    for lesson in report.lessons:
        params.update(lesson.params)
        merged.setdefault(lesson.position, {}).update(lesson.fields)
        reasons.setdefault(lesson.position, []).append(f"{lesson.change}: {lesson.because}.")
    if params:
        lines.append("[params]")
        lines += [f"{k} = {_value(v)}" for k, v in params.items()]
        lines.append("")
    for position, fields in merged.items():
        rationale = (
            base.position(position).rationale
            + " Learned from the record: "
            + " ".join(reasons[position])
        )
        lines += ["[[position]]", f"id = {_value(position)}"]
        lines += [f"{k} = {_value(v)}" for k, v in fields.items() if k != "requirements"]
        lines += [f"rationale = {_value(rationale)}", ""]
        for requirement in fields.get("requirements", ()):
            lines.append("[[position.requirements]]")
            lines += [f"{k} = {_value(v)}" for k, v in requirement.items()]
            lines.append("")
    return "\n".join(lines)
