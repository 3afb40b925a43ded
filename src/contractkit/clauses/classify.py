"""Say what each clause is about: the classifier interface and the built-in classifiers.

A classifier is any object with ``classify(clauses) -> list[tuple[Label, ...]]`` (one tuple
per clause, multi-label). The built-in :class:`RuleClassifier` reads its patterns from
``rules.toml`` (package data), so they can be read, reviewed and replaced without touching
code. :class:`ModelClassifier` (the default, issue 14) adds a linear model trained on CUAD's
real contracts for CUAD's categories and keeps the rules for contractkit's own (notice, cure,
payment…); it plugs in through the same :class:`ClauseClassifier` protocol.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from contractkit.clauses._literals import gate_safe, required_literals
from contractkit.clauses.model import Clause, Label
from contractkit.clauses.taxonomy import ClauseType

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from contractkit.clauses._model import Context, Model

__all__ = [
    "ClauseClassifier",
    "ModelClassifier",
    "RuleClassifier",
    "Sentence",
    "classified",
    "sentences",
]

STRONG, WEAK, HEADING, PARENT_HEADING = 0.85, 0.35, 0.45, 0.2
THRESHOLD = 0.5
_NOT_CLASSIFIED = frozenset({"preamble", "recitals", "signature", "schedule", "definitions"})
_DEFINITION = re.compile(
    r"^\W*[\"“][^\"”]{1,60}[\"”]\s+(?:means|shall mean|has the meaning|includes)"
)
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+(?=[\"“(A-Z0-9])|\n\s*\n")
EVIDENCE_CHARS = 300


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a clause body.

    Attributes:
        start: Offset in the body.
        end: Offset just past the sentence.
        raw: The sentence as printed (``body[start:end]``), for evidence.
        flat: Lower case with whitespace collapsed, the form quotes and features use.
    """

    start: int
    end: int
    raw: str
    flat: str


