"""Scanned pages through the OCR layer: text, confidences, boxes on the page, the cache."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import contractkit as ck
from tests import fixtures
from tests.conftest import needs_tesseract
from tests.fixtures import layouts

pytestmark = [needs_tesseract, pytest.mark.tesseract]


def body(truth: str) -> str:
    return "\n".join(line for line in truth.splitlines() if not line.startswith("Page "))


def title_box() -> tuple[float, float, float, float]:
    return next(p.bbox for p in layouts.contract_line_boxes() if p.text == "SERVICES AGREEMENT")


def assert_near(found: ck.document.BBox | None, drawn: tuple[float, ...], tolerance: float) -> None:
    assert found is not None
    assert max(abs(a - b) for a, b in zip(found, drawn, strict=True)) < tolerance, (found, drawn)


@pytest.mark.parametrize("condition", ["clean", "rotated"])
def test_scanned_page_reads_with_confidence_and_boxes(condition: str) -> None:
    fixture = fixtures.scan(condition)
    doc = ck.open(fixture.data)
    (page,) = doc.pages
    assert page.source == "ocr" and doc.ocr is not None
    assert (page.rotation != 0) == (condition == "rotated")
    assert page.mean_confidence is not None and page.mean_confidence > 85
    assert fixtures.cer(doc.text, body(fixture.truth[0])) < 0.01
    (footer,) = page.furniture  # read as "Page 1 of 2" or "Page | of 2": either way not text
    assert footer.text.startswith("Page") and footer.text.endswith("of 2")
    words = [w for _, w in doc.words()]
    assert all(w.confidence is not None and 0 <= w.confidence <= 100 for w in words)
    # the title is where the typesetter drew it, on the upright page, within 4 points
    start = doc.text.index("SERVICES AGREEMENT")
    (region,) = doc.locate(start, start + len("SERVICES AGREEMENT"))
    assert_near(region.bbox, title_box(), 4.0)


def test_mixed_pdf_reads_each_page_from_its_source() -> None:
    doc = ck.open(fixtures.mixed_pdf().data)
    assert [p.source for p in doc.pages] == ["text-layer", "ocr"]
    assert doc.ocr is not None and [p.action for p in doc.ocr.pages] == ["text", "ocr"]
    first = [w for i, w in doc.words() if i == 0]
    second = [w for i, w in doc.words() if i == 1]
    assert all(w.confidence is None for w in first)
    assert all(w.confidence is not None for w in second)


def test_images_are_ocred() -> None:
    doc = ck.open(fixtures.image("png").data)
    assert doc.format == "image" and len(doc.pages) == 1
    assert doc.pages[0].width == pytest.approx(612, abs=1)
    assert "SERVICES AGREEMENT" in doc.text


def test_the_same_scan_is_not_ocred_twice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = fixtures.scan("clean").data
    first = ck.open(data, cache=tmp_path)
    assert list(tmp_path.rglob("*.json.gz"))

    def no_ocr(*args: object, **kwargs: object) -> None:
        raise AssertionError("OCR ran although the result was cached")

    monkeypatch.setattr(importlib.import_module("contractkit.ocr"), "recognise", no_ocr)
    again = ck.open(data, cache=tmp_path)
    assert again.text == first.text and again.to_json() == first.to_json()
    with pytest.raises(AssertionError, match="OCR ran"):
        ck.open(data, cache=False)
    with pytest.raises(AssertionError, match="OCR ran"):  # other options, other entry
        ck.open(data, cache=tmp_path, ocr=ck.OcrOptions(deskew=False))


def test_a_broken_cache_entry_is_ignored(tmp_path: Path) -> None:
    data = fixtures.scan("clean").data
    ck.open(data, cache=tmp_path)
    for entry in tmp_path.rglob("*.json.gz"):
        entry.write_bytes(b"not gzip")
    assert "SERVICES AGREEMENT" in ck.open(data, cache=tmp_path).text
