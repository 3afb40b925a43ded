"""Benchmark: ``contractkit.extract`` against the labelled corpus, and its speed.

Every contract of ``tests/fixtures/corpus`` is rendered as its labels say (born-digital PDF,
scan, DOCX or text), given to ``contractkit.extract`` as bytes and scored against its labels
(``bench/_scoring.py`` says how): clause categories per category, micro, macro and for the
termination/notice/renewal/liability group; segmentation and headings; terms; parties. Dev
and heldout are reported separately, then each contract on a line. A contract whose
extraction fails counts as all missed and the run carries on.

Speed: a generated born-digital contract of ``--pages`` pages (the one ``bench.document``
reads) is extracted in a fresh subprocess, cache off; the figure is pages per second of the
``extract`` call (heavy imports it triggers included), plus the whole process's wall time.

    python -m bench.extract                               # both splits, 100-page speed run
    python -m bench.extract --split dev --verbose --pages 0   # every miss, no speed run
    python -m bench.extract --json results.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench._scoring import CATEGORIES, GROUP_NAME, Case, Scores, score
from bench.document import _peak_kib, fmt
from tests.fixtures.corpus import CorpusContract, load_corpus, render

ROOT = Path(__file__).resolve().parents[1]
SPLITS = ("dev", "heldout")


@dataclass(frozen=True)
class Outcome:
    """One contract's extraction: the prediction (None on failure) and how it went."""

    name: str
    split: str
    render: str
    expected: dict[str, Any]
    predicted: dict[str, Any] | None
    seconds: float
    error: str = ""
    warnings: int = 0

    @property
    def case(self) -> Case:
        return Case(self.name, self.expected, self.predicted)


def extract_contract(contract: CorpusContract) -> Outcome:
    """Render one corpus contract and extract it; any failure is kept as the error."""
    predicted: dict[str, Any] | None = None
    error = ""
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            import contractkit

            data, _ = render(contract)
            start = time.perf_counter()
            predicted = contractkit.extract(data).to_dict()
        except Exception as exc:  # report it, score the contract as all missed
            error = f"{type(exc).__name__}: {exc}"[:200]
    seconds = time.perf_counter() - start
    return Outcome(
        contract.name,
        contract.split,
        contract.render,
        contract.expected,
        predicted,
        seconds,
        error,
        len(caught),
    )


# --- speed --------------------------------------------------------------------------------


def child(path: Path) -> None:
    """Extract ``path`` once and print one JSON line with the figures (or the error)."""
    row: dict[str, Any] = {"ok": False}
    try:
        import contractkit

        data = path.read_bytes()
        start = time.perf_counter()
        extraction = contractkit.extract(data, read=contractkit.ReadOptions(cache=False))
        seconds = time.perf_counter() - start
        out = extraction.to_dict()
        row |= {"ok": True, "seconds": seconds, "pages": out.get("document", {}).get("pages")}
        row |= {"clauses": len(out.get("clauses", [])), "terms": len(out.get("terms", []))}
    except BaseException as error:  # report anything, the parent carries on
        row["error"] = f"{type(error).__name__}: {error}"[:200]
    row["peak_kib"] = _peak_kib()
    print(json.dumps(row), flush=True)


def measure_speed(pages: int) -> dict[str, Any]:
    """Extract a generated ``pages``-page born-digital contract in a fresh subprocess."""
    from tests import fixtures

    fixture = fixtures.contract_pdf(pages=pages)
    with tempfile.TemporaryDirectory(prefix="ck-bench-extract-") as tmp:
        path = fixture.write(Path(tmp))
        env = os.environ | {"CONTRACTKIT_CACHE_DIR": str(Path(tmp) / "cache")}
        argv = [sys.executable, "-m", "bench.extract", "--child", str(path)]
        start = time.perf_counter()
        proc = subprocess.run(
            argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=3600
        )
        wall = time.perf_counter() - start
    row: dict[str, Any] = {"ok": False, "error": f"exit {proc.returncode}"}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            row = json.loads(line)
            break
    else:
        tail = (proc.stderr.strip().splitlines() or [""])[-1][:150]
        row["error"] += f": {tail}"
    row |= {"input_pages": pages, "wall_seconds": wall}
    if row.get("ok"):
        counted = row.get("pages") or pages
        row["pages_per_second"] = counted / row["seconds"] if row["seconds"] else None
    return row


# --- tables -------------------------------------------------------------------------------


def _counts_row(label: str, counts: Any) -> str:
    return (
        f"| {label} | {counts.tp + counts.fn} | {counts.tp + counts.fp} | {counts.tp} | "
        f"{fmt(counts.precision, '.3f')} | {fmt(counts.recall, '.3f')} | {fmt(counts.f1, '.3f')} |"
    )


