"""The trained sentence model behind :class:`~contractkit.clauses.classify.ModelClassifier`.

A linear model (one logistic regression per CUAD category, issue 14) over the words and word
pairs of a sentence and the words of its clause's heading and parent heading. It is trained by
``scripts/train_classifier.py`` from the CUAD training split (the lawyers' quotes mark the
positive sentences) and shipped as ``cuad_model.npz``: a vocabulary, int8 weights with one
scale per category, biases and the per-category thresholds chosen by cross-validation. Only
numpy is needed to apply it, and it is read once, on first use.

The features are defined here, once, so that training and prediction cannot drift apart.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from contractkit.clauses.taxonomy import ClauseType

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["Context", "Model", "features", "load_model", "save_model"]

MODEL_FILE = "cuad_model.npz"
#: A sentence longer than this is read only this far: tables and run-on pages with no full
#: stop would otherwise cost time and add noise, and the start carries the operative words.
_MAX_SENTENCE = 2000
#: Only the end of the sentence before is read: what it leads into is at its end.
_MAX_PREVIOUS = 400
_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]|\d+")


def _words(text: str) -> list[str]:
    # numbers become "0": "thirty (30) days" and "sixty (60) days" should be the same evidence
    return ["0" if w[0].isdigit() else w for w in _WORD.findall(text)]


def features(flat: str, heading: str, parent_heading: str, previous: str) -> Iterator[str]:
    """The feature names of one sentence: words, word pairs, and context words (marked).

    The sentence before matters because many clauses are only what they are by reference:
    "The foregoing shall not apply to…" is a carve-out from a cap only after the cap.

    Args:
        flat: The sentence, flattened (see :func:`~contractkit.clauses.classify.flatten`).
        heading: The clause heading, flattened (empty when there is none).
        parent_heading: The parent clause's heading, flattened (empty when none).
        previous: The sentence before in reading order, flattened (empty for the first).
    """
    words = _words(flat[:_MAX_SENTENCE])
    yield from words
    for first, second in itertools.pairwise(words):
        yield f"{first} {second}"
    for word in _words(heading):
        yield f"h:{word}"
    for word in _words(parent_heading):
        yield f"p:{word}"
    for word in _words(previous[-_MAX_PREVIOUS:]):
        yield f"b:{word}"


#: What the model reads of a sentence: the sentence, its clause's heading, the parent's heading
#: and the sentence before, all flattened (the arguments of :func:`features`).
Context = tuple[str, str, str, str]


@dataclass(frozen=True, slots=True)
class Model:
    """The shipped weights: ``weights[feature, category]`` = ``int8 * scale[category]``.

    Attributes:
        categories: The category of each column.
        vocabulary: Feature name to row.
        weights: Dequantised weights, float32, features by categories.
        bias: One intercept per category.
        thresholds: The probability from which a sentence gets the category.
        modes: Per category, ``"model"``, ``"rules"`` or ``"union"``: how the classifier
            combines the model with the rules for it (chosen by cross-validation).
        vetoes: Per category, in ``"union"``: a rule label stands only where one of the
            clause's sentences scores at least this (0: every rule label stands).
    """

    categories: tuple[ClauseType, ...]
    vocabulary: dict[str, int]
    weights: NDArray[np.float32]
    bias: NDArray[np.float32]
    thresholds: NDArray[np.float32]
    modes: tuple[str, ...]
    vetoes: NDArray[np.float32]

    def probabilities(self, contexts: Sequence[Context]) -> NDArray[np.float64]:
        """P(category | sentence) for each sentence (rows) and category (columns).

        All the sentences of a document go in one call: numpy's cost is per call, and a long
        contract has thousands of clauses (the speed goal is 50 pages a second).
        """
        vocabulary = self.vocabulary
        rows: list[int] = []
        starts: list[int] = []
        for context in contexts:
            starts.append(len(rows))
            # each feature once per sentence, as in training (a binary matrix)
            found = {vocabulary.get(f) for f in features(*context)}
            found.discard(None)
            rows.extend(found)  # type: ignore[arg-type]
        logits = np.tile(self.bias.astype(np.float64), (len(contexts), 1))
        if rows:
            gathered = self.weights[np.asarray(rows, dtype=np.intp)]
            # reduceat needs a row to start each segment; empty sentences get the bias only
            counts = np.diff([*starts, len(rows)])
            filled = counts > 0
            logits[filled] += np.add.reduceat(gathered, np.asarray(starts)[filled], axis=0)
        return np.asarray(1.0 / (1.0 + np.exp(-logits)))

    def explain(self, context: Context, column: int) -> tuple[str, ...]:
        """The (up to three) features of a sentence that weigh most for one category."""
        weights = self.weights[:, column]
        found = {
            f: float(weights[i])
            for f in features(*context)
            if (i := self.vocabulary.get(f)) is not None
        }
        top = sorted(found, key=lambda f: (-found[f], f))[:3]
        return tuple(f for f in top if found[f] > 0)


def save_model(
    path: str,
    *,
    categories: Sequence[ClauseType],
    vocabulary: Sequence[str],
    weights: NDArray[np.float64],
    bias: NDArray[np.float64],
    thresholds: Sequence[float],
    modes: Sequence[str],
    vetoes: Sequence[float] = (),
) -> None:
    """Write a model in the shipped format (used by the training script).

    Weights are stored as int8 with one scale per category: a tenth of the size of float32,
    and the rounding moves no probability by more than a few thousandths.
    """
    scale = np.abs(weights).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    quantised = np.round(weights / scale).astype(np.int8)
    with open(path, "wb") as out:  # noqa: PTH123 - savez_compressed wants a file object here
        np.savez_compressed(
            out,
            categories=np.array([str(c) for c in categories]),
            vocabulary=np.array(["\n".join(vocabulary)]),
            weights=quantised,
            scale=scale.astype(np.float32),
            bias=np.asarray(bias, dtype=np.float32),
            thresholds=np.asarray(thresholds, dtype=np.float32),
            modes=np.array(list(modes)),
            vetoes=np.asarray(vetoes or [0.0] * len(categories), dtype=np.float32),
        )


@functools.cache
def load_model(path: str | None = None) -> Model:
    """The shipped model (or the one at ``path``), read once per process.

    Raises:
        ValueError: The file is not a model in this format.
    """
    try:
        if path is None:
            with resources.files("contractkit.clauses").joinpath(MODEL_FILE).open("rb") as f:
                data = dict(np.load(f, allow_pickle=False))
        else:
            data = dict(np.load(path, allow_pickle=False))
        vocabulary = str(data["vocabulary"][0]).split("\n")
        weights = data["weights"].astype(np.float32) * data["scale"][None, :]
        return Model(
            categories=tuple(ClauseType(str(c)) for c in data["categories"]),
            vocabulary={f: i for i, f in enumerate(vocabulary)},
            weights=weights,
            bias=data["bias"].astype(np.float32),
            thresholds=data["thresholds"].astype(np.float32),
            modes=tuple(str(m) for m in data["modes"]),
            vetoes=data.get("vetoes", np.zeros(len(data["categories"]))).astype(np.float32),
        )
    except (OSError, KeyError, ValueError) as exc:
        raise ValueError(f"{path or MODEL_FILE}: not a contractkit clause model: {exc}") from exc
