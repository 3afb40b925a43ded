"""Process a folder of contracts, then run again: what is done is skipped, failures retried."""

from __future__ import annotations

import json
import tempfile
import textwrap
from pathlib import Path

import contractkit as ck

CONTRACT = textwrap.dedent(
    """\
    CONSULTING AGREEMENT

    This Agreement is made between Acme Ltd ("Client") and Jane Doe ("Consultant").

    1. Termination

    1.1 Either party may terminate this Agreement by giving thirty (30) days' written notice.

    2. Governing law

    2.1 This Agreement is governed by the laws of England and Wales.
    """
)

with tempfile.TemporaryDirectory() as folder:
    inbox, out = Path(folder) / "inbox", Path(folder) / "out"
    (inbox / "2024").mkdir(parents=True)
    (inbox / "acme.txt").write_text(CONTRACT, encoding="utf-8")
    (inbox / "2024" / "acme-renewal.txt").write_text(
        CONTRACT.replace("thirty (30)", "sixty (60)"), "utf-8"
    )
    (inbox / "2024" / "scan.pdf").write_bytes(b"%PDF-1.7\nnot really a PDF")  # fails alone

    report = ck.batch(inbox, out, ocr=False, extract=True, workers=2)
    for doc in report.documents:
        print(f"{doc.path:22} {doc.status:8} {doc.outputs} {doc.error or ''}")
    print(report.counts)  # {'ok': 2, 'error': 1, 'timeout': 0, 'skipped': 0}

    extraction = json.loads((out / "2024" / "acme-renewal.extract.json").read_text())
    print([t["text"] for t in extraction["terms"] if t["name"] == "termination_notice"])

    again = ck.batch(inbox, out, ocr=False, extract=True, workers=2)
    print(again.counts)  # {'ok': 0, 'error': 1, 'timeout': 0, 'skipped': 2}
    print((out / "results.jsonl").read_text().count("\n"), "lines in results.jsonl")
