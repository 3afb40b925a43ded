"""One document in a child process: ``python -m contractkit.batch._worker``.

The parent writes a task (JSON) to stdin; the child caps its own address space, runs the
steps and writes one JSON result to stdout. A crash, a hang or a memory blow-up here ends
only this process: the parent records it as the document's error and goes on (issue 7).

Test hook (not an API): ``_CONTRACTKIT_TEST_FAULTS`` holds a JSON object mapping input file
names to ``crash``, ``hang`` or ``memory``; the child then misbehaves that way on those
inputs, so the tests can check that the batch survives it.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

__all__ = ["FAULTS_ENV", "process"]

FAULTS_ENV = "_CONTRACTKIT_TEST_FAULTS"

#: Formats ``ocr()`` makes a searchable PDF of; text and Word files need no OCR.
_OCR_FORMATS = ("pdf", "image")


def main() -> None:
    """Read a task on stdin, cap memory, process, print the result on the real stdout."""
    result_fd = os.dup(1)
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never into the result
    task: dict[str, Any] = json.load(sys.stdin)
    _die_with_parent(int(task["parent_pid"]))
    _limit_resources(task.get("memory_mb"))
    result = process(task)
    result["peak_rss_mb"] = _peak_rss_mb()
    with os.fdopen(result_fd, "w", encoding="utf-8") as out:
        out.write(json.dumps(result))


def process(task: dict[str, Any]) -> dict[str, Any]:
    """Run the task's steps on one document; return the fields of its ``DocumentResult``.

    Every error becomes the result's ``error``; nothing is raised.
    """
    from contractkit.errors import ContractKitError, ExitCode

    result: dict[str, Any] = {"host": socket.gethostname(), "timings": {}, "outputs": []}
    try:
        _inject_fault(Path(task["source"]).name)
        _run_steps(task, result)
        result["status"] = "ok"
    except ContractKitError as exc:
        message = f"{exc.message}; {exc.hint}" if exc.hint else exc.message
        result |= _failure(message, type(exc).__name__, int(exc.exit_code))
    except MemoryError:
        message = f"ran out of memory (the cap is {task.get('memory_mb')} MiB per document)"
        result |= _failure(message, "memory", int(ExitCode.INTERNAL))
    except Exception as exc:
        message = f"unexpected {type(exc).__name__}: {exc}"
        result |= _failure(message, type(exc).__name__, int(ExitCode.INTERNAL))
    return result


def _failure(message: str, kind: str, code: int) -> dict[str, Any]:
    return {"status": "error", "error": message, "error_type": kind, "exit_code": code}


def _run_steps(task: dict[str, Any], result: dict[str, Any]) -> None:
    """OCR (PDFs and images) into ``BASE.pdf``; ``BASE.extract.json``; ``BASE.review.json``."""
    from contractkit._io import read_source, sha256
    from contractkit.document import detect_format
    from contractkit.ocr import OcrOptions

    source = Path(task["source"])
    base = Path(task["output_base"])
    out_folder = Path(task["output_folder"])
    src = read_source(source)
    result["sha256"] = sha256(src.data)
    fmt = detect_format(src)
    del src  # the steps read the file themselves; do not hold it twice
    base.parent.mkdir(parents=True, exist_ok=True)
    languages = tuple(task["languages"])
    options = OcrOptions(**task["ocr"]) if task["ocr"] is not None else None
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="contractkit-batch-") as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the reports carry the warnings that matter
        cache: Path | bool = False
        if options is not None and fmt in _OCR_FORMATS:
            started = time.perf_counter()
            target = base.with_name(base.name + ".pdf")
            pages = _ocr(source, target, options, languages, Path(tmp), notes)
            result["timings"]["ocr"] = round(time.perf_counter() - started, 3)
            result["outputs"].append(target.relative_to(out_folder).as_posix())
            result["pages"] = pages
            cache = Path(tmp)
        elif options is not None and not task["extract"] and task["review"] is None:
            notes.append(f"a {fmt} file has no scan to OCR; nothing to write")
        if task["extract"] or task["review"] is not None:
            from contractkit.document import ReadOptions
            from contractkit.extraction import extract

            started = time.perf_counter()
            reading = options if options is not None else False
            read = ReadOptions(ocr=reading, languages=languages, cache=cache)
            extraction = extract(source, read=read)
            if task["extract"]:
                target = base.with_name(base.name + ".extract.json")
                _write_json(target, extraction.to_json(indent=2))
                result["outputs"].append(target.relative_to(out_folder).as_posix())
            result["timings"]["extract"] = round(time.perf_counter() - started, 3)
            result["pages"] = extraction.document.pages
            notes += [*extraction.document.warnings, *extraction.warnings]
            if task["review"] is not None:
                started = time.perf_counter()
                target = base.with_name(base.name + ".review.json")
                result["score"], fit_notes = _review(extraction, task["review"], target)
                notes += fit_notes  # a playbook for another kind of contract (issue 16)
                result["timings"]["review"] = round(time.perf_counter() - started, 3)
                result["outputs"].append(target.relative_to(out_folder).as_posix())
    result["warnings"] = list(dict.fromkeys(notes))


def _review(extraction: Any, playbook: dict[str, Any], target: Path) -> tuple[float, list[str]]:
    """Score the extraction against the playbook (TOML text; ``None``: the one that fits).

    Returns the score and the playbook's warnings (the extraction's are noted already).
    """
    import warnings

    from contractkit.errors import PlaybookMismatchWarning
    from contractkit.playbook.model import Playbook
    from contractkit.playbook.review import review

    book = None
    if playbook["text"] is not None:
        book = Playbook.parse(playbook["text"], path=playbook["name"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PlaybookMismatchWarning)  # the scorecard carries them
        scorecard = review(extraction, playbook=book)
    _write_json(target, scorecard.to_json(indent=2))
    known = {*extraction.document.warnings, *extraction.warnings}
    return scorecard.score, [w for w in scorecard.warnings if w not in known]


def _write_json(target: Path, text: str) -> None:
    from contractkit._io import atomic_output

    with atomic_output(target, suffix=".json") as tmp:
        tmp.write_text(text + "\n", encoding="utf-8")


def _ocr(
    source: Path,
    target: Path,
    options: Any,
    languages: tuple[str, ...],
    cache_dir: Path,
    notes: list[str],
) -> int:
    """Make the searchable PDF; leave what Tesseract read in a one-document OCR cache.

    ``extract`` then finds the pages in that cache instead of OCR'ing the scan a second
    time (OCR is seconds a page; everything else, milliseconds).
    """
    import pypdfium2 as pdfium

    from contractkit.ocr import _cache, recognise

    report, stats = recognise(source, target, languages=languages, options=options)
    notes += report.warnings
    searchable = pdfium.PdfDocument(target)
    try:
        sizes = [searchable.get_page_size(i) for i in range(len(searchable))]
    finally:
        searchable.close()
    key = _cache.entry_key(report.input_sha256, languages, options)
    _cache.store(cache_dir, key, {"report": report.to_dict(), "pages": stats, "sizes": sizes})
    return len(report.pages)


def _peak_rss_mb() -> float | None:
    """This process's peak resident memory plus that of the largest program it ran.

    An upper bound of what one document needed at once (Tesseract runs while the worker
    waits), to choose ``--memory-mb`` and the number of workers from.
    """
    import resource

    children_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    try:
        status = Path("/proc/self/status").read_text().splitlines()
        own_kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration, ValueError):
        own_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round((own_kib + children_kib) / 1024, 1)


def _inject_fault(name: str) -> None:
    """Misbehave as the test hook asks (see the module docstring); normally does nothing."""
    spec = os.environ.get(FAULTS_ENV)
    if not spec:
        return
    fault = json.loads(spec).get(name)
    if fault == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif fault == "hang":
        time.sleep(3600)
    elif fault == "memory":
        hoard = []
        while True:
            hoard.append(bytearray(64 << 20))


def _limit_resources(megabytes: int | None) -> None:
    """Cap this process's address space: an allocation beyond it fails with MemoryError.

    Programs it runs (Tesseract, Ghostscript) inherit the cap, each for itself. No core
    files either: a thousand crashing scans must not fill the disk.
    """
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if not megabytes:
        return
    limit = megabytes << 20
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to kill this child when the batch dies (even by kill -9).

    Otherwise an orphan would finish its document unrecorded, and the next run would do it
    again alongside.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    try:
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)


if __name__ == "__main__":
    main()
