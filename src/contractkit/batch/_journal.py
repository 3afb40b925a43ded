"""``results.jsonl``: the batch's memory across runs, written so that kill -9 loses nothing.

Each finished document appends one JSON line, flushed and fsynced before the next document
is recorded, so a killed batch loses at most the documents in flight. A torn last line (the
kill came mid-write) is ignored on reading and terminated before anything is appended.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from contractkit.batch._models import DocumentResult
from contractkit.errors import OutputError

__all__ = ["RESULTS_NAME", "Journal"]

RESULTS_NAME = "results.jsonl"

log = logging.getLogger(__name__)


class Journal:
    """The results file of one output folder: what is done, and appending what gets done."""

    def __init__(self, folder: Path) -> None:
        """Read what earlier runs recorded in ``folder/results.jsonl``; open it to append.

        Raises:
            OutputError: The file cannot be opened for writing.
        """
        self.path = folder / RESULTS_NAME
        self.folder = folder
        #: The last ``ok`` line of each path.
        self.done: dict[str, DocumentResult] = {}
        torn = self._read()
        existed = self.path.exists()
        try:
            self._file: BinaryIO = self.path.open("ab")
            if torn:
                self._file.write(b"\n")  # end the torn line so the next one starts clean
            if not existed:
                _fsync_folder(folder)
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write the results ({exc.strerror})") from exc

    def _read(self) -> bool:
        """Load the ``ok`` lines; return whether the file ends in a torn line."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot read the results ({exc.strerror})") from exc
        for number, line in enumerate(data.splitlines(), 1):
            if not line.strip():
                continue
            try:
                result = DocumentResult.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError):
                log.warning("%s:%d: not a result line; ignored", self.path, number)
                continue
            if result.status == "ok":
                self.done[result.path] = result
            else:
                self.done.pop(result.path, None)
        return bool(data) and not data.endswith(b"\n")

    def finished(
        self, path: str, sha256: str, options: Mapping[str, Any], output_folder: Path
    ) -> DocumentResult | None:
        """The earlier ``ok`` result of this exact input and options, if its outputs are there."""
        earlier = self.done.get(path)
        if earlier is None or earlier.sha256 != sha256 or dict(earlier.options) != options:
            return None
        if not all((output_folder / name).is_file() for name in earlier.outputs):
            return None
        return earlier

    def append(self, result: DocumentResult) -> None:
        """Record one result durably (flushed and fsynced).

        When the file changed or now fails, the outputs of its earlier version that this run
        did not write again are removed: an extraction of the old content must not sit next to
        a record of the new one.

        Raises:
            OutputError: The line could not be written.
        """
        line = json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":"))
        try:
            self._file.write(line.encode("utf-8") + b"\n")
            self._file.flush()
            os.fsync(self._file.fileno())
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write the results ({exc.strerror})") from exc
        earlier = self.done.pop(result.path, None)
        if earlier is not None and (result.status != "ok" or result.sha256 != earlier.sha256):
            root = self.folder.resolve()
            for name in set(earlier.outputs) - set(result.outputs):
                stale = (root / name).resolve()
                if stale.is_relative_to(root):  # a results line never reaches outside
                    stale.unlink(missing_ok=True)
        if result.status == "ok":
            self.done[result.path] = result

    def close(self) -> None:
        """Close the file."""
        self._file.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _fsync_folder(folder: Path) -> None:
    """Make a new file's name durable too, not only its content."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
