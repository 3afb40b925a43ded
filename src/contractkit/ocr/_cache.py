"""The OCR cache: what Tesseract read from a scan, keyed by the scan's content and options.

Reading the same scan twice should not OCR it twice (OCR takes seconds a page; reading the
cache, milliseconds). An entry is one gzipped JSON file named by :func:`entry_key` (the
SHA-256 of the input bytes, the languages, the OCR options and the cache format), and the
searchable PDF that run made beside it, so a later step that needs the scan's text layer
(annotating it, for one) takes it from here instead of OCR'ing again. Files are written
atomically so two processes can fill the cache at once. Delete the folder to clear it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from contractkit.ocr._models import OcrOptions

__all__ = ["default_dir", "entry_key", "folder", "load", "load_pdf", "store"]

_FORMAT = 2


def default_dir() -> Path:
    """``$CONTRACTKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/contractkit``, else ``~/.cache/...``."""
    if explicit := os.environ.get("CONTRACTKIT_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "contractkit"


def folder(cache: bool | str | os.PathLike[str]) -> Path | None:
    """The cache folder the API's ``cache`` argument means (``False``: no cache)."""
    if cache is True:
        return default_dir()
    if cache is False:
        return None
    return Path(cache)


def entry_key(input_sha256: str, languages: Sequence[str], options: OcrOptions) -> str:
    """The name of the entry for this input read with these settings.

    Every reader of the cache (``open``, ``batch``, ``annotate``) calls this, so the names
    agree. The output type (PDF/A or plain PDF) changes nothing Tesseract reads, so it is
    not part of the key.
    """
    read = options.model_dump(mode="json", exclude={"output_type"})
    settings = {"input": input_sha256, "languages": list(languages), "options": read, "v": _FORMAT}
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


def load_pdf(folder: Path, key: str) -> bytes | None:
    """The searchable PDF stored with the entry, or ``None``."""
    try:
        return (folder / key[:2] / f"{key}.pdf").read_bytes()
    except OSError:
        return None


def store(folder: Path, key: str, data: dict[str, Any], *, pdf: Path | None = None) -> None:
    """Write an entry (and the searchable PDF); a cache that cannot be written is skipped.

    The PDF goes first: an entry whose JSON is there has its PDF too, when one was given.
    """
    if pdf is not None:
        _copy(pdf, folder / key[:2] / f"{key}.pdf")
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


def _copy(source: Path, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pdf")
        os.close(fd)
        try:
            shutil.copyfile(source, tmp)
            Path(tmp).replace(target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return
