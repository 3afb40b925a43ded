"""The CUAD-trained clause model: it loads, labels what it should, and shows its evidence.

The contract text below was written for these tests (no CUAD text enters the repository);
the test that retrains the model from CUAD skips when the data folder is absent.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

import contractkit
from contractkit import ClauseType, ModelClassifier
from contractkit.clauses._model import MODEL_FILE, load_model
from contractkit.clauses.classify import sentences
from contractkit.clauses.segment import segment
from contractkit.clauses.taxonomy import CUAD_CATEGORIES

ROOT = Path(__file__).resolve().parents[2]
CUAD = ROOT.parent / "shared" / "data" / "cuad"

CONTRACT = textwrap.dedent(
    """\
    SUPPLY AGREEMENT

    This Supply Agreement is made between Fernhill Pumps Inc., a Delaware corporation
    ("Supplier"), and Lakeside Water Co., an Ohio corporation ("Buyer").

    1. Term and Renewal

    1.1 This Agreement begins on the Effective Date and lasts for three (3) years. It renews
    automatically for further one (1) year periods unless either party notifies the other
    in writing of its decision not to renew at least ninety (90) days before the end of the
    current period.

    2. Termination

    2.1 Buyer may terminate this Agreement upon written notice to Supplier if Supplier
    undergoes a change of control, including any merger or sale of all or substantially all of
    its assets to a competitor of Buyer.

    3. Limitation of Liability

    3.1 Except for a party's indemnification obligations and liability for gross negligence
    or wilful misconduct, in no event shall either party's aggregate liability under this
    Agreement exceed the amounts paid by Buyer in the twelve (12) months before the claim.

    3.2 The limitation in Section 3.1 shall not apply to breaches of confidentiality or to
    Supplier's indemnity obligations, for which Supplier's liability is unlimited.

    4. Assignment

    4.1 Neither party may assign or transfer this Agreement, in whole or in part, without the
    prior written consent of the other party.

    5. Governing Law

    5.1 This Agreement is governed by and shall be construed under the laws of the State of
    New York.

    6. Records

    6.1 Supplier shall keep complete and accurate books and records relating to the Products,
    and Buyer may audit and inspect those records on reasonable notice during business hours.
    """
)


@pytest.fixture(scope="module")
def labelled() -> contractkit.Extraction:
    return contractkit.extract(CONTRACT.encode())


def _categories_of(extraction: contractkit.Extraction, number: str) -> set[ClauseType]:
    clause = next(c for c in extraction.clauses if c.number == number)
    return set(clause.categories)


def test_the_shipped_model_loads_small_and_covers_every_cuad_category() -> None:
    path = resources.files("contractkit.clauses").joinpath(MODEL_FILE)
    assert len(path.read_bytes()) < 3_000_000
    model = load_model()
    assert set(model.categories) == set(CUAD_CATEGORIES)
    assert model.weights.shape == (len(model.vocabulary), len(model.categories))
    assert all(0 < t < 1 for t in model.thresholds)
    assert set(model.modes) <= {"model", "rules", "union"}


def test_the_model_scores_the_same_twice() -> None:
    model = load_model()
    flats = [s.flat for s in sentences(CONTRACT)]
    contexts = [(f, "termination", "", b) for f, b in zip(flats, ["", *flats], strict=False)]
    first = model.probabilities(contexts)
    again = model.probabilities(list(reversed(contexts)))[::-1]
    assert np.array_equal(first, again)
    assert first.shape == (len(flats), len(model.categories))
    assert ((first >= 0) & (first <= 1)).all()


def test_the_default_classifier_is_the_model_with_the_rules(
    labelled: contractkit.Extraction,
) -> None:
    assert ClauseType.NOTICE_TO_TERMINATE_RENEWAL in _categories_of(labelled, "1.1")
    assert ClauseType.RENEWAL_TERM in _categories_of(labelled, "1.1")
    assert ClauseType.CHANGE_OF_CONTROL in _categories_of(labelled, "2.1")
    assert ClauseType.CAP_ON_LIABILITY in _categories_of(labelled, "3.1")
    assert ClauseType.UNCAPPED_LIABILITY in _categories_of(labelled, "3.2")
    assert ClauseType.ANTI_ASSIGNMENT in _categories_of(labelled, "4.1")
    assert ClauseType.GOVERNING_LAW in _categories_of(labelled, "5.1")
    assert ClauseType.AUDIT_RIGHTS in _categories_of(labelled, "6.1")
    # and not where it does not belong
    assert ClauseType.GOVERNING_LAW not in _categories_of(labelled, "4.1")
    assert ClauseType.CHANGE_OF_CONTROL not in _categories_of(labelled, "5.1")


def test_every_label_shows_the_sentence_that_triggered_it(
    labelled: contractkit.Extraction,
) -> None:
    labels = [(c, label) for c in labelled.clauses for label in c.labels]
    assert labels
    for clause, label in labels:
        assert label.evidence and label.evidence in clause.text
        assert len(label.evidence) <= 300
        assert 0.5 <= label.score <= 1
    law = next(c for c in labelled.clauses if c.number == "5.1")
    evidence = next(x.evidence for x in law.labels if x.category is ClauseType.GOVERNING_LAW)
    assert "laws of the State of" in evidence


def test_the_terms_read_from_model_labels(labelled: contractkit.Extraction) -> None:
    law = [t for t in labelled.terms if t.name == "governing_law"]
    assert law, "the governing-law clause must carry its label for the term to be read"


def test_the_classifier_is_found_by_name_and_takes_a_model_file(tmp_path: Path) -> None:
    path = resources.files("contractkit.clauses").joinpath(MODEL_FILE)
    copy = tmp_path / "model.npz"
    copy.write_bytes(path.read_bytes())
    clauses = segment(contractkit.open(CONTRACT.encode()))
    by_name = contractkit.plugins.classifier_named("cuad").classify(clauses)
    assert ModelClassifier(copy).classify(clauses) == by_name
    with pytest.raises(ValueError, match="not a contractkit clause model"):
        ModelClassifier(tmp_path / "missing.npz")


@pytest.mark.slow
@pytest.mark.skipif(not (CUAD / "train-labels.jsonl").exists(), reason="no CUAD data here")
@pytest.mark.skipif(
    not os.environ.get("CONTRACTKIT_RETRAIN"),
    reason="retraining takes about 10 minutes: set CONTRACTKIT_RETRAIN=1 to check it",
)
def test_retraining_reproduces_the_shipped_model(tmp_path: Path) -> None:
    out = tmp_path / "model.npz"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "train_classifier.py"),
            *("--choices", str(ROOT / "scripts" / "cuad_cv.json")),
            *("--out", str(out)),
        ],
        check=True,
        capture_output=True,
    )
    # the arrays, not the bytes: a zip member carries the time it was written
    with resources.files("contractkit.clauses").joinpath(MODEL_FILE).open("rb") as f:
        shipped = dict(np.load(f, allow_pickle=False))
    retrained = dict(np.load(out, allow_pickle=False))
    assert shipped.keys() == retrained.keys()
    for key, array in shipped.items():
        assert np.array_equal(array, retrained[key]), key


def test_the_categories_later_steps_read_keep_the_rules_labels() -> None:
    # Terms, the default playbook and the exit toolkit read these categories from clauses:
    # the model may not replace the rules' labels there, only veto a few (READ_DOWNSTREAM).
    import ast
    from pathlib import Path

    from contractkit.clauses.classify import READ_DOWNSTREAM
    from contractkit.clauses.taxonomy import ClauseType
    from contractkit.playbook.model import default_playbook
    from contractkit.terms.extract import TERM_CATEGORIES

    read = set().union(*TERM_CATEGORIES.values())
    read |= {ClauseType[c.upper()] for p in default_playbook().positions for c in p.categories}
    exit_folder = Path(__file__).resolve().parents[2] / "src" / "contractkit" / "exit"
    for path in exit_folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and getattr(node.value, "id", "") == "ClauseType":
                read.add(ClauseType[node.attr])
    assert read <= READ_DOWNSTREAM, read - READ_DOWNSTREAM


def test_a_rule_label_the_model_gives_no_chance_is_vetoed(tmp_path: Path) -> None:
    # One sentence the rules call termination for convenience; a model file whose veto for it
    # is above any probability removes the label, one with no veto keeps it (the model's own
    # labels switched off by a threshold above 1, so it cannot fill the label in again).
    text = (
        "SERVICES AGREEMENT\n\nThis Agreement is made between Alder Works Ltd and Birch Co.\n\n"
        "1. Termination\n\nEither party may terminate this Agreement for convenience on 30 "
        "days' written notice.\n"
    )
    clauses = segment(contractkit.open(text.encode()))
    with resources.files("contractkit.clauses").joinpath(MODEL_FILE).open("rb") as f:
        arrays = dict(np.load(f, allow_pickle=False))
    column = [str(c) for c in arrays["categories"]].index(
        str(ClauseType.TERMINATION_FOR_CONVENIENCE)
    )
    found = {}
    for veto in (0.0, 1.0):
        modes, vetoes = arrays["modes"].copy(), arrays["vetoes"].copy()
        thresholds = arrays["thresholds"].copy()
        modes[column], vetoes[column], thresholds[column] = "union", veto, 2.0  # no fill-in
        path = tmp_path / f"veto-{veto}.npz"
        changed = {"modes": modes, "vetoes": vetoes, "thresholds": thresholds}
        np.savez(path, **(arrays | changed))
        labels = ModelClassifier(path).classify(clauses)
        found[veto] = {label.category for labelled in labels for label in labelled}
    assert ClauseType.TERMINATION_FOR_CONVENIENCE in found[0.0]
    assert ClauseType.TERMINATION_FOR_CONVENIENCE not in found[1.0]
