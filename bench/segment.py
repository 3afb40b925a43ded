"""Benchmark: clause segmentation of real contracts (CUAD's EDGAR texts, issue 14).

The project's own corpus is written to be segmented; real filings are not. This reads the
CUAD training texts (``../shared/data/cuad/train``; the run is skipped when the folder is
absent) with ``contractkit.open`` and segments each, then reports:

- **quotes inside one clause**: the share of the lawyers' quotes (every category of
  ``train-labels.jsonl``, whitespace and quote marks normalised) that fall within one clause's
  own text rather than straddling a clause start. A boundary put mid-sentence splits quotes,
  so this is a proxy for boundaries in the right place; it is trivially 1.0 for a contract
  left in one piece, hence the next figure. Lawyers often quote a lead-in with its list
  (``… as follows: (a) … (b) …``), so the share inside the clause a quote starts in, its
  sub-clauses included, is given too (a quote running into the next sibling still counts
  against it), and the share inside one top-level clause.
- **contracts with >= 5 numbered clauses**: real contracts nearly all have them.
- **duplicate numbers**: clauses with the same number under the same parent, per contract (a
  table of contents read as clauses, or a schedule numbered into the body).
- **suspect headings**: headings that look like a table-of-contents line (dot leaders, a
  trailing page number) or a cross-reference (``of the Lease``, ``et seq``, a lower-case start).
- milliseconds per contract for ``open`` and for ``segment`` (wall and CPU time).

    python -m bench.segment                 # all 306 training texts
    python -m bench.segment --limit 40 --verbose
    python -m bench.segment --show NAME     # one contract's outline, to read by eye
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CUAD = ROOT.parent / "shared" / "data" / "cuad"
_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
_TOC = re.compile(r"\.{4,}|…|\s\d{1,3}$|^\d{1,3}$")
_CROSS_REF = re.compile(
    r"^(?:[a-z]|(?i:of|et\s+seq|hereof|herein|above|below)\b)"
    r"|\b(?i:of|to|in|under)\s+the\s*$|\b(?i:shall|will|may)\b"
)


@dataclass(frozen=True)
class Result:
    """One contract's segmentation figures."""

    name: str
    clauses: int
    numbered: int
    duplicates: int
    suspect: list[str]
    quotes: int
    found: int
    inside: int
    inside_tree: int
    inside_top: int
    open_seconds: float
    segment_seconds: float
    segment_cpu_seconds: float = 0.0
    error: str = ""


def normalise(text: str) -> tuple[str, list[int]]:
    """``text`` with runs of whitespace made one space and quote marks plain, and the map back.

    The map gives, for each character of the result, its offset in ``text``, so a quote found
    in the normalised text is placed in the original.
    """
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, char in enumerate(text.translate(_QUOTE_MARKS)):
        if char.isspace():
            space = bool(out)
            continue
        if space:
            out.append(" ")
            where.append(i)
            space = False
        out.append(char)
        where.append(i)
    return "".join(out), where


def suspect_heading(heading: str) -> bool:
    """A heading that reads as a table-of-contents line or a cross-reference."""
    return bool(_TOC.search(heading) or _CROSS_REF.search(heading))


def measure(path: Path, quotes: list[str]) -> Result:
    """Open and segment one contract and score its clause boundaries against ``quotes``."""
    import contractkit
    from contractkit.clauses.segment import segment

    start = time.perf_counter()
    try:
        doc = contractkit.open(path)
        doc.page_at(0)  # the page index is the document's, built once: not segmentation's
        opened, cpu = time.perf_counter(), time.process_time()
        clauses = segment(doc)
        cpu = time.process_time() - cpu
    except Exception as exc:  # a failure is a result too; carry on with the rest
        error = repr(exc)[:200]
        return Result(path.stem, 0, 0, 0, [], len(quotes), 0, 0, 0, 0, 0.0, 0.0, error=error)
    done = time.perf_counter()
    starts = [c.start for c in clauses]  # reading order
    tops = [c.start for c in clauses if c.level == 1]
    ends = subtree_ends(clauses, len(doc.text))
    text, where = normalise(doc.text)
    found = inside = inside_tree = inside_top = 0
    for quote in quotes:
        needle, _ = normalise(quote)
        at = text.find(needle) if needle else -1
        if at < 0:
            continue
        found += 1
        first, last = where[at], where[at + len(needle) - 1]
        # a clause starting strictly inside the quote means the quote straddles a boundary
        if not any(first < s <= last for s in starts):
            inside += 1
        home = bisect.bisect_right(starts, first) - 1
        if home < 0 or ends[home] > last:
            inside_tree += 1  # within the clause it starts in, that clause's sub-clauses included
        if not any(first < s <= last for s in tops):
            inside_top += 1
    seen = Counter((c.parent, c.number) for c in clauses if c.number)
    duplicates = sum(n - 1 for n in seen.values())
    numbered = sum(1 for c in clauses if c.number and c.kind in ("clause", "definitions"))
    suspect = [c.heading for c in clauses if c.heading and suspect_heading(c.heading)]
    return Result(
        path.stem,
        len(clauses),
        numbered,
        duplicates,
        suspect,
        len(quotes),
        found,
        inside,
        inside_tree,
        inside_top,
        opened - start,
        done - opened,
        cpu,
    )


