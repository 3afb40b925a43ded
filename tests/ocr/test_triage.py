"""Triage measures skew and orientation on rendered pages, without OCR."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from contractkit.ocr.triage import analyse_page, measure_noise, measure_skew
from contractkit.samples import SAMPLE_TEXT, _typeset


@pytest.fixture(scope="module")
def page() -> Image.Image:
    """Page 1 of the sample contract at 150 dpi (triage's resolution)."""
    full = _typeset(SAMPLE_TEXT[0], 1, 2)
    return full.resize((full.width // 2, full.height // 2), Image.Resampling.LANCZOS)


def _turn(page: Image.Image, rotation: int, skew: float) -> np.ndarray:
    """Skew counter-clockwise by ``skew`` then turn ``rotation`` degrees counter-clockwise."""
    im = page.rotate(skew, resample=Image.Resampling.BILINEAR, fillcolor=255)
    return np.asarray(im.rotate(rotation, expand=True, fillcolor=255))


@pytest.mark.parametrize("skew", [0.0, 2.0, -3.5, 6.0])
def test_skew_is_measured(page: Image.Image, skew: float) -> None:
    found = analyse_page(_turn(page, 0, skew))
    assert found.rotation == 0
    assert found.skew == pytest.approx(skew, abs=0.3)
    assert not found.blank


@pytest.mark.parametrize("turned", [90, 180, 270])
def test_turned_pages_are_detected(page: Image.Image, turned: int) -> None:
    found = analyse_page(_turn(page, turned, 0.0))
    # The correction is the clockwise turn that undoes a counter-clockwise one.
    assert found.rotation == turned
    assert found.skew == pytest.approx(0.0, abs=0.3)


def test_skew_after_an_orientation_decision(page: Image.Image) -> None:
    gray = _turn(page, 90, 3.0)
    assert measure_skew(gray, 90) == pytest.approx(3.0, abs=0.3)


def test_blank_page() -> None:
    paper = np.full((1650, 1275), 235, dtype=np.uint8)
    found = analyse_page(paper)
    assert found.blank
    assert found.rotation == 0


def test_noise_measure_separates_speckle_from_text(page: Image.Image) -> None:
    clean = np.asarray(page)
    rng = np.random.default_rng(1)
    noisy = clean.copy()
    speckle = rng.random(noisy.shape) < 0.01
    noisy[speckle] = 0
    assert measure_noise(clean) < 0.02
    assert measure_noise(noisy) > 0.1


def test_tesseract_runs_single_threaded_unless_the_user_says_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from contractkit.ocr._tesseract import env as tesseract_env

    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    assert tesseract_env()["OMP_THREAD_LIMIT"] == "1"
    monkeypatch.setenv("OMP_THREAD_LIMIT", "3")
    assert tesseract_env()["OMP_THREAD_LIMIT"] == "3"
