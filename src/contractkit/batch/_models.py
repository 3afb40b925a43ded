"""What ``batch()`` returns: one result per document, progress snapshots and the report."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["BatchProgress", "BatchReport", "DocumentResult", "Status"]

#: ``ok``: every step ran; ``error``: the document failed (bad input, crash, out of memory);
#: ``timeout``: killed after the per-document timeout; ``skipped``: done by an earlier run.
Status = Literal["ok", "error", "timeout", "skipped"]

SCHEMA_VERSION = "1"


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What happened to one document; also one line of ``results.jsonl``.

    Attributes:
        path: The input, relative to the input folder, with ``/`` separators.
        status: ``ok``, ``error``, ``timeout`` or ``skipped``.
        sha256: SHA-256 of the input bytes (``None`` when it could not be read).
        pages: Page count, when the document was opened.
        seconds: Wall time, including starting the worker process (0 when skipped).
        timings: Seconds per step: ``ocr``, ``extract``, ``review``.
        outputs: Files written, relative to the output folder.
        warnings: Messages a person should read (low OCR confidence, terms to check…).
        error: One line saying why the document failed (with the hint, if any).
        error_type: The exception's class name, or ``crash``, ``memory``, ``timeout``.
        exit_code: The code ``contractkit`` would exit with for this document alone.
        score: The review score (0-100), when the batch reviews.
        peak_rss_mb: Peak resident memory of the document's process plus the largest
            program it ran (Tesseract, Ghostscript), MiB: what one worker needs.
        options: The options that decide the outputs (compared when resuming).
        host: The machine that processed the document.
    """

    path: str
    status: Status
    sha256: str | None = None
    pages: int | None = None
    seconds: float = 0.0
    timings: Mapping[str, float] = field(default_factory=dict)
    outputs: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None
    error_type: str | None = None
    exit_code: int | None = None
    score: float | None = None
    peak_rss_mb: float | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    host: str | None = None

    @property
    def failed(self) -> bool:
        """The document ended in ``error`` or ``timeout``."""
        return self.status in ("error", "timeout")

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DocumentResult:
        """Rebuild a result from :meth:`to_dict` output; unknown keys are ignored.

        Raises:
            KeyError, TypeError, ValueError: ``data`` is not such output.
        """
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        for key in ("outputs", "warnings"):
            values[key] = tuple(str(v) for v in values.get(key, ()))
        if values["status"] not in ("ok", "error", "timeout", "skipped"):
            raise ValueError(f"unknown status {values['status']!r}")
        return cls(**values)


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """What ``batch(progress=...)`` receives: once when planned, then after each document.

    Attributes:
        done: Documents finished, skipped ones included.
        total: Documents found.
        skipped: Documents an earlier run had already done.
        failed: Documents that ended in ``error`` or ``timeout``.
        pages: Pages of the documents processed in this run.
        seconds: Time since the batch started.
        last: The document that just finished (``None`` in the first call).
    """

    done: int
    total: int
    skipped: int
    failed: int
    pages: int
    seconds: float
    last: DocumentResult | None = None

    @property
    def processed(self) -> int:
        """Documents finished in this run (not skipped)."""
        return self.done - self.skipped

    @property
    def documents_per_minute(self) -> float:
        """Documents processed per minute so far in this run."""
        return self.processed * 60 / self.seconds if self.seconds > 0 else 0.0

    @property
    def pages_per_minute(self) -> float:
        """Pages processed per minute so far in this run."""
        return self.pages * 60 / self.seconds if self.seconds > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        """Estimated seconds left at the rate so far; ``None`` before the first document."""
        if self.processed == 0:
            return None
        return self.seconds / self.processed * (self.total - self.done)


@dataclass(frozen=True, slots=True)
class BatchReport:
    """The result of one ``batch()`` run (also written as ``summary.json``).

    Attributes:
        input_folder: The folder that was walked.
        output_folder: Where the outputs, ``results.jsonl`` and ``summary.json`` are.
        documents: One result per document found, sorted by path.
        seconds: Wall time of the run.
        workers: Documents processed at once (local processes, or the cluster's threads).
        executor: ``local`` or ``dask``.
    """

    input_folder: str
    output_folder: str
    documents: tuple[DocumentResult, ...]
    seconds: float
    workers: int
    executor: Literal["local", "dask"]
    schema_version: str = SCHEMA_VERSION

    def _with(self, *statuses: Status) -> tuple[DocumentResult, ...]:
        return tuple(d for d in self.documents if d.status in statuses)

    @property
    def ok(self) -> tuple[DocumentResult, ...]:
        """Documents processed successfully in this run."""
        return self._with("ok")

    @property
    def failed(self) -> tuple[DocumentResult, ...]:
        """Documents that ended in ``error`` or ``timeout``."""
        return self._with("error", "timeout")

    @property
    def skipped(self) -> tuple[DocumentResult, ...]:
        """Documents an earlier run had already done."""
        return self._with("skipped")

    @property
    def counts(self) -> dict[str, int]:
        """Documents per status (every status present, zero included)."""
        return {s: len(self._with(s)) for s in ("ok", "error", "timeout", "skipped")}

    @property
    def pages(self) -> int:
        """Pages of the documents processed in this run (skipped ones not counted)."""
        return sum(d.pages or 0 for d in self.documents if d.status != "skipped")

    @property
    def pages_per_minute(self) -> float:
        """Throughput of this run."""
        return self.pages * 60 / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data, with the counts."""
        data = dataclasses.asdict(self)
        data["counts"] = self.counts
        data["pages"] = self.pages
        return data

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the report as JSON text."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)
