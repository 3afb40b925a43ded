"""OCR a scan held in memory: bytes in, a searchable PDF/A in a BytesIO out.

Run from the repository root: .venv/bin/python docs/examples/ocr_bytes.py
"""

from __future__ import annotations

import io
import sys
import tempfile
import warnings
from pathlib import Path

import contractkit as ck
from contractkit.samples import sample_scan


def main() -> int:
    scan: bytes = sample_scan()  # a two-page, image-only contract as PDF bytes
    searchable = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        sidecar = Path(tmp) / "text.txt"
        # Warnings also land in report.warnings; record them instead of printing them twice.
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always", ck.ContractKitWarning)
            report = ck.ocr(scan, searchable, languages=["eng"], sidecar=sidecar)
        text = sidecar.read_text(encoding="utf-8")

    ocred = [page for page in report.pages if page.action == "ocr"]
    found = "SERVICES AGREEMENT" in text
    print(f"OCR'd pages: {len(ocred)} of {len(report.pages)}")
    print(f"'SERVICES AGREEMENT' in the text: {found}")
    print(f"output: {len(searchable.getvalue())} bytes, {report.output_type}")
    for page in report.pages:
        print(f"page {page.number}: {page.words} words, confidence {page.mean_confidence}")
    for message in report.warnings:
        print(f"warning: {message}")
    return 0 if found and ocred else 1


if __name__ == "__main__":
    sys.exit(main())
