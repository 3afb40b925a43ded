"""Phone photos of a contract page: find the sheet, undo the perspective, even out the light.

A photo of a page on a desk is not a scan: the sheet is a quadrilateral in a larger frame,
the desk around it is dark enough to pass for ink (which throws page triage off: a photo's
orientation was read as upside down), the light falls off across it, and the text is often
smaller than Tesseract wants. This module finds the sheet's four edges, maps the sheet back
to a rectangle of the nearest paper size at 300 dpi or more, and divides out the light, so
the page that is OCR'd and archived looks like a scan.

Only images go through it, and only when all four edges are clear: a sheet that fills the
frame, or lies on a light surface, is left exactly as it is. Everything is numpy and Pillow.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageFilter, ImageOps

__all__ = ["Sheet", "find_sheet", "flatten_photo", "upright"]

#: Long side of the copy the edges are looked for on.
_WORK_PX = 800
#: Distance (work pixels) over which an edge's step in brightness is measured.
_STEP = 3
#: The sheet must be this much brighter than the frame's border to be told apart.
_MIN_CONTRAST = 30.0
#: How far the max filter that hides the text spreads the paper over the desk (work pixels).
_FILTER_REACH = 2
#: Share of each side trimmed from the corrected page: the last desk pixels, never text.
_TRIM = 0.0075
#: Share of scanned rows (columns) in which an edge must be found on its line.
_MIN_SUPPORT = 0.45
#: Paper sizes (long side / short side, long side in inches) a sheet is snapped to.
_PAPERS = {"letter": (11 / 8.5, 11.0), "a4": (297 / 210, 297 / 25.4), "legal": (14 / 8.5, 14.0)}
#: Resolution the corrected page gets at least (Tesseract reads best from 300 dpi).
_MIN_DPI = 300
#: Upscaling beyond this adds nothing but bytes.
_MAX_UPSCALE = 3.0


@dataclass(frozen=True, slots=True)
class Sheet:
    """Where the sheet lies in the photo.

    Attributes:
        corners: Top-left, top-right, bottom-right, bottom-left, in image pixels.
        paper: The paper size its proportions match (``letter``, ``a4``, ``legal``), or
            ``None`` when none is close.
    """

    corners: tuple[tuple[float, float], ...]
    paper: str | None


def find_sheet(image: Image.Image) -> Sheet | None:
    """The sheet of paper in a photo, or ``None`` when its four edges are not all clear.

    ``image`` is upright (its EXIF orientation applied, see :func:`upright`); the corners
    refer to it, and :func:`flatten_photo` takes the same image.
    """
    try:
        return _find_sheet(image)
    except (np.linalg.LinAlgError, ZeroDivisionError, FloatingPointError):
        return None  # degenerate edges (parallel lines): not a sheet we can trust


def _find_sheet(image: Image.Image) -> Sheet | None:
    gray = image.convert("L")
    scale = _WORK_PX / max(gray.size)
    small = gray.resize((round(gray.width * scale), round(gray.height * scale)))
    # Dark text on light paper goes under a max filter; the blur smooths the desk's grain.
    work = np.asarray(
        small.filter(ImageFilter.MaxFilter(2 * _FILTER_REACH + 1)).filter(
            ImageFilter.GaussianBlur(2)
        ),
        dtype=np.float32,
    )
    h, w = work.shape
    inner = work[h // 4 : 3 * h // 4, w // 4 : 3 * w // 4]
    frame = np.concatenate(
        [work[:4].ravel(), work[-4:].ravel(), work[:, :4].ravel(), work[:, -4:].ravel()]
    )
    contrast = float(np.median(inner) - np.median(frame))
    if contrast < _MIN_CONTRAST:
        return None  # no darker surround: the sheet fills the frame, or lies on white
    threshold = max(8.0, 0.3 * contrast)
    lines = [_edge_line(work, threshold, side) for side in ("left", "right", "top", "bottom")]
    if any(line is None for line in lines):
        return None
    left, right, top, bottom = (line for line in lines if line is not None)
    corners = [_meet(left, top), _meet(right, top), _meet(right, bottom), _meet(left, bottom)]
    if not _plausible(corners, w, h):
        return None
    full = tuple((x / scale, y / scale) for x, y in corners)
    return Sheet(full, _paper(full))


def upright(image: Image.Image) -> Image.Image:
    """A copy of the photo turned as its EXIF orientation says (phones store it sideways)."""
    return ImageOps.exif_transpose(image)


def flatten_photo(image: Image.Image, sheet: Sheet) -> tuple[bytes, int]:
    """The sheet as a flat, evenly lit page: JPEG bytes and their resolution in dpi."""
    image = image.convert("RGB" if _coloured(image) else "L")
    top, bottom, left, right = _sides(sheet.corners)
    width, height = max(top, bottom), max(left, right)
    long_px, short_px = max(width, height), min(width, height)
    if sheet.paper is not None:
        ratio, long_in = _PAPERS[sheet.paper]
        short_px = long_px / ratio  # perspective shortens one side; the paper size says how much
    else:
        long_in = 11.0
    upscale = min(_MAX_UPSCALE, max(1.0, _MIN_DPI * long_in / long_px))
    long_px, short_px = long_px * upscale, short_px * upscale
    size = (
        (round(short_px), round(long_px)) if height >= width else (round(long_px), round(short_px))
    )
    cut_x, cut_y = _TRIM * size[0], _TRIM * size[1]
    target = [(-cut_x, -cut_y), (size[0] + cut_x, -cut_y), (size[0] + cut_x, size[1] + cut_y)]
    target.append((-cut_x, size[1] + cut_y))
    flat = image.transform(
        size,
        Image.Transform.PERSPECTIVE,
        _perspective(target, list(sheet.corners)),
        Image.Resampling.BICUBIC,
    )
    page = _even_light(flat)
    dpi = round(max(size) / long_in)
    buffer = io.BytesIO()
    page.save(buffer, format="JPEG", quality=90, dpi=(dpi, dpi), optimize=True)
    return buffer.getvalue(), dpi


# -- edges -------------------------------------------------------------------------------------

_Line = tuple[float, float]  # x = a*y + b (left, right) or y = a*x + b (top, bottom)


def _edge_line(work: NDArray[np.float32], threshold: float, side: str) -> _Line | None:
    """Fit the sheet's edge on one side from where, scanning inwards, the light steps up."""
    grid = work if side in ("left", "right") else work.T
    if side in ("right", "bottom"):
        grid = grid[:, ::-1]
    n, m = grid.shape
    steps = grid[:, 2 * _STEP :] - grid[:, : -2 * _STEP]
    rows = np.arange(n)[n // 20 : n - n // 20 : 2]
    hit = steps[rows] > threshold
    found = hit.any(axis=1)
    # The edge is the steepest point of the first step up, moved in by the max filter's reach.
    first = hit.argmax(axis=1)
    window = np.arange(3 * _STEP)
    at = np.minimum(first[:, None] + window[None, :], steps.shape[1] - 1)
    steepest = first + np.take_along_axis(steps[rows], at, axis=1).argmax(axis=1) - window[0]
    edges = steepest.astype(np.float64) + _STEP + _FILTER_REACH
    ys, xs = rows[found].astype(np.float64), edges[found]
    if ys.size < _MIN_SUPPORT * rows.size:
        return None
    fit = _robust_line(ys, xs, rows.size)
    if fit is None:
        return None
    a, b = fit
    if side in ("right", "bottom"):
        a, b = -a, (m - 1) - b
    return a, b


def _robust_line(ys: NDArray[np.float64], xs: NDArray[np.float64], total: int) -> _Line | None:
    """``x = a*y + b`` through most of the points (RANSAC, then least squares on the inliers)."""
    rng = np.random.default_rng(0)  # the same photo always gives the same page
    best: NDArray[np.bool_] | None = None
    for _ in range(200):
        i, j = rng.choice(ys.size, size=2, replace=False)
        if ys[i] == ys[j]:
            continue
        a = (xs[j] - xs[i]) / (ys[j] - ys[i])
        inliers = np.abs(xs - (a * ys + xs[i] - a * ys[i])) < 2.5
        if best is None or inliers.sum() > best.sum():
            best = inliers
    if best is None or best.sum() < _MIN_SUPPORT * total:
        return None
    a, b = np.polyfit(ys[best], xs[best], 1)
    return (float(a), float(b)) if abs(a) < 0.35 else None


def _meet(upright: _Line, level: _Line) -> tuple[float, float]:
    """Where ``x = a*y + b`` crosses ``y = c*x + d``."""
    a, b = upright
    c, d = level
    x = (a * d + b) / (1 - a * c)
    return x, c * x + d


def _plausible(corners: list[tuple[float, float]], w: int, h: int) -> bool:
    """A convex quadrilateral inside the frame covering a fair share of it."""
    xs, ys = np.array([c[0] for c in corners]), np.array([c[1] for c in corners])
    margin = 0.02 * max(w, h)
    if xs.min() < -margin or ys.min() < -margin or xs.max() > w + margin or ys.max() > h + margin:
        return False
    area = 0.5 * abs(np.dot(xs, np.roll(ys, -1)) - np.dot(ys, np.roll(xs, -1)))
    if not 0.2 * w * h <= area <= 0.97 * w * h:
        return False
    turns = [
        (xs[(i + 1) % 4] - xs[i]) * (ys[(i + 2) % 4] - ys[(i + 1) % 4])
        - (ys[(i + 1) % 4] - ys[i]) * (xs[(i + 2) % 4] - xs[(i + 1) % 4])
        for i in range(4)
    ]
    return all(t > 0 for t in turns) or all(t < 0 for t in turns)


def _sides(corners: tuple[tuple[float, float], ...]) -> tuple[float, float, float, float]:
    """Lengths of the sheet's top, bottom, left and right edges."""
    (tlx, tly), (trx, try_), (brx, bry), (blx, bly) = corners
    return (
        float(np.hypot(trx - tlx, try_ - tly)),
        float(np.hypot(brx - blx, bry - bly)),
        float(np.hypot(blx - tlx, bly - tly)),
        float(np.hypot(brx - trx, bry - try_)),
    )


def _paper(corners: tuple[tuple[float, float], ...]) -> str | None:
    """The paper size whose proportions the sheet's are within 10% of."""
    top, bottom, left, right = _sides(corners)
    width, height = (top + bottom) / 2, (left + right) / 2
    ratio = max(width, height) / min(width, height)
    name, (paper, _) = min(_PAPERS.items(), key=lambda item: abs(item[1][0] - ratio))
    return name if abs(paper - ratio) / paper < 0.1 else None


# -- the page ----------------------------------------------------------------------------------


def _perspective(
    target: list[tuple[float, float]], source: list[tuple[float, float]]
) -> tuple[float, ...]:
    """Pillow's eight coefficients mapping each output pixel back to the photo."""
    rows, values = [], []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    solved = np.linalg.solve(np.array(rows, dtype=np.float64), np.array(values, dtype=np.float64))
    return tuple(float(c) for c in solved)


def _even_light(page: Image.Image) -> Image.Image:
    """Divide by the paper's own brightness (text removed by a max filter): white stays white."""
    small = page.reduce(4)
    size = max(3, (min(small.size) // 40) | 1)
    paper = small.filter(ImageFilter.MaxFilter(size)).filter(ImageFilter.GaussianBlur(size))
    paper = paper.resize(page.size, Image.Resampling.BILINEAR)
    pixels = np.asarray(page, dtype=np.float32)
    light = np.maximum(np.asarray(paper, dtype=np.float32), 1.0)
    flat = np.clip(pixels / light * 245.0, 0, 255).astype(np.uint8)
    return Image.fromarray(flat)


def _coloured(image: Image.Image) -> bool:
    """Ink in colour worth keeping (a blue signature, a red stamp), beyond a paper tint."""
    if image.mode not in ("RGB", "RGBA", "P", "CMYK"):
        return False
    small = np.asarray(image.convert("RGB").reduce(8), dtype=np.int16)
    spread = small.max(axis=2) - small.min(axis=2)
    return float((spread > 60).mean()) > 0.002
