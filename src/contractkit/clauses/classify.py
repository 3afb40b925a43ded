"""Say what each clause is about: the classifier interface and the built-in rule classifier.

A classifier is any object with ``classify(clauses) -> list[tuple[Label, ...]]`` (one tuple
per clause, multi-label). The built-in :class:`RuleClassifier` reads its patterns from
``rules.toml`` (package data), so they can be read, reviewed and replaced without touching
code; a trained model plugs in through the same :class:`ClauseClassifier` protocol.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from contractkit.clauses.model import Clause, Label
from contractkit.clauses.taxonomy import ClauseType

__all__ = ["ClauseClassifier", "RuleClassifier"]

STRONG, WEAK, HEADING, PARENT_HEADING = 0.85, 0.35, 0.45, 0.2
THRESHOLD = 0.5
_NOT_CLASSIFIED = frozenset({"preamble", "recitals", "signature", "schedule", "definitions"})
_DEFINITION = re.compile(
    r"^\W*[\"“][^\"”]{1,60}[\"”]\s+(?:means|shall mean|has the meaning|includes)"
)
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+(?=[\"“(A-Z0-9])|\n\s*\n")


@runtime_checkable
class ClauseClassifier(Protocol):
    """Anything that labels clauses: the rules built in, or a trained model."""

    def classify(self, clauses: Sequence[Clause]) -> list[tuple[Label, ...]]:
        """Labels for each clause, in the same order (a clause may get none or several).

        ``clauses`` is the whole tree in reading order, so a classifier can look at a
        clause's parent (by ``parent`` id) for context.
        """
        ...


@dataclass(frozen=True, slots=True)
class _Rule:
    category: ClauseType
    strong: tuple[re.Pattern[str], ...]
    weak: tuple[re.Pattern[str], ...]
    heading: tuple[re.Pattern[str], ...]
    veto: tuple[re.Pattern[str], ...]


class RuleClassifier:
    """Patterns per category, matched sentence by sentence, plus the clause's headings.

    Args:
        rules: A rules TOML file (see the packaged ``rules.toml`` for the format); the
            packaged rules by default.

    Raises:
        ValueError: The rules file names an unknown category or holds a bad pattern.
    """

    def __init__(self, rules: str | Path | None = None) -> None:
        self._rules = _load(str(rules) if rules is not None else None)

    def classify(self, clauses: Sequence[Clause]) -> list[tuple[Label, ...]]:
        """Labels for each clause (see :class:`ClauseClassifier`)."""
        by_id = {c.id: c for c in clauses}
        out: dict[str, tuple[Label, ...]] = {}
        for clause in clauses:
            parent = by_id.get(clause.parent) if clause.parent else None
            labels = self._labels(clause, parent.heading if parent else None)
            if parent is not None and parent.text.rstrip().endswith((":", "—", "-")):
                labels = _inherit(labels, out.get(parent.id, ()), clause)
            out[clause.id] = labels
        return [out[c.id] for c in clauses]

    def _labels(self, clause: Clause, parent_heading: str | None) -> tuple[Label, ...]:
        body = clause.body
        if clause.kind in _NOT_CLASSIFIED or not body.strip() or _DEFINITION.match(body):
            return ()
        sentences = [_flat(s) for s in _SENTENCE.split(body) if s.strip()]
        heading = _flat(clause.heading or "")
        parent = _flat(parent_heading or "")
        labels = []
        for rule in self._rules:
            evidence: list[tuple[float, str]] = []
            for sentence in sentences:
                if any(v.search(sentence) for v in rule.veto):
                    continue
                for weight, patterns in ((STRONG, rule.strong), (WEAK, rule.weak)):
                    for pattern in patterns:
                        if found := pattern.search(sentence):
                            evidence.append((weight, _trigger(found.group(0))))
                            break
            for weight, text in ((HEADING, heading), (PARENT_HEADING, parent)):
                if text and any(p.search(text) for p in rule.heading):
                    evidence.append((weight, f"heading: {text}"))
            missing = 1.0
            for weight, _ in evidence:
                missing *= 1 - weight
            score = round(1 - missing, 3)
            if score >= THRESHOLD and any(not t.startswith("heading:") for _, t in evidence):
                triggers = tuple(dict.fromkeys(t for _, t in evidence))
                labels.append(Label(rule.category, score, triggers))
        labels.sort(key=lambda label: -label.score)
        return tuple(labels)


#: Categories an item of a list inherits from the lead-in that introduces it
#: ("either party may terminate ... if the other party:" → "(b) becomes insolvent").
_INHERITED = frozenset(
    {
        ClauseType.TERMINATION_FOR_CAUSE,
        ClauseType.INDEMNIFICATION,
        ClauseType.SCOPE_OF_SERVICES,
        ClauseType.UNCAPPED_LIABILITY,
        ClauseType.POST_TERMINATION,
    }
)


def _inherit(
    labels: tuple[Label, ...], lead_in: tuple[Label, ...], item: Clause
) -> tuple[Label, ...]:
    have = {label.category for label in labels}
    extra = tuple(
        Label(label.category, round(label.score * 0.9, 3), (f"list item of: {label.triggers[0]}",))
        for label in lead_in
        if label.category in _INHERITED and label.category not in have and item.body.strip()
    )
    return labels + extra


def _flat(text: str) -> str:
    # "Sections 12.1 and 12.2": keep a number's dot from ending the [^.;] windows of the rules
    text = re.sub(r"(?<=\d)\.(?=\d)", "\u2024", text)
    # "terminate immediately: a. if the other party…": a list letter's dot ends no sentence
    text = re.sub(r"(?<=[:;])(\s+)([a-z]|[ivx]{1,4})\.(?=\s)", r"\1(\2)", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _trigger(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


@functools.cache
def _load(path: str | None) -> tuple[_Rule, ...]:
    where = path or "rules.toml"
    try:
        if path is None:
            text = resources.files("contractkit.clauses").joinpath("rules.toml").read_text()
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{where}: cannot read the rules: {exc}") from exc
    rules = []
    for entry in data.get("category", []):
        try:
            category = ClauseType(entry["name"])
        except (KeyError, ValueError) as exc:
            raise ValueError(f"{where}: unknown category {entry.get('name')!r}") from exc
        patterns = [_compiled(entry, key, where) for key in ("strong", "weak", "heading", "veto")]
        rules.append(_Rule(category, *patterns))
    return tuple(rules)


def _compiled(entry: dict[str, Any], key: str, where: str) -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(p, re.IGNORECASE) for p in entry.get(key, ()))
    except re.error as exc:
        raise ValueError(f"{where}: {entry['name']}: bad {key} pattern: {exc}") from exc
