"""Benchmark: does ``contractkit.revise`` leave the contract's own numbering and words alone?

Issue 16: a revision inserts clauses without renumbering, so every original clause keeps its
number and text, no number appears twice, cross-references are unchanged, and new text uses
the contract's own words for the parties, the agreement and its subject. Per contract:

- ``kept``: original numbered clauses found once, with the same number (of all numbered);
- ``text``: kept (not replaced) clauses whose text changed;
- ``dupes``: numbers the revision has twice that the original did not;
- ``refs``: kept clauses whose cross-references changed;
- ``generic``: generic words (Provider, Client, Services, Agreement…) in new text the
  contract itself never uses; ``warnings``: how many the revision reports.

    python -m bench.revise_integrity ../shared/data/cuad/train/*.txt ../shared/data/contracts
    python -m bench.revise_integrity FOLDER --renumber   # the old behaviour, for comparison
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import contractkit
from contractkit import Extraction, Revision
from contractkit.playbook._numbering import references
from contractkit.playbook._vocabulary import GENERIC_WORDS

_SUFFIXES = (".txt", ".md", ".pdf", ".docx")


def qualified(items: Iterable[tuple[str | None, int, str]]) -> list[str]:
    """Numbers made unique the way a reader cites them: ``(a)`` under ``7.2`` is ``7.2 (a)``.

    ``items`` are (number, level, kind); a schedule numbers its items on its own, so they are
    cited with it (``Schedule A 1``).
    """
    stack: list[tuple[int, str]] = []
    names = []
    schedule = ""
    for number, level, kind in items:
        if level == 1 and kind == "schedule":
            schedule = (number or "schedule") + " "
        while stack and stack[-1][0] >= level:
            stack.pop()
        name = number or ""
        if name and not re.match(r"^\d", name) and stack:
            name = stack[-1][1] + " " + name
        elif name and schedule and level > 1:
            name = schedule + name
        if number:
            stack.append((level, name))
            names.append(name)
    return names


def check(extraction: Extraction, revision: Revision) -> dict[str, int]:
    """The integrity figures of one revision (see the module docs)."""
    body = {c.id: c for c in extraction.clauses if c.kind not in ("preamble", "signature")}
    numbered = [c for c in body.values() if c.number]
    revised = [c for c in revision.clauses if c.original]
    found = Counter(c.original for c in revised if c.number and c.number == c.old_number)
    unchanged = [c for c in revised if c.status not in ("replaced", "inserted")]
    before = Counter(qualified((c.number, c.level, c.kind) for c in body.values()))
    after = Counter(qualified((c.number, c.level, c.kind) for c in revision.clauses))
    original_text = " ".join(c.text for c in extraction.clauses)
    new_text = " ".join(c.text for c in revision.clauses if c.status in ("replaced", "inserted"))
    generic = {
        w
        for w in GENERIC_WORDS
        if re.search(rf"\b{w}\b", new_text) and not re.search(rf"\b{w}\b", original_text)
    }
    return {
        "numbered": len(numbered),
        "kept": sum(1 for c in numbered if found[c.id] == 1),
        "text": sum(1 for c in unchanged if c.text != c.old_text),
        "dupes": sum(1 for n, k in after.items() if k > 1 and before[n] < k),
        "refs": sum(1 for c in unchanged if references(c.text) != references(c.old_text or "")),
        "generic": len(generic),
        "warnings": len(revision.warnings),
        "inserted": sum(1 for c in revision.changes if c.kind == "inserted"),
        "renumbered": sum(1 for c in revision.changes if c.kind == "renumbered"),
    }


def _files(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        out += (
            sorted(p for p in path.iterdir() if p.suffix in _SUFFIXES) if path.is_dir() else [path]
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="contracts or folders of them")
    parser.add_argument("--renumber", action="store_true", help="renumber after insertions")
    args = parser.parse_args()
    columns = ("numbered", "kept", "text", "dupes", "refs", "generic", "warnings", "inserted")
    print("| contract | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    totals: Counter[str] = Counter()
    for path in _files(args.paths):
        extraction = contractkit.extract(path)
        revision = contractkit.revise(extraction, renumber=args.renumber)
        row = check(extraction, revision)
        totals.update(row)
        print(f"| {path.stem[:48]} | " + " | ".join(str(row[c]) for c in columns) + " |")
    print("| **total** | " + " | ".join(str(totals[c]) for c in columns) + " |")


if __name__ == "__main__":
    main()
