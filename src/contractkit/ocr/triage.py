"""Per-page triage: what does this page need before OCR?

OCRmyPDF's careful settings pay for every page: ``--rotate-pages`` runs Tesseract's orientation
detection on a 300 dpi preview, ``--deskew`` runs a full layout pass and re-encodes the image,
``--clean`` runs unpaper. Most pages of a contract scan need none of that. Triage looks at a
small grey rendering of each page (about 0.05 s) and measures:

* skew, by the projection-profile method: text lines give the sharpest row histogram when
  the ink is projected at the page's true angle;
* quarter turns, by comparing that sharpness for rows against columns;
* upside-down text, by the asymmetry of Latin script: ascenders and capitals put more ink
  above a line's x-height band than descenders put below it.

Only a page whose orientation stays ambiguous is sent to Tesseract's orientation detector.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

__all__ = ["PageTriage", "analyse_page", "measure_noise", "measure_skew"]

#: Below this fraction of ink pixels the page is treated as blank.
_BLANK_INK = 0.0015
#: Skews smaller than this (degrees) are left alone: Tesseract copes with them.
_MIN_SKEW = 0.4
#: Search range for skew (degrees).
_MAX_SKEW = 12.0
#: The row/column sharpness ratio above which a page is taken to be turned a quarter.
_QUARTER_RATIO = 1.6
#: |asymmetry - 0.5| below which up/down orientation is ambiguous.
_UPRIGHT_MARGIN = 0.06
#: The upright check needs this many text lines, each at least this many pixels tall.
_MIN_LINES = 3
_MIN_LINE_PX = 12
#: Use every ink pixel up to this many; above it, every other row and column. Random
#: sampling would add counting noise to the histograms and blur the contrast we measure.
_MAX_POINTS = 250_000


@dataclass(frozen=True, slots=True)
class PageTriage:
    """What triage found on one page.

    Attributes:
        blank: The page holds (almost) no ink.
        rotation: Clockwise quarter turn, in degrees, that makes the text upright.
        skew: Degrees the upright text is turned counter-clockwise from level (to undo).
        orientation_confident: ``False`` when the upright check was ambiguous and an
            orientation detector should decide.
        ink: Fraction of the page's pixels that are ink.
    """

    blank: bool
    rotation: int
    skew: float
    orientation_confident: bool
    ink: float


def analyse_page(gray: NDArray[np.uint8]) -> PageTriage:
    """Triage one page from its grey rendering (150 dpi makes body text tall enough)."""
    ink_mask = gray <= _ink_threshold(gray)
    ink = float(ink_mask.mean())
    if ink < _BLANK_INK:
        return PageTriage(blank=True, rotation=0, skew=0.0, orientation_confident=True, ink=ink)
    # Which way do the lines run? A uniformly thinned copy answers that cheaply.
    y, x, height = _ink_points(ink_mask, along=None)
    rows_angle, sharp_rows = _coarse_angle(y, x)
    # Turning the image a quarter clockwise maps (y, x) to (x, H-1-y): the columns become rows.
    cols_angle, sharp_cols = _coarse_angle(x, height - 1 - y)
    quarter = sharp_cols > sharp_rows
    lines_clear = max(sharp_cols, sharp_rows) > _QUARTER_RATIO * min(sharp_cols, sharp_rows)
    # Refine on a copy thinned only along the lines, so line heights keep full resolution.
    if quarter:
        y, x, height = _ink_points(ink_mask, along="rows")
        base_y, base_x = x, height - 1 - y
        skew = _refine_angle(base_y, base_x, cols_angle)
        rotation = 90
    else:
        y, x, height = _ink_points(ink_mask, along="cols")
        base_y, base_x = y, x
        skew = _refine_angle(base_y, base_x, rows_angle)
        rotation = 0
    asymmetry, lines = _ascender_asymmetry(base_y, base_x, skew)
    if asymmetry < 0.5:
        rotation = (rotation + 180) % 360
    confident = lines_clear and lines >= _MIN_LINES and abs(asymmetry - 0.5) >= _UPRIGHT_MARGIN
    if abs(skew) < _MIN_SKEW or not lines_clear:
        skew = 0.0
    return PageTriage(
        blank=False,
        rotation=rotation,
        skew=round(skew, 2),
        orientation_confident=confident,
        ink=ink,
    )


def measure_skew(gray: NDArray[np.uint8], rotation: int) -> float:
    """Return the skew of a page once it is turned by ``rotation`` (after an OSD decision)."""
    ink_mask = gray <= _ink_threshold(gray)
    if float(ink_mask.mean()) < _BLANK_INK:
        return 0.0
    along: Literal["rows", "cols"] = "rows" if rotation in (90, 270) else "cols"
    y, x, height = _ink_points(ink_mask, along=along)
    if rotation in (90, 270):
        y, x = x, height - 1 - y
    skew = _refine_angle(y, x, _coarse_angle(y, x)[0])
    return round(skew, 2) if abs(skew) >= _MIN_SKEW else 0.0


def _ink_points(
    ink_mask: NDArray[np.bool_], *, along: Literal["rows", "cols"] | None
) -> tuple[NDArray[np.float64], NDArray[np.float64], float]:
    """Return the ink pixels' (y, x), in full-resolution units, and the image height.

    Very inky pages are thinned to about ``_MAX_POINTS`` by keeping every k-th column
    (``along="cols"``: lines run across), every k-th row (``"rows"``) or both (``None``);
    thinning along the lines keeps their height, which the upright check measures.
    """
    step = 1
    while True:
        ys_step = step if along != "cols" else 1
        xs_step = step if along != "rows" else 1
        thinned = ink_mask[::ys_step, ::xs_step]
        if int(thinned.sum()) <= _MAX_POINTS:
            break
        step *= 2
    ys, xs = np.nonzero(thinned)
    return (
        ys.astype(np.float64) * ys_step,
        xs.astype(np.float64) * xs_step,
        float(ink_mask.shape[0]),
    )


def measure_noise(gray: NDArray[np.uint8]) -> float:
    """Return the share of ink pixels with at most one inked neighbour: scan or fax speckle.

    Letters at 300 dpi are strokes several pixels wide, so almost none of their pixels stand
    alone (measured: at most 0.004 on clean generated and real scans); salt-and-pepper noise
    and fax speckle give 0.017 to 0.07.
    """
    ink = gray <= _ink_threshold(gray)
    total = int(ink.sum())
    if total == 0:
        return 0.0
    padded = np.pad(ink, 1).astype(np.uint8)
    neighbours = np.zeros(ink.shape, dtype=np.uint8)
    h, w = ink.shape
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            if dy == 1 and dx == 1:
                continue
            neighbours += padded[dy : dy + h, dx : dx + w]
    return int((ink & (neighbours <= 1)).sum()) / total


def _ink_threshold(gray: NDArray[np.uint8]) -> float:
    """Otsu's threshold (ink is ``<=`` it), kept below the paper tone so blank stays blank."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256, dtype=np.float64)
    weight_bg = np.cumsum(hist)
    weight_fg = total - weight_bg
    cum_mean = np.cumsum(hist * levels)
    mean_total = cum_mean[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_total * weight_bg - cum_mean * total) ** 2 / (weight_bg * weight_fg)
    between[~np.isfinite(between)] = 0
    otsu = float(np.argmax(between))
    paper = float(np.searchsorted(weight_bg, 0.9 * total))  # 90th percentile, from the histogram
    return min(otsu, paper - 40.0)