def category_table(scores: Scores) -> str:
    """Per-category precision, recall and F1, then micro, macro and the group."""
    cats = scores.categories
    rows = [
        "| category | expected | predicted | TP | precision | recall | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, counts in cats.per_category.items():
        if counts.tp + counts.fp + counts.fn:
            label = name if name in CATEGORIES else f"{name} (not in the taxonomy)"
            rows.append(_counts_row(label, counts))
    rows.append(_counts_row("**micro**", cats.micro))
    rows.append(
        f"| **macro** | | | | {fmt(cats.macro_precision, '.3f')} | "
        f"{fmt(cats.macro_recall, '.3f')} | {fmt(cats.macro_f1, '.3f')} |"
    )
    rows.append(_counts_row(f"**{GROUP_NAME}**", cats.group))
    return "\n".join(rows)


def segmentation_table(scores: Scores) -> str:
    seg = scores.segmentation
    return "\n".join(
        [
            "| segmentation | value |",
            "|---|---:|",
            f"| clauses expected / predicted / matched | {seg.expected} / {seg.predicted} / "
            f"{seg.matched} |",
            f"| recall | {fmt(seg.recall, '.3f')} |",
            f"| precision | {fmt(seg.precision, '.3f')} |",
            f"| heading accuracy (matched clauses) | {fmt(seg.heading_accuracy, '.3f')} |",
            f"| kind accuracy (matched clauses) | {fmt(seg.kind_accuracy, '.3f')} |",
        ]
    )


def term_table(scores: Scores) -> str:
    """Exact matches per term name (names expected or predicted somewhere) and overall."""
    rows = [
        "| term | expected | matched | exact match | predicted | spurious |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    terms = scores.terms
    totals = [(f"**{GROUP_NAME}**", terms.group), ("**overall**", terms.overall)]
    for name, c in [*terms.per_name.items(), *totals]:
        if c.expected or c.predicted or name.startswith("**"):
            rows.append(
                f"| {name} | {c.expected} | {c.matched} | {fmt(c.exact_match, '.3f')} | "
                f"{c.predicted} | {c.spurious} |"
            )
    return "\n".join(rows)


def party_line(scores: Scores) -> str:
    p = scores.parties
    return (
        f"parties: name found {p.names_found}/{p.expected} ({fmt(p.name_recall, '.3f')}), "
        f"name and role {p.roles_right}/{p.expected} ({fmt(p.role_recall, '.3f')}), "
        f"{p.spurious} predicted parties matching none"
    )


def contract_table(outcomes: list[Outcome]) -> str:
    """One line per contract: what it is, how long it took, its scores, its error."""
    rows = [
        "| contract | split | render | seconds | clauses R / P | category F1 | terms | "
        "parties (name+role) | error |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for o in outcomes:
        one = score([o.case])
        seg, cats, terms, parties = one.segmentation, one.categories, one.terms, one.parties
        overall = terms.overall
        rows.append(
            f"| {o.name} | {o.split} | {o.render} | {o.seconds:.2f} | "
            f"{fmt(seg.recall, '.2f')} / {fmt(seg.precision, '.2f')} | "
            f"{fmt(cats.micro.f1, '.2f')} | {overall.matched}/{overall.expected} | "
            f"{parties.roles_right}/{parties.expected} | {o.error} |"
        )
    return "\n".join(rows)


def report(split: str, scores: Scores, verbose: bool) -> str:
    if not scores.contracts:
        return f"## {split}: no contracts"
    parts = [
        f"## {split}: {scores.contracts} contracts",
        "",
        category_table(scores),
        "",
        segmentation_table(scores),
        "",
        term_table(scores),
        "",
        party_line(scores),
    ]
    if verbose:
        misses = scores.misses()
        parts += ["", f"misses ({len(misses)}):"]
        parts += [f"  {name}: {message}" for name, message in misses]
    return "\n".join(parts)


def speed_line(row: dict[str, Any]) -> str:
    if not row.get("ok"):
        return f"speed: FAIL on {row['input_pages']} pages ({row.get('error', '?')})"
    return (
        f"speed: {fmt(row.get('pages_per_second'), '.1f')} pages/s "
        f"({row.get('pages')} pages in {row['seconds']:.2f} s; process wall "
        f"{row['wall_seconds']:.2f} s; peak RSS {row['peak_kib'] / 1024:.0f} MiB; "
        f"{row.get('clauses')} clauses, {row.get('terms')} terms)"
    )


# --- main ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    parser.add_argument(
        "--pages", type=int, default=100, help="pages of the speed run's contract (0: no run)"
    )
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    contracts = load_corpus(None if args.split == "all" else args.split)
    outcomes = []
    for contract in contracts:
        outcome = extract_contract(contract)
        outcomes.append(outcome)
        status = outcome.error or "ok"
        print(
            f"{contract.name:30} {contract.render:5} {outcome.seconds:7.2f} s {status}",
            file=sys.stderr,
            flush=True,
        )
    splits = [s for s in SPLITS if args.split in (s, "all")]
    by_split = {s: score([o.case for o in outcomes if o.split == s]) for s in splits}
    failed = sum(1 for o in outcomes if o.error)
    print(f"corpus: {len(outcomes)} contracts; extraction failed on {failed}")
    for split, scores in by_split.items():
        print()
        print(report(split, scores, args.verbose))
    print()
    print(contract_table(outcomes))
    speed: dict[str, Any] | None = None
    if args.pages > 0:
        speed = measure_speed(args.pages)
        print()
        print(speed_line(speed))
    if args.json:
        payload = {
            "splits": {split: scores.to_dict() for split, scores in by_split.items()},
            "contracts": [
                {
                    "name": o.name,
                    "split": o.split,
                    "render": o.render,
                    "seconds": o.seconds,
                    "error": o.error,
                    "warnings": o.warnings,
                    "scores": score([o.case]).to_dict(),
                    "misses": [message for _, message in score([o.case]).misses()],
                }
                for o in outcomes
            ],
            "speed": speed,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
