"""contractkit's OCRmyPDF plugin: per-page statistics, speckle cleaning and progress.

OCRmyPDF runs pages in worker processes, so nothing here keeps state between calls: each
page's statistics are written as a small JSON file into ``stats_dir`` (a plugin option set per
run), and the caller reads them back when the run is over. The progress callback is looked up
in a context variable that the caller sets around its own ``ocrmypdf.ocr()`` call; the progress
bar object lives in that calling thread.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import numpy as np
from ocrmypdf import hookimpl
from ocrmypdf.builtin_plugins import tesseract_ocr
from ocrmypdf.builtin_plugins.tesseract_ocr import TesseractOcrEngine
from PIL import Image, ImageFilter
from pydantic import BaseModel

from contractkit.ocr.triage import measure_noise

#: Share of isolated ink pixels above which a page is cleaned before OCR.
NOISE_THRESHOLD = 0.08

#: Set by the caller around a run: called with (pages done, pages total).
progress_callback: ContextVar[Callable[[float, float], None] | None] = ContextVar(
    "contractkit_progress", default=None
)

_WORD = re.compile(r"class=['\"]ocrx_word['\"][^>]*title=['\"]([^'\"]*)['\"][^>]*>(.*?)</span>", re.S)
_CONF = re.compile(r"x_wconf (\d+)")
_TAG = re.compile(r"<[^>]+>")


class ContractKitOptions(BaseModel):
    """Options of this plugin, passed as ``contractkit_<name>`` to ``ocrmypdf.ocr``."""

    stats_dir: str | None = None
    clean: bool = True


@hookimpl
def register_options() -> dict[str, type[BaseModel]]:
    """Register the ``contractkit`` option namespace."""
    return {"contractkit": ContractKitOptions}


@hookimpl
def filter_ocr_image(page: Any, image: Image.Image) -> Image.Image:
    """Remove speckle from noisy pages before OCR; the visible page keeps its image.

    A 3x3 median removes salt-and-pepper noise and fax speckle without eroding letters at
    OCR resolution; unpaper (``--clean``) costs more and hurt accuracy on noisy scans.
    """
    options = page.options.contractkit
    if options.clean:
        gray = np.asarray(image.convert("L"))
        noise = measure_noise(gray)
        cleaned = noise > NOISE_THRESHOLD
        if cleaned:
            image = image.convert("L").filter(ImageFilter.MedianFilter(3))
        _write_stats(options.stats_dir, page.pageno, "clean", {"noise": noise, "cleaned": cleaned})
    # Ours takes the hook (first result wins), so apply Tesseract's size limits here too.
    limited: Image.Image = tesseract_ocr.filter_ocr_image(page=page, image=image)
    return limited


class StatsTesseractEngine(TesseractOcrEngine):  # type: ignore[misc]
    """Tesseract, recording each page's word count, confidences and time."""

    @staticmethod
    def generate_hocr(input_file: Path, output_hocr: Path, output_text: Path, options: Any) -> None:
        """Run Tesseract, then record what it read."""
        start = time.perf_counter()
        TesseractOcrEngine.generate_hocr(input_file, output_hocr, output_text, options)
        seconds = time.perf_counter() - start
        confidences = [_word_confidence(title) for title, text in _words(Path(output_hocr))]
        timeout = float(options.tesseract.timeout or 0)
        _write_stats(
            options.contractkit.stats_dir,
            int(Path(input_file).name[:6]) - 1,
            "ocr",
            {
                "words": len(confidences),
                "confidences": confidences,
                "seconds": seconds,
                "timed_out": bool(timeout) and seconds >= timeout * 0.98 and not confidences,
            },
        )


@hookimpl
def get_ocr_engine(options: Any) -> TesseractOcrEngine:
    """Use Tesseract with statistics."""
    return StatsTesseractEngine()


class _CallbackProgressBar:
    """OCRmyPDF progress bar that forwards page progress to the caller's callback."""

    def __init__(self, *, total: float | None = None, desc: str | None = None, **_: Any) -> None:
        self.total = float(total or 0)
        self.done = 0.0
        self.active = desc == "OCR" or desc == "Image processing"
        self.callback = progress_callback.get()

    def __enter__(self) -> _CallbackProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: float = 1, *, completed: float | None = None) -> None:
        self.done = completed if completed is not None else self.done + n
        if self.active and self.callback is not None:
            self.callback(self.done, self.total)


@hookimpl
def get_progressbar_class() -> type[_CallbackProgressBar]:
    """Report page progress to the caller instead of drawing a bar."""
    return _CallbackProgressBar


def _words(hocr: Path) -> list[tuple[str, str]]:
    try:
        text = hocr.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    words = []
    for title, inner in _WORD.findall(text):
        word = html.unescape(_TAG.sub("", inner)).strip()
        if word:
            words.append((title, word))
    return words


def _word_confidence(title: str) -> int:
    match = _CONF.search(title)
    return int(match.group(1)) if match else 0


def _write_stats(stats_dir: str | None, pageno: int, kind: str, data: dict[str, Any]) -> None:
    if stats_dir:
        path = Path(stats_dir) / f"{pageno:06d}.{kind}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
