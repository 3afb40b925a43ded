"""The OCR cache: what Tesseract read from a scan, keyed by the scan's content and options.

Reading the same scan twice should not OCR it twice (OCR takes seconds a page; reading the
cache, milliseconds). An entry is one gzipped JSON file named by the SHA-256 of the input
bytes, the languages, the OCR options and the cache format, written atomically so two
processes can fill the cache at once. Delete the folder to clear it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["default_dir", "entry_key", "load", "store"]

_FORMAT = 1


def default_dir() -> Path:
    """``$CONTRACTKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/contractkit``, else ``~/.cache/...``."""
    if explicit := os.environ.get("CONTRACTKIT_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "contractkit"


def entry_key(input_sha256: str, languages: tuple[str, ...], options: dict[str, Any]) -> str:
    """The name of the entry for this input read with these settings."""
    settings = {"input": input_sha256, "languages": languages, "options": options, "v": _FORMAT}
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()


def load(folder: Path, key: str) -> dict[str, Any] | None:
    """The stored entry, or ``None`` when there is none (or it cannot be read)."""
    path = folder / key[:2] / f"{key}.json.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data: dict[str, Any] = json.load(fh)
    except (OSError, ValueError, EOFError):
        return None
    return data


def store(folder: Path, key: str, data: dict[str, Any]) -> None:
    """Write an entry; a cache that cannot be written is skipped, never an error."""
    target = folder / key[:2] / f"{key}.json.gz"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json.gz")
        try:
            with os.fdopen(fd, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8") as fh:
                json.dump(data, fh, separators=(",", ":"))
            Path(tmp).replace(target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return
