"""Batch processing of a folder of contracts, on this machine or on a Dask cluster.

``batch()`` walks the input folder, mirrors it in the output folder (``x.pdf`` searchable,
``x.extract.json``, ``x.review.json``) and records each document as one line of
``results.jsonl``. Every document runs in its own child process with a timeout and a memory
cap, so a crash, a hang or a memory blow-up is that document's error and the batch goes on.
The results file makes a batch resumable, even after kill -9: a document already done with
the same content and options is skipped (issue 7).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contractkit._io import atomic_output
from contractkit.batch._isolate import kill_all, run_isolated
from contractkit.batch._journal import RESULTS_NAME, Journal
from contractkit.batch._models import BatchProgress, BatchReport, DocumentResult, Status
from contractkit.errors import InputError, InvalidOptionError, OutputError
from contractkit.ocr._models import OcrOptions

if TYPE_CHECKING:
    import distributed

__all__ = [
    "RESULTS_NAME",
    "SUMMARY_NAME",
    "BatchProgress",
    "BatchReport",
    "DocumentResult",
    "Status",
    "batch",
]

SUMMARY_NAME = "summary.json"

#: Called with a snapshot once the work is planned, then after each document.
ProgressCallback = Callable[[BatchProgress], None]

#: Defaults: a long contract OCRs at a few seconds a page; OCR of one page needs well under
#: a GiB of address space, so 4 GiB stops only runaways.
DEFAULT_TIMEOUT = 1800.0
DEFAULT_MEMORY_MB = 4096


def batch(
    input_folder: str | os.PathLike[str],
    output_folder: str | os.PathLike[str],
    /,
    *,
    ocr: OcrOptions | bool = True,
    extract: bool = False,
    review: bool = False,
    playbook: str | os.PathLike[str] | None = None,
    pattern: str | Sequence[str] = "**/*",
    workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    languages: Sequence[str] = ("eng",),
    dask: distributed.Client | str | None = None,
    progress: ProgressCallback | None = None,
) -> BatchReport:
    """Process every contract in a folder tree; resumable, one process per document.

    Args:
        input_folder: The folder to walk. Files and folders whose name starts with ``.``
            are left out, and so is the output folder when it lies inside.
        output_folder: Where the tree is mirrored: ``a/x.pdf`` (searchable PDF of a PDF or
            image), ``a/x.extract.json``, ``a/x.review.json``; plus ``results.jsonl`` and
            ``summary.json``.
            Created if missing.
        ocr: Make searchable PDFs and OCR scans for extraction; ``OcrOptions`` to tune it
            (``jobs`` defaults to 1 here: the documents run in parallel instead).
            ``False`` never runs OCR.
        extract: Also write each document's extraction (clauses, key terms) as JSON.
        review: Also score each document against a playbook; the scorecard as JSON.
        playbook: The playbook file for ``review``; ``None``: the default playbook.
        pattern: Glob(s) relative to ``input_folder`` selecting the files (``**/*.pdf``).
        workers: Documents processed at once on this machine; default: one per core.
            Ignored with ``dask`` (the cluster's worker threads decide).
        timeout: Seconds one document may take; then it is killed and marked ``timeout``.
        memory_mb: Address-space cap of each document's process, in MiB; ``None``: none.
        languages: Tesseract languages, e.g. ``("eng", "deu")``.
        dask: A ``distributed.Client``, or a scheduler address (``tcp://host:8786``), to
            run on a Dask cluster. Every worker must see both folders at the same paths.
        progress: Called with a :class:`BatchProgress` after planning and each document.

    Returns:
        The report: one :class:`DocumentResult` per document found, sorted by path.
        Failed documents are in it, not raised: check ``report.failed``.

    Raises:
        InputError: ``input_folder`` is missing or not a folder.
        OutputError: The output folder cannot be created or written, or holds the input.
        InvalidOptionError: No step asked for; ``playbook`` without ``review``; a bad
            pattern, worker count, timeout, memory cap or language.
        PlaybookError: The playbook file is missing or invalid.
        MissingDependencyError: ``dask`` is given and Dask is not installed.
        ClusterError: The Dask scheduler cannot be reached.
    """
    started = time.perf_counter()
    source, target = _check_folders(Path(input_folder), Path(output_folder))
    book = _read_playbook(review, playbook)
    options = _output_options(ocr, extract, languages, book)
    _check_limits(workers, timeout, memory_mb)
    patterns = (pattern,) if isinstance(pattern, str) else tuple(pattern)
    files = _walk(source, patterns, exclude=target)
    bases = _output_bases(files)

    with Journal(target) as journal:
        results: dict[int, DocumentResult] = {}
        tasks: list[dict[str, Any]] = []
        indices: list[int] = []
        for index, rel in enumerate(files):
            path = rel.as_posix()
            earlier = journal.done.get(path)
            if earlier is not None and (digest := _hash_file(source / rel)) is not None:
                done = journal.finished(path, digest, options, target)
                if done is not None:
                    results[index] = _skipped(done)
                    continue
            indices.append(index)
            tasks.append(
                {
                    "path": path,
                    "source": str(source / rel),
                    "output_base": str(target / bases[rel]),
                    "output_folder": str(target),
                    "ocr": options["ocr"],
                    "extract": extract,
                    "review": book,
                    "languages": options["languages"],
                }
            )
        tracker = _Tracker(len(files), len(results), started, progress)
        tracker.report(None)

        def record(position: int, raw: dict[str, Any]) -> None:
            task = tasks[position]
            result = DocumentResult.from_dict(raw | {"path": task["path"], "options": options})
            journal.append(result)
            results[indices[position]] = result
            tracker.report(result)

        count = min(workers or os.cpu_count() or 1, max(len(tasks), 1))
        executor: Any = "local"
        if dask is None:
            _run_locally(tasks, count, timeout, memory_mb, record)
        else:
            executor = "dask"
            from contractkit.batch._dask import run_on_dask

            def set_count(threads: int) -> None:
                nonlocal count
                count = threads

            run_on_dask(
                dask,
                tasks,
                timeout=timeout,
                memory_mb=memory_mb,
                on_workers=set_count,
                on_result=record,
            )

    report = BatchReport(
        input_folder=str(source),
        output_folder=str(target),
        documents=tuple(results[i] for i in sorted(results)),
        seconds=round(time.perf_counter() - started, 3),
        workers=count,
        executor=executor,
    )
    with atomic_output(target / SUMMARY_NAME, suffix=".json") as tmp:
        tmp.write_text(report.to_json() + "\n", encoding="utf-8")
    return report


def _run_locally(
    tasks: list[dict[str, Any]],
    workers: int,
    timeout: float,
    memory_mb: int | None,
    record: Callable[[int, dict[str, Any]], None],
) -> None:
    """Threads only wait here: each document's work is in its own child process."""
    with ThreadPoolExecutor(workers, thread_name_prefix="contractkit-batch") as pool:
        futures = {pool.submit(run_isolated, t, timeout, memory_mb): i for i, t in enumerate(tasks)}
        try:
            for future in as_completed(futures):
                record(futures[future], future.result())
        except BaseException:  # Ctrl-C or a failing callback: leave no worker behind
            pool.shutdown(wait=False, cancel_futures=True)
            kill_all()
            raise


class _Tracker:
    """Counts for the progress callback (called in the batch's own thread)."""

    def __init__(
        self, total: int, skipped: int, started: float, callback: ProgressCallback | None
    ) -> None:
        self.total, self.skipped, self.started = total, skipped, started
        self.done, self.failed, self.pages = skipped, 0, 0
        self.callback = callback
        self.lock = threading.Lock()

    def report(self, result: DocumentResult | None) -> None:
        with self.lock:
            if result is not None:
                self.done += 1
                self.failed += result.failed
                self.pages += result.pages or 0
            snapshot = BatchProgress(
                done=self.done,
                total=self.total,
                skipped=self.skipped,
                failed=self.failed,
                pages=self.pages,
                seconds=time.perf_counter() - self.started,
                last=result,
            )
        if self.callback is not None:
            self.callback(snapshot)


def _check_folders(source: Path, target: Path) -> tuple[Path, Path]:
    if not source.is_dir():
        what = "no such folder" if not source.exists() else "not a folder"
        raise InputError(f"{source}: {what}", hint="give the folder holding the contracts")
    source = source.resolve()
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{target}: cannot create the output folder ({exc.strerror})") from exc
    target = target.resolve()
    if source.is_relative_to(target):
        raise OutputError(
            f"{target}: the output folder holds the input folder",
            hint="choose an output folder outside the input (or inside it, which is skipped)",
        )
    if not os.access(target, os.W_OK | os.X_OK):
        raise OutputError(f"{target}: the output folder is not writable")
    return source, target


def _read_playbook(review: bool, playbook: str | os.PathLike[str] | None) -> dict[str, Any] | None:
    """The playbook's text, checked here once rather than failing every document.

    Workers get the text, not the path: on a cluster they need not see the file.
    """
    if not review:
        if playbook is not None:
            raise InvalidOptionError("a playbook is only used with review")
        return None
    from contractkit.playbook.model import Playbook, default_playbook_text

    if playbook is None:
        return {"text": None, "name": None, "sha256": _sha256(default_playbook_text())}
    book = Playbook.load(Path(playbook))
    text = Path(playbook).read_text(encoding="utf-8")
    return {"text": text, "name": book.path, "sha256": _sha256(text)}


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _output_options(
    ocr: OcrOptions | bool,
    extract: bool,
    languages: Sequence[str],
    playbook: dict[str, Any] | None,
) -> dict[str, Any]:
    """The options that decide what is written: compared with ``results.jsonl`` to resume."""
    from contractkit.ocr import _check_languages

    if ocr is False and not extract and playbook is None:
        raise InvalidOptionError("nothing to do: ask for OCR, extraction, review or more")
    options: OcrOptions | None = None
    if ocr is not False:
        options = ocr if isinstance(ocr, OcrOptions) else OcrOptions()
        if options.jobs is None:  # documents run in parallel; pages one at a time each
            options = options.model_copy(update={"jobs": 1})
    return {
        "ocr": None if options is None else options.model_dump(mode="json"),
        "extract": extract,
        "review": None if playbook is None else {"playbook_sha256": playbook["sha256"]},
        "languages": list(_check_languages(languages)),
    }


def _check_limits(workers: int | None, timeout: float, memory_mb: int | None) -> None:
    if workers is not None and workers < 1:
        raise InvalidOptionError(f"workers must be at least 1, not {workers}")
    if not timeout > 0:
        raise InvalidOptionError(f"the timeout must be positive, not {timeout}")
    if memory_mb is not None and memory_mb < 256:
        raise InvalidOptionError(
            f"a memory cap of {memory_mb} MiB is too small to start a worker (use 256 or more)"
        )


def _walk(source: Path, patterns: tuple[str, ...], *, exclude: Path) -> list[Path]:
    """Files matching any pattern, relative and sorted; hidden names and outputs left out."""
    if not patterns:
        raise InvalidOptionError("no pattern given")
    inside = exclude.is_relative_to(source)
    found: set[Path] = set()
    for pattern in patterns:
        try:
            matches = list(source.glob(pattern))
        except (ValueError, NotImplementedError) as exc:
            raise InvalidOptionError(f"bad pattern {pattern!r}: {exc}") from exc
        for path in matches:
            if not path.is_relative_to(source):  # "../*": never outside the input folder
                continue
            rel = path.relative_to(source)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if inside and path.is_relative_to(exclude):
                continue
            if path.is_file():
                found.add(rel)
    return sorted(found)


def _output_bases(files: list[Path]) -> dict[Path, Path]:
    """Output name stems: ``a/x.pdf`` → ``a/x``, unless ``a/x.tiff`` is there too.

    Then each keeps its full name (``a/x.pdf.pdf``, ``a/x.tiff.pdf``): no output is lost.
    """
    stems = Counter(rel.with_suffix("") for rel in files)
    return {rel: rel.with_suffix("") if stems[rel.with_suffix("")] == 1 else rel for rel in files}


def _hash_file(path: Path) -> str | None:
    """SHA-256 of a file, read in chunks (memory stays flat); ``None`` if unreadable."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _skipped(earlier: DocumentResult) -> DocumentResult:
    from dataclasses import replace

    return replace(earlier, status="skipped", seconds=0.0)
