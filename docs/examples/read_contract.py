"""Read a scanned contract into the document model and find a phrase on its page.

Run from the repository root: .venv/bin/python docs/examples/read_contract.py
"""

from __future__ import annotations

import sys
import warnings

import contractkit as ck
from contractkit.samples import sample_scan


def main() -> int:
    # Any source works: a path, bytes or a binary file; PDF, image, DOCX, text or Markdown.
    with warnings.catch_warnings(record=True):  # they are in doc.warnings too
        warnings.simplefilter("always", ck.ContractKitWarning)
        doc = ck.open(sample_scan())  # OCR'd once; a second open() reads the cache
    print(f"{doc.format}, {len(doc.pages)} pages, sources: {[p.source for p in doc.pages]}")

    phrase = "ninety (90) days"
    start = doc.text.find(phrase)
    if start < 0:
        print(f"{phrase!r} not found")
        return 1
    for region in doc.locate(start, start + len(phrase)):
        print(f"{phrase!r} is on page {region.page_number} at {region.bbox}")

    # Words OCR read with low confidence deserve a look at the scan.
    doubtful = [w.text for _, w in doc.words() if w.confidence is not None and w.confidence < 60]
    print(f"{len(doubtful)} words read with confidence under 60: {doubtful[:8]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
