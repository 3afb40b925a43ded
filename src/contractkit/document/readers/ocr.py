"""OCR'd pages, built from what Tesseract read (hOCR) so every word keeps its confidence.

Boxes are scaled from the page image to the page as ``contractkit ocr`` writes it: upright
(turned and straightened), the same size as the original page.
"""

from __future__ import annotations

from typing import Any

from contractkit.document._raw import RawLine, RawPage, RawWord, union
from contractkit.document.model import BBox
from contractkit.ocr._models import PageReport

__all__ = ["ocr_page"]


def ocr_page(
    index: int, size: tuple[float, float], stats: dict[str, Any] | None, report: PageReport
) -> RawPage:
    """The page's lines of OCR'd words, placed on a page of ``size`` points."""
    width, height = size
    page = RawPage(
        index,
        width,
        height,
        "ocr",
        rotation=report.rotation,
        skew=report.skew,
        mean_confidence=report.mean_confidence,
    )
    if not stats or not stats.get("lines"):
        return page
    image_w, image_h = stats["image"]
    sx, sy = width / max(image_w, 1), height / max(image_h, 1)
    for x_size, words in stats["lines"]:
        raw = [
            RawWord(text, _box(x0 * sx, top * sy, x1 * sx, bottom * sy), float(conf))
            for text, x0, top, x1, bottom, conf in words
        ]
        boxes = [w.bbox for w in raw if w.bbox is not None]
        page.lines.append(RawLine(raw, union(boxes), round(x_size * sy, 1)))
    return page


def _box(x0: float, top: float, x1: float, bottom: float) -> BBox:
    return BBox(round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))
