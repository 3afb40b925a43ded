"""contractkit.ocr on generated scans: accuracy against ground truth, layout and size."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pikepdf
import pikepdf.pdfa
import pypdfium2 as pdfium
import pytest

import contractkit as ck
from tests import fixtures
from tests.conftest import OcrRun, needs_tesseract, pdf_text

pytestmark = [needs_tesseract, pytest.mark.tesseract]

#: Character error rate each condition must stay under (measured: see docs/ocr.md).
CER_BOUND = {
    "clean": 0.02,
    "dpi200": 0.03,
    "noisy": 0.04,
    "skewed": 0.03,
    "rotated": 0.03,
    "upside-down": 0.03,
    "jpeg": 0.04,
    "fax": 0.02,
}


@pytest.mark.parametrize("condition", fixtures.SCAN_CONDITIONS)
def test_scan_is_read_within_error_bound(
    ocr_run: Callable[[fixtures.Fixture], OcrRun], condition: str
) -> None:
    run = ocr_run(fixtures.scan(condition))
    assert len(run.text) == len(run.fixture.truth)
    for text, truth in zip(run.text, run.fixture.truth, strict=True):
        assert fixtures.cer(text, truth) < CER_BOUND[condition]
    page = run.report.pages[0]
    assert page.action == "ocr"
    assert page.words > 100
    assert page.mean_confidence is not None and page.mean_confidence > 80


def test_figures_survive_ocr(ocr_run: Callable[[fixtures.Fixture], OcrRun]) -> None:
    """The figures that matter legally are read exactly on a clean scan."""
    text = "\n".join(ocr_run(fixtures.scan("clean", pages=2)).text)
    for figure in ("thirty (30) days", "60 days", "12,500", "1.5%"):
        assert figure in " ".join(text.split()), figure


def test_corrections_are_reported(ocr_run: Callable[[fixtures.Fixture], OcrRun]) -> None:
    assert ocr_run(fixtures.scan("rotated")).report.pages[0].rotation in (90, 270)
    assert ocr_run(fixtures.scan("upside-down")).report.pages[0].rotation == 180
    skewed = ocr_run(fixtures.scan("skewed")).report.pages[0]
    assert skewed.rotation == 0
    assert abs(skewed.skew) == pytest.approx(3.5, abs=0.4)
    clean = ocr_run(fixtures.scan("clean")).report.pages[0]
    assert (clean.rotation, clean.skew, clean.cleaned) == (0, 0.0, False)
    assert ocr_run(fixtures.scan("noisy")).report.pages[0].cleaned
    assert ocr_run(fixtures.scan("fax")).report.pages[0].cleaned
    assert not ocr_run(fixtures.scan("jpeg")).report.pages[0].cleaned


def test_text_layer_is_invisible_and_image_untouched(
    ocr_run: Callable[[fixtures.Fixture], OcrRun],
) -> None:
    run = ocr_run(fixtures.scan("clean"))
    before = _render(run.input)
    after = _render(run.output)
    assert before.shape == after.shape
    assert np.abs(before.astype(int) - after.astype(int)).mean() < 1.0


def test_text_is_aligned_with_the_page(ocr_run: Callable[[fixtures.Fixture], OcrRun]) -> None:
    """A word's box on the OCR'd (and straightened) scan is where reportlab drew it."""
    born = fixtures.contract_pdf()
    for condition in ("clean", "skewed"):
        run = ocr_run(fixtures.scan(condition))
        expected = _word_box(born.data, "AGREEMENT")
        found = _word_box(run.output.read_bytes(), "AGREEMENT")
        assert found is not None and expected is not None
        assert max(abs(a - b) for a, b in zip(found, expected, strict=True)) < 8, condition


def test_output_is_pdfa_and_no_larger_than_input(
    ocr_run: Callable[[fixtures.Fixture], OcrRun],
) -> None:
    for condition in ("clean", "skewed", "rotated", "fax"):
        run = ocr_run(fixtures.scan(condition))
        assert pikepdf.pdfa.validate_written(run.output, "2b").passed, condition
        assert run.report.output_bytes <= run.report.input_bytes * 1.05 + 40_000, condition
        assert run.report.output_bytes == run.output.stat().st_size


def test_mixed_pdf_keeps_born_digital_text(ocr_run: Callable[[fixtures.Fixture], OcrRun]) -> None:
    run = ocr_run(fixtures.mixed_pdf())
    original = pdf_text(run.input)
    assert run.text[0] == original[0]
    assert [p.action for p in run.report.pages] == ["text", "ocr"]
    assert fixtures.cer(run.text[1], run.fixture.truth[1]) < 0.03


@pytest.mark.parametrize("kind", ["png", "png-nodpi", "jpeg", "tiff-multipage", "webp"])
def test_images_become_searchable_pdfs(
    ocr_run: Callable[[fixtures.Fixture], OcrRun], kind: str
) -> None:
    run = ocr_run(fixtures.image(kind))
    assert len(run.text) == len(run.fixture.truth)
    for text, truth in zip(run.text, run.fixture.truth, strict=True):
        assert fixtures.cer(text, truth) < 0.03
    width, height = pdfium.PdfDocument(run.output)[0].get_size()
    assert (round(width), round(height)) == (612, 792)  # Letter, even without a recorded DPI


def test_several_images_are_joined_in_order(tmp_path: Path) -> None:
    tiff = fixtures.image("tiff-multipage")
    png = fixtures.image("png")
    out = tmp_path / "joined.pdf"
    report = ck.ocr([png.write(tmp_path), tiff.write(tmp_path)], out)
    texts = pdf_text(out)
    assert len(report.pages) == len(texts) == 3
    assert fixtures.cer(texts[0], png.truth[0]) < 0.03
    assert fixtures.cer(texts[2], tiff.truth[1]) < 0.03


def test_bytes_in_file_object_out() -> None:
    scan = fixtures.scan("clean")
    out = io.BytesIO()
    report = ck.ocr(scan.data, out, options=ck.OcrOptions(output_type="pdf"))
    assert report.output_bytes == len(out.getvalue()) > 0
    assert fixtures.cer(pdf_text(out.getvalue())[0], scan.truth[0]) < 0.02
    assert report.input_sha256 == __import__("hashlib").sha256(scan.data).hexdigest()


def test_force_and_redo_modes(tmp_path: Path) -> None:
    mixed = fixtures.mixed_pdf().write(tmp_path)
    forced = ck.ocr(mixed, tmp_path / "forced.pdf", mode="force", options=_fast())
    assert [p.action for p in forced.pages] == ["ocr", "ocr"]
    once = ck.ocr(fixtures.scan("clean").data, tmp_path / "once.pdf", options=_fast())
    again = ck.ocr(tmp_path / "once.pdf", tmp_path / "again.pdf", options=_fast())
    assert [p.action for p in again.pages] == ["text"]  # auto leaves the OCR layer alone
    redone = ck.ocr(tmp_path / "once.pdf", tmp_path / "redone.pdf", mode="redo", options=_fast())
    assert [p.action for p in redone.pages] == ["ocr"]
    assert once.pages[0].words == pytest.approx(redone.pages[0].words, abs=5)


def test_signed_pdf_gets_a_searchable_copy(tmp_path: Path) -> None:
    signed = fixtures.broken("signed")
    src = signed.write(tmp_path)
    before = src.read_bytes()
    with pytest.warns(ck.SignatureInvalidatedWarning):
        report = ck.ocr(src, tmp_path / "copy.pdf")
    assert report.signed
    assert report.input_sha256 == __import__("hashlib").sha256(before).hexdigest()
    assert any("signed" in w for w in report.warnings)
    assert src.read_bytes() == before
    assert len(pdf_text(tmp_path / "copy.pdf")[0].split()) > 100


def test_low_confidence_pages_are_named(tmp_path: Path) -> None:
    scan = fixtures.scan("noisy")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = ck.ocr(
            scan.data,
            tmp_path / "out.pdf",
            options=ck.OcrOptions(low_confidence=99.5, clean=False, output_type="pdf"),
        )
    assert report.low_confidence_pages == (1,)
    assert any(issubclass(w.category, ck.LowConfidenceWarning) for w in caught)
    assert any("page 1" in w for w in report.warnings)


def test_progress_is_reported(tmp_path: Path) -> None:
    seen: list[tuple[float, float]] = []
    ck.ocr(
        fixtures.scan("clean", pages=2).data,
        tmp_path / "p.pdf",
        options=_fast(),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen and seen[-1] == (2, 2)


def test_report_is_json_serialisable(ocr_run: Callable[[fixtures.Fixture], OcrRun]) -> None:
    import json

    data = json.loads(ocr_run(fixtures.scan("clean")).report.to_json())
    assert data["schema_version"] == "1"
    assert set(data["pages"][0]) >= {
        "number",
        "action",
        "words",
        "mean_confidence",
        "rotation",
        "skew",
        "seconds",
    }


def _fast() -> ck.OcrOptions:
    return ck.OcrOptions(output_type="pdf")


def _render(path: Path) -> np.ndarray:
    page = pdfium.PdfDocument(path)[0]
    return np.asarray(page.render(scale=100 / 72, grayscale=True).to_pil().convert("L"))


def _word_box(pdf: bytes, word: str) -> tuple[float, float, float, float] | None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for w in doc.pages[0].extract_words():
            if w["text"].strip(".,") == word:
                return (w["x0"], w["top"], w["x1"], w["bottom"])
    return None