def sentences(body: str) -> list[Sentence]:
    """The sentences of a clause body with their offsets; blank pieces are dropped.

    Both classifiers and the training script split here, so evidence is always a piece of the
    clause's own text and the model is trained on the sentences it will be shown.
    """
    out = []
    at = 0
    for cut in [*_SENTENCE.finditer(body), None]:
        end = cut.start() if cut else len(body)
        piece = body[at:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            raw = piece.strip()
            out.append(Sentence(at + lead, at + lead + len(raw), raw, flatten(raw)))
        at = cut.end() if cut else len(body)
    return out


def flatten(text: str) -> str:
    """Lower case, one space for any run of whitespace."""
    return re.sub(r"\s+", " ", text).strip().lower()


def classified(clause: Clause) -> bool:
    """Whether a classifier labels this clause at all.

    The preamble, recitals, signature block, a schedule's heading and definitions describe
    no obligation, and an empty clause has nothing to read.
    """
    body = clause.body
    return clause.kind not in _NOT_CLASSIFIED and bool(body.strip()) and not _DEFINITION.match(body)


def _evidence(raw: str) -> str:
    return raw if len(raw) <= EVIDENCE_CHARS else raw[:EVIDENCE_CHARS]


#: Categories later steps read from clauses (terms, the default playbook, the exit toolkit);
#: ``tests/clauses/test_classify.py`` checks this list against those steps.
READ_DOWNSTREAM: frozenset[ClauseType] = frozenset(
    {
        ClauseType.TERMINATION_FOR_CONVENIENCE,
        ClauseType.TERMINATION_FOR_CAUSE,
        ClauseType.NOTICE_PERIOD,
        ClauseType.CURE_PERIOD,
        ClauseType.TERM,
        ClauseType.RENEWAL_TERM,
        ClauseType.NOTICE_TO_TERMINATE_RENEWAL,
        ClauseType.CAP_ON_LIABILITY,
        ClauseType.UNCAPPED_LIABILITY,
        ClauseType.CONSEQUENTIAL_DAMAGES,
        ClauseType.INDEMNIFICATION,
        ClauseType.PAYMENT_TERMS,
        ClauseType.LATE_PAYMENT,
        ClauseType.FEES,
        ClauseType.CHANGE_ORDERS,
        ClauseType.IP_OWNERSHIP,
        ClauseType.GOVERNING_LAW,
        ClauseType.DISPUTE_RESOLUTION,
        ClauseType.NO_SOLICIT_EMPLOYEES,
        ClauseType.NO_SOLICIT_CUSTOMERS,
        ClauseType.CONFIDENTIALITY,
        ClauseType.POST_TERMINATION,
        ClauseType.NOTICES,
    }
)


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
        self._gates = _gates(self._rules)

    @property
    def rules(self) -> tuple[_Rule, ...]:
        """The rules as loaded, one per category."""
        return self._rules

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
        if not classified(clause):
            return ()
        pieces = [(s.raw, _flat(s.raw)) for s in sentences(clause.body)]
        heading = _flat(clause.heading or "")
        parent = _flat(parent_heading or "")
        # A pattern whose required literals are in none of the sentences cannot match any of
        # them, so it is not searched (issue 19: the searches were most of extract's time).
        gates = self._gates
        present = gates.present(" ".join(sentence for _, sentence in pieces))
        # per sentence, the literals it holds (looked up on first use when there are several)
        held: list[frozenset[str] | None] = [present] if len(pieces) == 1 else [None] * len(pieces)
        labels = []
        for rule in self._rules:
            if not gates.may_match(rule, present):
                continue  # no sentence can give evidence, and headings alone make no label
            strong, weak, veto = (
                gates.live(ps, present) for ps in (rule.strong, rule.weak, rule.veto)
            )
            evidence: list[tuple[float, str]] = []
            best: tuple[float, str] = (0.0, "")
            for k, (raw, sentence) in enumerate(pieces):
                here = held[k]
                if here is None and present is not None:
                    here = held[k] = frozenset(lit for lit in present if lit in sentence)
                if any(v.search(sentence) for v in veto if gates.passes(v, here)):
                    continue
                for weight, patterns in ((STRONG, strong), (WEAK, weak)):
                    for pattern in patterns:
                        if gates.passes(pattern, here) and (found := pattern.search(sentence)):
                            evidence.append((weight, _trigger(found.group(0))))
                            best = max(best, (weight, raw), key=lambda b: b[0])
                            break
            if not evidence:
                continue
            for weight, text in ((HEADING, heading), (PARENT_HEADING, parent)):
                if text and any(p.search(text) for p in rule.heading):
                    evidence.append((weight, f"heading: {text}"))
            missing = 1.0
            for weight, _ in evidence:
                missing *= 1 - weight
            score = round(1 - missing, 3)
            if score >= THRESHOLD and any(not t.startswith("heading:") for _, t in evidence):
                triggers = tuple(dict.fromkeys(t for _, t in evidence))
                labels.append(Label(rule.category, score, triggers, _evidence(best[1])))
        labels.sort(key=lambda label: -label.score)
        return tuple(labels)


class _Gates:
    """The required literals of the rules' sentence patterns, and which of them a text holds.

    ``present`` is ``None`` for a text the literals cannot stand for (see
    :func:`~contractkit.clauses._literals.gate_safe`): then every pattern may match.
    """

    def __init__(self, rules: tuple[_Rule, ...]) -> None:
        self.need: dict[re.Pattern[str], frozenset[str] | None] = {}
        for rule in rules:
            for p in (*rule.strong, *rule.weak, *rule.veto):
                found = required_literals(p)
                self.need[p] = frozenset(found) if found is not None else None
        self.literals = tuple(sorted({lit for need in self.need.values() if need for lit in need}))
        #: per rule, every literal one of its strong or weak patterns needs (None: ungated)
        self.by_rule: dict[int, frozenset[str] | None] = {}
        for rule in rules:
            needs = [self.need[p] for p in (*rule.strong, *rule.weak)]
            gated = [n for n in needs if n is not None]
            ungated = len(gated) < len(needs)
            self.by_rule[id(rule)] = None if ungated else frozenset().union(*gated)

    def present(self, text: str) -> frozenset[str] | None:
        """The literals ``text`` holds (``None``: do not gate it)."""
        if not gate_safe(text):
            return None
        return frozenset(lit for lit in self.literals if lit in text)

    def passes(self, pattern: re.Pattern[str], present: frozenset[str] | None) -> bool:
        """Whether ``pattern`` may match a text holding ``present`` (False: it cannot)."""
        need = self.need.get(pattern)
        return need is None or present is None or not need.isdisjoint(present)

    def live(
        self, patterns: tuple[re.Pattern[str], ...], present: frozenset[str] | None
    ) -> list[re.Pattern[str]]:
        """The patterns that may match, in their order."""
        return [p for p in patterns if self.passes(p, present)]

    def may_match(self, rule: _Rule, present: frozenset[str] | None) -> bool:
        """Whether any strong or weak pattern of ``rule`` may match."""
        need = self.by_rule.get(id(rule), None)
        return need is None or present is None or not need.isdisjoint(present)


class ModelClassifier:
    """The CUAD-trained sentence model for CUAD's categories, the rules for the others.

    For each CUAD category the shipped model says, from cross-validation on CUAD's training
    contracts, whether to trust the model alone, the rules alone, or either of them (see
    ``scripts/train_classifier.py``). contractkit's own categories (notice and cure periods,
    payment, late payment…) keep the rules' labels unchanged, since term extraction reads them.
    Where both may label a category, the model's labels are added only to a contract in which
    the rules found none of it, so the clauses the rules were checked on keep their labels
    alone; and a rule label stands only where the model gives the clause at least the
    category's veto (a small probability, 0.01 at most, chosen by the same cross-validation).
    A clause gets a model label when one of its sentences scores at or above the category's
    threshold; the label's evidence is that sentence and its triggers are the
    words that weighed most.

    Args:
        model: A model file written by the training script; the packaged one by default.
        rules: A rules TOML file for the rule side (see :class:`RuleClassifier`).

    Raises:
        ValueError: The model or the rules file cannot be read.
    """

    def __init__(self, model: str | Path | None = None, rules: str | Path | None = None) -> None:
        import numpy as np

        from contractkit.clauses._model import load_model

        self._model: Model = load_model(str(model) if model is not None else None)
        self._rules = RuleClassifier(rules)
        modes = dict(zip(self._model.categories, self._model.modes, strict=True))
        # The rules' labels are kept where a later step reads them (term extraction, the
        # playbook, the exit toolkit: READ_DOWNSTREAM), since the rules were checked clause by
        # clause on tests/fixtures/corpus. Elsewhere the cross-validation's choice stands: the
        # model alone decides the categories where it beat the rules.
        ruled = {rule.category for rule in self._rules.rules} & READ_DOWNSTREAM
        self._model_only = frozenset(c for c, m in modes.items() if m == "model" and c not in ruled)
        #: per column, the probability from which the model labels (above 1: never)
        self._thresholds = np.where(
            [modes[c] == "rules" for c in self._model.categories], 2.0, self._model.thresholds
        )
        #: per category, the probability under which the model vetoes a rule label
        self._vetoes = {
            c: (k, float(v))
            for k, (c, v) in enumerate(zip(self._model.categories, self._model.vetoes, strict=True))
            if modes[c] == "union" and v > 0
        }

    def classify(self, clauses: Sequence[Clause]) -> list[tuple[Label, ...]]:
        """Labels for each clause (see :class:`ClauseClassifier`)."""
        found, best_of = self._found(clauses)
        ruled = [
            tuple(label for label in labels if self._stands(label, best_of.get(i)))
            for i, labels in enumerate(self._rules.classify(clauses))
        ]
        # Where the rules and the model share a category, the model fills in for documents
        # where the rules find none: the same document-level answer as "either", without
        # the model's extra clauses where the rules already found the right ones.
        by_rules = {label.category for labels in ruled for label in labels}
        # A fill-in goes on the one clause the model is surest of: that settles the document's
        # answer, and the category's other clauses are what the rules were not sure of either.
        best: dict[ClauseType, tuple[float, int]] = {}
        for i, labels in found.items():
            for label in labels:
                if label.category not in self._model_only and label.category not in by_rules:
                    best[label.category] = max(
                        best.get(label.category, (-1.0, 0)), (label.score, -i)
                    )
        out = []
        for i, from_rules in enumerate(ruled):
            labels = [label for label in from_rules if label.category not in self._model_only]
            labels += [
                label
                for label in found.get(i, ())
                if label.category in self._model_only
                or (label.category not in by_rules and best[label.category][1] == -i)
            ]
            labels.sort(key=lambda label: -label.score)
            out.append(tuple(labels))
        return out

    def _stands(self, label: Label, best: NDArray[np.float64] | None) -> bool:
        """Whether a rule label survives the model's veto (``best``: the clause's scores).

        Cross-validation found categories where the rules' recall is worth keeping but some
        of their matches are sentences the model gives almost no chance (a "for convenience"
        in a payment clause): those labels go, for the scorer and for the terms read later.
        """
        veto = self._vetoes.get(label.category)
        return veto is None or (best is not None and float(best[veto[0]]) >= veto[1])

    def _found(
        self, clauses: Sequence[Clause]
    ) -> tuple[dict[int, list[Label]], dict[int, NDArray[np.float64]]]:
        """The model's labels by clause index, from one pass over all the sentences.

        Also each classified clause's best score per category, for the veto.
        """
        import numpy as np  # here, not at the top: importing contractkit stays light

        by_id = {c.id: c for c in clauses}
        contexts: list[Context] = []
        spans: list[tuple[int, int, list[Sentence]]] = []  # clause index, first row, sentences
        previous = ""  # the sentence before, in reading order, whatever clause it is in
        for i, clause in enumerate(clauses):
            pieces = sentences(clause.body)
            if pieces and classified(clause):
                parent = by_id.get(clause.parent) if clause.parent else None
                heading = flatten(clause.heading or "")
                parent_heading = flatten(parent.heading or "") if parent else ""
                spans.append((i, len(contexts), pieces))
                for piece in pieces:
                    contexts.append((piece.flat, heading, parent_heading, previous))
                    previous = piece.flat
            elif pieces:
                previous = pieces[-1].flat
        if not contexts:
            return {}, {}
        probabilities = self._model.probabilities(contexts)
        best = np.maximum.reduceat(probabilities, [first for _, first, _ in spans], axis=0)
        best_of = {i: best[row] for row, (i, _, _) in enumerate(spans)}
        hits = best >= self._thresholds
        out: dict[int, list[Label]] = {}
        for row, k in zip(*np.nonzero(hits), strict=True):
            i, first, pieces = spans[row]
            at = first + int(probabilities[first : first + len(pieces), k].argmax())
            p, threshold = float(probabilities[at, k]), float(self._thresholds[k])
            # 0.5 at the threshold, 1 at certainty: a label always scores >= 0.5 (see Label)
            score = round(0.5 + 0.5 * (p - threshold) / max(1e-9, 1 - threshold), 3)
            triggers = self._model.explain(contexts[at], int(k))
            evidence = _evidence(pieces[at - first].raw)
            out.setdefault(i, []).append(
                Label(self._model.categories[k], score, triggers, evidence)
            )
        return out, best_of


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
        Label(
            label.category,
            round(label.score * 0.9, 3),
            (f"list item of: {label.triggers[0]}",),
            _evidence(item.body.strip()),
        )
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
def _gates(rules: tuple[_Rule, ...]) -> _Gates:
    return _Gates(rules)


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
