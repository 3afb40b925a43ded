"""Session fixtures: generated documents and OCR results, built once per test worker."""

from __future__ import annotations

import os
import shutil
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest

import contractkit as ck
from tests import fixtures


def pdf_text(path: Path | bytes) -> list[str]:
    """Text of each page of a PDF, read back with pdfium."""
    doc = pdfium.PdfDocument(path)
    try:
        pages = []
        for page in doc:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return pages
    finally:
        doc.close()


@dataclass(frozen=True)
class OcrRun:
    """A fixture, what ocr() reported for it, and the searchable PDF's text."""

    fixture: fixtures.Fixture
    input: Path
    output: Path
    report: ck.OcrReport
    text: list[str]


@pytest.fixture(scope="session")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fixtures")


@pytest.fixture(scope="session")
def ocr_run(workdir: Path) -> Callable[[fixtures.Fixture], OcrRun]:
    """OCR a fixture once per session (keyed by name) and keep the result."""
    cache: dict[str, OcrRun] = {}

    def run(fixture: fixtures.Fixture) -> OcrRun:
        if fixture.name not in cache:
            src = fixture.write(workdir)
            out = workdir / f"{fixture.name}.ocr.pdf"
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ck.ContractKitWarning)
                report = ck.ocr(src, out, options=ck.OcrOptions(jobs=1))
            cache[fixture.name] = OcrRun(fixture, src, out, report, pdf_text(out))
        return cache[fixture.name]

    return run


@pytest.fixture(scope="session", autouse=True)
def ocr_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test's OCR cache lives in the session's temporary folder, never in ~/.cache."""
    folder = tmp_path_factory.mktemp("ocr-cache")
    before = os.environ.get("CONTRACTKIT_CACHE_DIR")
    os.environ["CONTRACTKIT_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("CONTRACTKIT_CACHE_DIR", None)
    else:
        os.environ["CONTRACTKIT_CACHE_DIR"] = before


needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="no tesseract")
