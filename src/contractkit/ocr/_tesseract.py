"""Tesseract, the one place that starts it: is it installed, which languages, orientation.

Recognition itself runs through OCRmyPDF (``_ocrmypdf``), which starts Tesseract with
:func:`env`; everything else contractkit asks Tesseract goes through here. Every call takes
an argument list (no shell) and a timeout.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from contractkit.ocr import _programs as programs
from contractkit.ocr._programs import Probe

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Probe", "env", "installed_languages", "orientation", "probe"]

_OSD_ROTATE = re.compile(rb"Rotate:\s*(\d+)")
_OSD_CONF = re.compile(rb"Orientation confidence:\s*([\d.]+)")


@functools.cache
def probe() -> Probe:
    """Tesseract's path and version (``tesseract --version``)."""
    return programs.probe("tesseract")


def env() -> dict[str, str]:
    """The environment for Tesseract: one OpenMP thread unless the user set a limit.

    Parallelism comes from pages (``jobs``). OCRmyPDF gives Tesseract up to three threads on
    short documents, and when two runs share the cores (test workers, a batch, two users)
    OpenMP's busy-waiting threads slow each page from ~2 s to over 100 s (measured with
    two 1-page runs on 2 cores).
    """
    return {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT") or "1"}


@functools.cache
def installed_languages() -> frozenset[str]:
    """Language packs Tesseract can load (``tesseract --list-langs``)."""
    if not probe().installed:
        return frozenset()
    try:
        out = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(line.strip() for line in out.splitlines()[1:] if line.strip())


def orientation(gray: np.ndarray, *, dpi: int, timeout: float) -> int | None:
    """Ask Tesseract's orientation detector how far to turn a page; ``None``: cannot tell."""
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="contractkit-osd-") as tmp:
        png = Path(tmp) / "page.png"
        Image.fromarray(gray).save(png, dpi=(dpi, dpi))
        try:
            out = subprocess.run(
                ["tesseract", str(png), "stdout", "--psm", "0", "--dpi", str(dpi)],
                capture_output=True,
                timeout=timeout,
                check=False,
                env=env(),
            ).stdout
        except (OSError, subprocess.TimeoutExpired):
            return None
    rot, conf = _OSD_ROTATE.search(out), _OSD_CONF.search(out)
    if rot is None or conf is None or float(conf.group(1)) < 1.0:
        return None
    return int(rot.group(1)) % 360
