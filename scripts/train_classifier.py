"""Train the CUAD clause model shipped as ``contractkit/clauses/cuad_model.npz`` (issue 14).

Usage::

    python scripts/train_classifier.py [--data ../shared/data/cuad] [--out PATH] [--cv-only]
        [--cache FILE] [--folds 5] [--report scripts/cuad_cv.json] [--choices FILE]

Each training contract is read and segmented by contractkit itself, so the model sees the
sentences, headings and parents it will see at run time. A sentence is a positive for a
category when it overlaps one of the lawyers' quotes for it (whitespace normalised); every
other sentence is a negative. One logistic regression per category is fitted over the features
of :func:`contractkit.clauses._model.features`.

Contracts are split into folds by contract (never a sentence of one contract on both sides),
deterministically from their sorted names. For each fold, the models fitted on the other folds
score its sentences; a category's threshold is the one that maximises document-level F1 on the
out-of-fold scores, and how the model is combined with the rules for that category (model
alone, rules alone, or either) is chosen the same way. The figures printed are those of each
fold judged with thresholds and combinations chosen without it, i.e. an honest estimate for
unseen contracts. The shipped model is then fitted on all contracts. ``--report`` keeps the
figures with the chosen thresholds and modes (``scripts/cuad_cv.json`` is the shipped model's);
``--choices`` refits with those of an earlier report, without the cross-validation.

Needs scikit-learn and scipy (``pip install contractkit[train]``); the result needs only numpy.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from contractkit.clauses._model import features, save_model
from contractkit.clauses.classify import (
    READ_DOWNSTREAM,
    RuleClassifier,
    classified,
    flatten,
    sentences,
)
from contractkit.clauses.segment import segment
from contractkit.clauses.taxonomy import CUAD_CATEGORIES
from contractkit.document import open as open_document

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "cuad"
DEFAULT_OUT = ROOT / "src" / "contractkit" / "clauses" / "cuad_model.npz"
#: The categories the shared scorer maps (score.py's MAPPED): the ones the figures are about.
MAPPED = (
    "Termination For Convenience", "Renewal Term", "Notice Period To Terminate Renewal",
    "Cap On Liability", "Uncapped Liability", "Ip Ownership Assignment", "License Grant",
    "No-Solicit Of Employees", "No-Solicit Of Customers", "Non-Compete", "Exclusivity",
    "Anti-Assignment", "Change Of Control", "Governing Law", "Insurance", "Audit Rights",
    "Post-Termination Services",
)  # fmt: skip
CATEGORIES = tuple(sorted(CUAD_CATEGORIES, key=str))
C = 0.5  # inverse regularisation of each regression, chosen by cross-validation
MIN_CONTRACTS = 3  # a feature is kept when it occurs in at least this many contracts
MODES = ("model", "union", "rules")
#: The probabilities under which the model may veto a rule label ("union" with 0: none). Up
#: to 0.2 scored a little higher in CV (micro F1 0.848 against 0.845) but vetoed plain-English
#: wording the EDGAR-trained model has not seen ("either party may end this Agreement for any
#: or no reason" scores 0.012 for Termination For Convenience), which term extraction and the
#: playbook read.
VETOES = (0.0, 0.005, 0.01)


@dataclass
class Contract:
    """One training contract as the model sees it: its sentences in reading order."""

    name: str
    flats: list[str] = field(default_factory=list)
    heads: list[tuple[str, str]] = field(default_factory=list)  # heading, parent heading
    kept: list[bool] = field(default_factory=list)  # False: a clause the classifiers skip
    positive: dict[str, set[int]] = field(default_factory=dict)  # category -> sentence rows
    present: set[str] = field(default_factory=set)  # the lawyers' document-level answer
    ruled: set[str] = field(default_factory=set)  # categories the rules find in it
    rule_rows: dict[str, set[int]] = field(default_factory=dict)  # category -> kept sentences
    feats: list[list[str]] = field(default_factory=list, repr=False)  # of the kept sentences

    def featurize(self) -> None:
        """Compute the features of the kept sentences, as the classifier will at run time."""
        self.feats = []
        previous = ""
        for flat, (heading, parent), kept in zip(self.flats, self.heads, self.kept, strict=True):
            if kept:
                self.feats.append(list(features(flat, heading, parent, previous)))
            previous = flat

    def labels(self, category: str) -> np.ndarray:
        """1 for each kept sentence that is a positive for ``category``."""
        rows = self.positive.get(category, set())
        return np.array([i in rows for i, k in enumerate(self.kept) if k], dtype=bool)


def read(data: Path, cache: Path | None, limit: int | None = None) -> list[Contract]:
    """Segment every contract of the split and mark its positive sentences."""
    if cache and cache.exists():
        with cache.open("rb") as f:
            loaded: list[Contract] = pickle.load(f)
        for contract in loaded:
            contract.featurize()
        return loaded
    records = [json.loads(line) for line in (data / "train-labels.jsonl").read_text().splitlines()]
    records.sort(key=lambda r: r["file"])
    records = records[:limit] if limit else records
    rules = RuleClassifier()
    contracts = []
    for record in records:
        path = data / "train" / f"{record['file']}.txt"
        if not path.exists():
            continue
        clauses = segment(open_document(path, ocr=False, cache=False))
        by_id = {c.id: c for c in clauses}
        contract = Contract(record["file"])
        kept_rows = 0
        for clause, labels in zip(clauses, rules.classify(clauses), strict=True):
            contract.ruled.update(str(label.category) for label in labels)
            parent = by_id.get(clause.parent) if clause.parent else None
            heading = flatten(clause.heading or "")
            parent_heading = flatten(parent.heading or "") if parent else ""
            kept = classified(clause)
            for sentence in sentences(clause.body):
                contract.flats.append(sentence.flat)
                contract.heads.append((heading, parent_heading))
                contract.kept.append(kept)
                if kept:
                    for label in labels:
                        contract.rule_rows.setdefault(str(label.category), set()).add(kept_rows)
                    kept_rows += 1
        for name, answer in record["categories"].items():
            if name not in {str(c) for c in CATEGORIES}:
                continue
            if answer["present"]:
                contract.present.add(name)
            quotes = [flatten(q) for q in answer["quotes"] if len(flatten(q)) >= 8]
            rows = {i for i, flat in enumerate(contract.flats) if _overlaps(flat, quotes)}
            if rows:
                contract.positive[name] = rows
        contracts.append(contract)
        print(f"read {len(contracts)}: {record['file'][:60]}", file=sys.stderr)
    if cache:
        with cache.open("wb") as f:
            pickle.dump(contracts, f)
    for contract in contracts:
        contract.featurize()
    return contracts


#: The categories whose rule labels later steps read: the classifier keeps those labels (see
#: ModelClassifier), so the rules are always part of its answer for them.
_DOWNSTREAM = {rule.category for rule in RuleClassifier().rules} & READ_DOWNSTREAM


def _overlaps(flat: str, quotes: list[str]) -> bool:
    # a quote inside the sentence, the sentence inside a quote, or a quote that starts or ends
    # in it (quotes run across sentence boundaries)
    if len(flat) < 8:
        return False
    for quote in quotes:
        if quote in flat or flat in quote:
            return True
        edge = min(60, len(flat) // 2, len(quote) // 2)
        if edge >= 20 and (flat[-edge:] == quote[:edge] or flat[:edge] == quote[-edge:]):
            return True
        if edge >= 20 and (quote[:edge] in flat or quote[-edge:] in flat):
            return True
    return False


def matrix(contracts: list[Contract], vocabulary: dict[str, int]) -> Any:
    """The sentences of ``contracts`` as a binary sparse matrix over ``vocabulary``."""
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for contract in contracts:
        for feats in contract.feats:
            indices.extend(sorted({vocabulary[f] for f in feats if f in vocabulary}))
            indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, len(vocabulary)))


def build_vocabulary(contracts: list[Contract]) -> list[str]:
    """The features found in at least :data:`MIN_CONTRACTS` contracts, sorted."""
    seen: dict[str, int] = {}
    for contract in contracts:
        for feat in {f for feats in contract.feats for f in feats}:
            seen[feat] = seen.get(feat, 0) + 1
    return sorted(f for f, n in seen.items() if n >= MIN_CONTRACTS)


def fit(contracts: list[Contract]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Vocabulary, weights (features x categories) and biases fitted on ``contracts``."""
    from sklearn.linear_model import LogisticRegression

    vocabulary = build_vocabulary(contracts)
    x = matrix(contracts, {f: i for i, f in enumerate(vocabulary)})
    weights = np.zeros((len(vocabulary), len(CATEGORIES)))
    bias = np.full(len(CATEGORIES), -10.0)
    for k, category in enumerate(CATEGORIES):
        y = np.concatenate([c.labels(str(category)) for c in contracts])
        if y.sum() < 2:
            continue
        model = LogisticRegression(C=C, solver="liblinear", max_iter=200, random_state=0)
        model.fit(x, y)
        weights[:, k] = model.coef_[0]
        bias[k] = model.intercept_[0]
    return vocabulary, weights, bias