def subtree_ends(clauses: list[Any], length: int) -> list[int]:
    """Per clause, where it ends with its sub-clauses: the start of the next clause not under it."""
    ends = [length] * len(clauses)
    open_: list[int] = []  # indexes of clauses whose subtree is still open
    for i, clause in enumerate(clauses):
        while open_ and clauses[open_[-1]].level >= clause.level:
            ends[open_.pop()] = clause.start
        open_.append(i)
    return ends


def load_labels(root: Path) -> dict[str, list[str]]:
    """Every quote the lawyers highlighted, per contract file name."""
    out: dict[str, list[str]] = {}
    with (root / "train-labels.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            quotes = [q for c in row["categories"].values() for q in c.get("quotes", []) if q]
            out[row["file"]] = quotes
    return out


def summary(results: list[Result]) -> dict[str, Any]:
    """The figures over all contracts."""
    ok = [r for r in results if not r.error]
    found = sum(r.found for r in ok)
    return {
        "contracts": len(results),
        "failed": len(results) - len(ok),
        "quotes": sum(r.quotes for r in ok),
        "quotes_found": found,
        "quotes_inside_one_clause": round(sum(r.inside for r in ok) / found, 4) if found else 0,
        "quotes_inside_one_clause_with_its_sub_clauses": (
            round(sum(r.inside_tree for r in ok) / found, 4) if found else 0
        ),
        "quotes_inside_one_top_level_clause": (
            round(sum(r.inside_top for r in ok) / found, 4) if found else 0
        ),
        "share_with_5_numbered": round(sum(r.numbered >= 5 for r in ok) / len(ok), 4),
        "median_clauses": statistics.median(r.clauses for r in ok),
        "duplicates_per_contract": round(sum(r.duplicates for r in ok) / len(ok), 2),
        "contracts_with_duplicates": sum(r.duplicates > 0 for r in ok),
        "suspect_headings": sum(len(r.suspect) for r in ok),
        "contracts_with_suspect_headings": sum(bool(r.suspect) for r in ok),
        "open_ms_per_contract": round(1000 * statistics.mean(r.open_seconds for r in ok), 1),
        "segment_ms_per_contract": round(1000 * statistics.mean(r.segment_seconds for r in ok), 1),
        "segment_ms_max": round(1000 * max(r.segment_seconds for r in ok), 1),
        # CPU time: on a shared machine the wall time says more about the neighbours
        "segment_cpu_ms_per_contract": round(
            1000 * statistics.mean(r.segment_cpu_seconds for r in ok), 1
        ),
    }


def show(path: Path) -> None:
    """Print one contract's outline: level, number, heading, kind and the first words."""
    import contractkit
    from contractkit.clauses.segment import segment

    for c in segment(contractkit.open(path)):
        first = " ".join(c.body.split()[:8])
        print(f"{'  ' * (c.level - 1)}{c.number or '-'} | {c.heading or ''} | {c.kind} | {first}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=CUAD, help="the CUAD folder")
    parser.add_argument("--limit", type=int, default=0, help="only the first N contracts")
    parser.add_argument("--verbose", action="store_true", help="one line per contract")
    parser.add_argument("--json", type=Path, help="also write per-contract results as JSON")
    parser.add_argument("--show", help="print the outline of the contract with this name")
    args = parser.parse_args(argv)
    train = args.data / "train"
    if not train.is_dir():
        print(f"skipped: {train} is absent (CUAD is not part of the repository)")
        return 0
    if args.show:
        show(next(train.glob(f"{args.show}*")))
        return 0
    labels = load_labels(args.data)
    paths = sorted(train.glob("*.txt"))[: args.limit or None]
    results = [measure(p, labels.get(p.stem, [])) for p in paths]
    if args.verbose:
        for r in results:
            print(
                f"{r.name[:60]:60} {r.clauses:4} cl {r.numbered:4} num {r.duplicates:3} dup "
                f"{len(r.suspect):3} sus {r.inside:3}/{r.found:3} in {r.segment_seconds:6.3f} s"
                + (f" {r.error}" if r.error else "")
            )
    print(json.dumps(summary(results), indent=2))
    if args.json:
        rows = [r.__dict__ for r in results]
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
