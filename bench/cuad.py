"""Benchmark: clause classification on real contracts, CUAD's training split (issue 14).

Runs the shared scorer (``../shared/data/cuad/score.py``, next to the repository) on the
split: document-level presence of 17 CUAD categories, contractkit against a keyword baseline,
plus parties and governing law. These are fit-on-train figures (the shipped model was trained
on these contracts); ``--cv`` instead runs the training script's grouped cross-validation,
the estimate for contracts the model has never seen.

    python -m bench.cuad                 # shared scorer, all 300 contracts (a few minutes)
    python -m bench.cuad --limit 40      # a spread of 40
    python -m bench.cuad --cv            # the shipped model's CV figures (scripts/cuad_cv.json)
    python -m bench.cuad --cv --rerun    # run the 5-fold CV by contract again (~20 min)

CUAD © The Atticus Project, CC BY 4.0. The texts are never copied into the repository; when
the folder is absent this says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "cuad"


def _python_wrapper(folder: Path) -> Path:
    # score.py runs ``--python`` as one program: a wrapper puts this checkout's src first
    wrapper = folder / "python"
    wrapper.write_text(
        f'#!/bin/sh\nPYTHONPATH="{ROOT / "src"}${{PYTHONPATH:+:$PYTHONPATH}}" '
        f'exec "{sys.executable}" "$@"\n'
    )
    wrapper.chmod(0o755)
    return wrapper


def run_scorer(data: Path, limit: int | None) -> dict[str, Any]:
    """The shared scorer's JSON summary for this checkout."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            sys.executable,
            str(data / "score.py"),
            "--data",
            str(data / "train"),
            "--labels",
            str(data / "train-labels.jsonl"),
            "--python",
            str(_python_wrapper(Path(tmp))),
        ]
        if limit:
            command += ["--limit", str(limit)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    summary: dict[str, Any] = json.loads(done.stdout)
    return summary


def run_cv(data: Path, folds: int) -> dict[str, Any]:
    """The training script's cross-validated figures (it writes no model here)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "cv.json"
        command = [
            sys.executable,
            str(ROOT / "scripts" / "train_classifier.py"),
            "--data",
            str(data),
            "--folds",
            str(folds),
            "--cv-only",
            "--report",
            str(report),
        ]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
        cv: dict[str, Any] = json.loads(report.read_text())
        return cv


def print_table(columns: dict[str, dict[str, Any]]) -> None:
    """Micro and macro F1, then P/R/F1 per category, one column per system."""
    names = list(columns)
    print(f"{'':38}" + "".join(f"{n:>22}" for n in names))
    print(f"{'micro F1 (P / R)':38}" + "".join(_micro(columns[n]) for n in names))
    print(f"{'macro F1':38}" + "".join(f"{columns[n]['macro_f1']:>22.3f}" for n in names))
    first = columns[names[0]]["per_category"]
    for category in first:
        cells = []
        for n in names:
            v = columns[n]["per_category"][category]
            cells.append(f"{v['f1']:>8.3f} ({v['p']:.2f}/{v['r']:.2f})")
        print(f"{category[:33]:33} {first[category]['support']:>4}" + "".join(cells))


def _micro(column: dict[str, Any]) -> str:
    micro = column["micro"]
    return f"{micro['f1']:>8.3f} ({micro['p']:.2f}/{micro['r']:.2f})"


def main(argv: list[str] | None = None) -> int:
    """Score this checkout on CUAD, or cross-validate the model with ``--cv``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the CUAD folder")
    parser.add_argument("--limit", type=int, help="score a spread of this many contracts")
    parser.add_argument("--cv", action="store_true", help="cross-validate instead")
    parser.add_argument("--rerun", action="store_true", help="with --cv: run it again")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    stored = ROOT / "scripts" / "cuad_cv.json"
    if args.cv and not args.rerun and stored.exists():
        result = json.loads(stored.read_text())
        print(f"{result['contracts']} contracts, {result['folds']}-fold CV by contract (stored)")
        print_table({"contractkit (CV)": result["cv"], "rules alone": result["rules"]})
        return 0
    if not (args.data / "score.py").exists():
        print(f"skipped: no CUAD data at {args.data} (see docs/development.md)")
        return 0
    if args.cv:
        result = run_cv(args.data, args.folds)
        print(f"{result['contracts']} contracts, {result['folds']}-fold CV by contract")
        print_table({"contractkit (CV)": result["cv"], "rules alone": result["rules"]})
    else:
        result = run_scorer(args.data, args.limit)
        ck, base = result["contractkit"], result["baseline"]
        print(f"{ck['contracts']} contracts, {ck['failures']} failed, {result['seconds']} s")
        print_table({"contractkit": ck, "keyword baseline": base})
        print(f"parties {ck['parties']}  governing law {ck['governing_law']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
