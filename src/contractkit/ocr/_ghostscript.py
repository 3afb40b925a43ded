"""Ghostscript, the one place that starts it: is it installed, and can it make PDF/A."""

from __future__ import annotations

import functools

from contractkit.ocr import _programs as programs
from contractkit.ocr._programs import Probe

__all__ = ["makes_pdfa", "probe"]


@functools.cache
def probe() -> Probe:
    """Ghostscript's path and version (``gs --version``)."""
    return programs.probe("gs")


def makes_pdfa(mode: str) -> bool:
    """Can Ghostscript be trusted to convert this run's output to PDF/A?

    OCRmyPDF refuses Ghostscript 10.0.0 to 10.02.0 (Debian 12's) on files that keep text
    layers, because those versions corrupt them; in force mode no text layer is kept.
    """
    version = probe().version
    if version is None:
        return False
    return mode == "force" or not (10, 0, 0) <= version < (10, 2, 1)
