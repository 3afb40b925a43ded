"""Benchmark: does ``contractkit.revise`` fix what ``review`` finds, and what does it keep?

Every contract of ``tests/fixtures/corpus`` (born-digital PDF, scan, DOCX, text) is reviewed
against the default playbook, revised, and the revised PDF reviewed again. Per contract:
the score before and after, the required positions still WEAK or MISSING after, the changes
made, how many clauses kept their words, the integrity figures of
``bench.revise_integrity`` (numbers kept, duplicated numbers, cross-references changed), and
the seconds revise took (OCR of scans included; the OCR cache is off). For real contracts
from a folder, use ``python -m bench.revise_integrity FOLDER``.

    python -m bench.revise
    python -m bench.revise --split heldout
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.revise_integrity import check
from tests.fixtures.corpus import load_corpus, render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    args = parser.parse_args()
    import contractkit

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for contract in load_corpus(None if args.split == "all" else args.split):
            data, _ = render(contract)
            out = Path(folder) / f"{contract.name}.pdf"
            start = time.perf_counter()
            extraction = contractkit.extract(data, read=contractkit.ReadOptions(cache=False))
            revision = contractkit.revise(extraction)
            integrity = check(extraction, revision)
            contractkit.write(revision, out)
            contractkit.write(revision, Path(folder) / "r.pdf", renderer="redline")
            seconds = time.perf_counter() - start
            after = contractkit.review(out)
            edits = [c for c in revision.changes if c.kind != "renumbered"]
            kept = sum(1 for c in revision.clauses if c.status in ("kept", "renumbered") and c.text)
            rows.append(
                (
                    contract.name,
                    contract.render,
                    revision.before.score,
                    len(revision.before.gaps),
                    after.score,
                    ", ".join(f.position for f in after.gaps) or "none",
                    sum(1 for c in edits if c.kind == "replaced"),
                    sum(1 for c in edits if c.kind == "inserted"),
                    kept,
                    f"{integrity['kept']}/{integrity['numbered']}",
                    integrity["dupes"],
                    integrity["refs"],
                    seconds,
                )
            )
    print(
        "| contract | render | score before | gaps before | score after | gaps after "
        "| replaced | inserted | clauses kept | numbers kept | dupes | refs changed | seconds |"
    )
    print("|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            "| {} | {} | {:g} | {} | {:g} | {} | {} | {} | {} | {} | {} | {} | {:.1f} |".format(
                *row
            )
        )
    fixed = sum(1 for row in rows if row[5] == "none")
    print(f"\nrevised contracts with no required gap left: {fixed}/{len(rows)}")


if __name__ == "__main__":
    main()