def _sharpness(y: NDArray[np.float64], x: NDArray[np.float64], degrees: float) -> float:
    theta = np.deg2rad(degrees)
    proj = y * np.cos(theta) + x * np.sin(theta)
    proj -= proj.min()
    hist = np.bincount(proj.astype(np.int64)).astype(np.float64)
    return float(np.sum(np.diff(hist) ** 2))


def _coarse_angle(y: NDArray[np.float64], x: NDArray[np.float64]) -> tuple[float, float]:
    """Return (angle, sharpness) of the sharpest row projection, in 1-degree steps."""
    angles = np.arange(-_MAX_SKEW, _MAX_SKEW + 1e-9, 1.0)
    scores = [_sharpness(y, x, a) for a in angles]
    best = int(np.argmax(scores))
    return float(angles[best]), float(scores[best])


def _refine_angle(y: NDArray[np.float64], x: NDArray[np.float64], coarse: float) -> float:
    """Refine a coarse angle to 0.1 degree."""
    angles = np.arange(coarse - 1.0, coarse + 1.0 + 1e-9, 0.1)
    return float(angles[int(np.argmax([_sharpness(y, x, a) for a in angles]))])


def _ascender_asymmetry(
    y: NDArray[np.float64], x: NDArray[np.float64], degrees: float
) -> tuple[float, int]:
    """Share of off-core ink above text lines' x-height band (upright Latin: > 0.5).

    Returns the share and the number of text lines tall enough to judge.
    """
    theta = np.deg2rad(degrees)
    proj = y * np.cos(theta) + x * np.sin(theta)
    proj -= proj.min()
    hist = np.bincount(proj.astype(np.int64)).astype(np.float64)
    above = below = 0.0
    lines = 0
    for start, stop in _runs(hist > 0.08 * hist.max()):
        line = hist[start:stop]
        if line.size < _MIN_LINE_PX:
            continue
        lines += 1
        core = np.nonzero(line >= 0.5 * line.max())[0]
        top, bottom = int(core[0]), int(core[-1])
        above += float(line[:top].sum())
        below += float(line[bottom + 1 :].sum())
    if above + below == 0:
        return 0.5, lines
    return above / (above + below), lines


def _runs(mask: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """Return [start, stop) of each run of True values."""
    padded = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))
