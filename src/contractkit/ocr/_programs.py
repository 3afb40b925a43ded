"""The external programs OCR relies on: is one installed, and which version.

Shared by :mod:`._tesseract` and :mod:`._ghostscript`, each the one place that starts its
program; the probe runs ``PROGRAM --version`` as an argument list with a timeout.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass

__all__ = ["Probe", "probe"]

_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")


@dataclass(frozen=True, slots=True)
class Probe:
    """Whether a program is installed, and its version.

    Attributes:
        path: Where it is, or ``None`` when it is not on ``PATH``.
        version: Its version, ``(5, 3, 0)``; ``None`` when it did not say.
    """

    path: str | None
    version: tuple[int, ...] | None

    @property
    def installed(self) -> bool:
        """The program is on ``PATH``."""
        return self.path is not None


def probe(program: str) -> Probe:
    """``program``'s path and the first version number its ``--version`` prints."""
    path = shutil.which(program)
    if path is None:
        return Probe(None, None)
    try:
        out = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return Probe(path, None)
    found = _VERSION.search(out.stdout + out.stderr)
    return Probe(path, tuple(int(g) for g in found.groups() if g) if found else None)