def document_scores(
    contracts: list[Contract], vocabulary: list[str], weights: np.ndarray, bias: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per contract and category: the highest sentence probability, and the highest one.

    The second is over the sentences of the clauses the rules label with the category (-1:
    the rules label none), for the veto.
    """
    x = matrix(contracts, {f: i for i, f in enumerate(vocabulary)})
    probabilities = 1 / (1 + np.exp(-(x @ weights + bias)))
    out = np.zeros((len(contracts), len(CATEGORIES)))
    ruled = np.full((len(contracts), len(CATEGORIES)), -1.0)
    at = 0
    for i, contract in enumerate(contracts):
        n = len(contract.feats)
        if n:
            out[i] = probabilities[at : at + n].max(axis=0)
            for k, category in enumerate(CATEGORIES):
                rows = contract.rule_rows.get(str(category))
                if rows:
                    ruled[i, k] = probabilities[at + np.array(sorted(rows)), k].max()
        at += n
    return out, ruled


def choose(
    scores: np.ndarray, gold: np.ndarray, ruled: np.ndarray, *, downstream: bool, cap: float = 1.0
) -> tuple[float, str, float, tuple[int, int, int]]:
    """The threshold, mode and veto with the best document-level F1, and its (tp, fp, fn).

    ``ruled`` is the model's best probability on the clauses the rules label (-1: none). In
    "union" the rules' labels count unless the model gives all of them less than the veto.
    A category a later step reads (``downstream``) keeps its rule labels, so "model" alone
    is not a choice for it: the estimate is of what the classifier does at run time. No veto
    above ``cap`` is tried (see :func:`playbook_caps`).
    """
    best = (-1.0, 0.5, "model", 0.0, (0, 0, 0))
    grid = [0.02, 0.05, *np.round(np.arange(0.1, 0.95, 0.05), 2).tolist(), 1.1]
    for mode in ("union", "rules") if downstream else MODES:
        for threshold in grid if mode != "rules" else [1.1]:
            hit = scores >= threshold
            for veto in [v for v in VETOES if v <= cap] if mode == "union" else (0.0,):
                kept = ruled >= max(veto, 0.0)
                said = hit | kept if mode == "union" else (kept if mode == "rules" else hit)
                counts = _counts(said, gold)
                f1 = _f1(*counts)
                if f1 > best[0] + 1e-9:
                    best = (f1, threshold, mode, veto, counts)
    return best[1], best[2], best[3], best[4]


def _counts(said: np.ndarray, gold: np.ndarray) -> tuple[int, int, int]:
    return int((said & gold).sum()), int((said & ~gold).sum()), int((~said & gold).sum())


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def playbook_caps(vocabulary: list[str], weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Per category, the highest veto that keeps the shipped playbooks' own clauses labelled.

    A revision inserts these texts and reviews the result: a veto that removed their rule
    labels would call its own clauses MISSING. The cap is the lowest, over the positions of
    the category, of the position text's best sentence probability.
    """
    import re
    import tomllib
    from importlib import resources

    from contractkit.playbook.model import SHIPPED

    index = {f: i for i, f in enumerate(vocabulary)}
    caps = np.ones(len(CATEGORIES))
    for file in sorted(set(SHIPPED.values())):
        text = resources.files("contractkit.playbook").joinpath(file).read_text("utf-8")
        for position in tomllib.loads(text)["position"]:
            columns = [k for k, c in enumerate(CATEGORIES) if c.name.lower() in
                       position.get("categories", ())]  # fmt: skip
            for wording in filter(None, (position.get("text"), position.get("fallback"))):
                # {provider} reads "Provider", as the filled-in text would name a party
                wording = re.sub(r"\{(\w+)\}", lambda m: m.group(1).title(), wording)
                heading = flatten(position.get("heading", ""))
                rows = [
                    sorted({index[f] for f in features(p.flat, heading, "", "") if f in index})
                    for p in sentences(wording)
                ]
                logits = np.array([weights[r].sum(axis=0) + bias for r in rows])
                best = (1 / (1 + np.exp(-logits))).max(axis=0)
                for k in columns:
                    caps[k] = min(caps[k], float(best[k]))
    return caps


def cross_validate(
    contracts: list[Contract],
    folds: int,
    scores_file: Path | None = None,
    caps: np.ndarray | None = None,
) -> dict[str, Any]:
    """Out-of-fold document scores, then each fold judged by choices made on the others."""
    fold_of = np.arange(len(contracts)) % folds  # contracts are sorted by name
    scores = np.zeros((len(contracts), len(CATEGORIES)))
    ruled = np.zeros((len(contracts), len(CATEGORIES)))
    for fold in range(folds):
        train = [c for c, f in zip(contracts, fold_of, strict=True) if f != fold]
        test = [c for c, f in zip(contracts, fold_of, strict=True) if f == fold]
        vocabulary, weights, bias = fit(train)
        scores[fold_of == fold], ruled[fold_of == fold] = document_scores(
            test, vocabulary, weights, bias
        )
        print(f"fold {fold + 1}/{folds} fitted", file=sys.stderr)
    gold = np.array([[str(k) in c.present for k in CATEGORIES] for c in contracts])
    if scores_file:
        np.savez(scores_file, scores=scores, ruled=ruled, gold=gold)
    downstream = [k in _DOWNSTREAM for k in CATEGORIES]
    caps = np.ones(len(CATEGORIES)) if caps is None else caps
    totals = {str(k): [0, 0, 0] for k in CATEGORIES}
    rules_totals = {str(k): [0, 0, 0] for k in CATEGORIES}
    for fold in range(folds):
        inside, outside = fold_of == fold, fold_of != fold
        for k, category in enumerate(CATEGORIES):
            threshold, mode, veto, _ = choose(
                scores[outside, k],
                gold[outside, k],
                ruled[outside, k],
                downstream=downstream[k],
                cap=caps[k],
            )
            hit = scores[inside, k] >= threshold
            kept, by_rules = ruled[inside, k] >= veto, ruled[inside, k] >= 0
            said = {"model": hit, "union": hit | kept, "rules": by_rules}
            for total, got in ((totals, said[mode]), (rules_totals, by_rules)):
                counts = _counts(got, gold[inside, k])
                total[str(category)] = [
                    a + b for a, b in zip(total[str(category)], counts, strict=False)
                ]
    chosen = [
        choose(scores[:, k], gold[:, k], ruled[:, k], downstream=downstream[k], cap=caps[k])
        for k in range(len(CATEGORIES))
    ]
    return {
        "cv": summary(totals),
        "rules": summary(rules_totals),
        "thresholds": [c[0] for c in chosen],
        "modes": [c[1] for c in chosen],
        "vetoes": [c[2] for c in chosen],
    }


def summary(totals: dict[str, list[int]]) -> dict[str, Any]:
    """Micro and macro F1 over the mapped categories, and each category's P/R/F1."""
    per = {}
    for name in MAPPED:
        tp, fp, fn = totals[name]
        per[name] = {
            "p": round(tp / (tp + fp), 3) if tp + fp else 0.0,
            "r": round(tp / (tp + fn), 3) if tp + fn else 0.0,
            "f1": round(_f1(tp, fp, fn), 3),
            "support": tp + fn,
        }
    tp, fp, fn = (sum(totals[n][i] for n in MAPPED) for i in range(3))
    return {
        "micro": {
            "p": round(tp / (tp + fp), 3),
            "r": round(tp / (tp + fn), 3),
            "f1": round(_f1(tp, fp, fn), 3),
        },
        "macro_f1": round(sum(v["f1"] for v in per.values()) / len(per), 3),
        "per_category": per,
        "all_categories_micro_f1": round(
            _f1(*(sum(t[i] for t in totals.values()) for i in range(3))), 3
        ),
    }


def main(argv: list[str] | None = None) -> int:
    """Run cross-validation, print its figures as JSON, and write the model."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--cache", type=Path, help="keep the segmented contracts here")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cv-only", action="store_true", help="do not write the model")
    parser.add_argument("--report", type=Path, help="also write the CV figures here (JSON)")
    parser.add_argument("--scores", type=Path, help="keep the out-of-fold scores here (.npz)")
    parser.add_argument("--limit", type=int, help="only the first N contracts (to try it out)")
    parser.add_argument(
        "--choices",
        type=Path,
        help="take thresholds and modes from this earlier --report instead of running CV",
    )
    args = parser.parse_args(argv)
    if not (args.data / "train-labels.jsonl").exists():
        print(f"no CUAD training split at {args.data}", file=sys.stderr)
        return 2
    contracts = read(args.data, args.cache, args.limit)
    vocabulary, weights, bias = fit(contracts)  # the shipped weights: the choices are on top
    if args.choices:
        result = json.loads(args.choices.read_text())
    else:
        caps = playbook_caps(vocabulary, weights, bias)
        result = cross_validate(contracts, args.folds, args.scores, caps)
        report = {"contracts": len(contracts), "folds": args.folds, **result}
        text = json.dumps(report, indent=1)
        print(text)
        if args.report:
            args.report.write_text(text + "\n")
    if not args.cv_only:
        save_model(
            str(args.out),
            categories=list(CATEGORIES),
            vocabulary=vocabulary,
            weights=weights,
            bias=bias,
            thresholds=result["thresholds"],
            modes=result["modes"],
            vetoes=result.get("vetoes", [0.0] * len(CATEGORIES)),
        )
        print(f"wrote {args.out} ({args.out.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
