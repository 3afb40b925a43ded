"""``contractkit batch``: a folder of contracts, here or on a Dask cluster (issue 7)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

import contractkit
from contractkit.batch import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, RESULTS_NAME, BatchProgress
from contractkit.cli._app import (
    Language,
    MaxImageMpixels,
    Quiet,
    app,
    fail,
    panel,
    progress_bar,
    run,
    warn,
)
from contractkit.errors import ExitCode
from contractkit.ocr import OcrOptions
from contractkit.ocr._models import DEFAULT_MAX_IMAGE_MPIXELS


@app.command("batch", rich_help_panel=panel("batch"))
def batch_command(
    input_dir: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT_DIR",
            help="Folder of contracts (walked recursively; names starting with . are skipped).",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="OUTPUT_DIR",
            help="Folder that mirrors the input: x.pdf, x.extract.json, x.review.json, "
            "results.jsonl, summary.json. Created if missing.",
            show_default=False,
        ),
    ],
    ocr: Annotated[
        bool,
        typer.Option(
            help="Make a searchable PDF of every PDF and image, and OCR scans for --extract. "
            "--no-ocr never runs Tesseract."
        ),
    ] = True,
    extract: Annotated[
        bool,
        typer.Option("--extract", help="Also write each contract's clauses and key terms as JSON."),
    ] = False,
    review: Annotated[
        bool,
        typer.Option(
            "--review", help="Also score each contract against a playbook (x.review.json)."
        ),
    ] = False,
    playbook: Annotated[
        Path | None,
        typer.Option(
            "--playbook",
            metavar="FILE",
            help="Playbook TOML file for --review (default: the built-in one).",
            show_default=False,
        ),
    ] = None,
    pattern: Annotated[
        list[str] | None,
        typer.Option(
            "--pattern",
            "-p",
            metavar="GLOB",
            help="Files to take, relative to INPUT_DIR; repeat for several. Default: **/*.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            help="Documents at once on this machine (default: one per core).",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(help="Seconds one document may take before it is killed (status timeout)."),
    ] = DEFAULT_TIMEOUT,
    memory_mb: Annotated[
        int,
        typer.Option(help="Memory cap of each document's process, in MiB (0: no cap)."),
    ] = DEFAULT_MEMORY_MB,
    dask: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="Run on a Dask cluster (tcp://host:8786). Workers need the same folders "
            "(shared filesystem), contractkit version and Tesseract.",
            show_default=False,
        ),
    ] = None,
    language: Language = "eng",
    output_type: Annotated[
        str, typer.Option("--output-type", help="pdfa (PDF/A-2b, archival) or pdf (faster).")
    ] = "pdfa",
    max_image_mpixels: MaxImageMpixels = DEFAULT_MAX_IMAGE_MPIXELS,
    json_out: Annotated[
        bool,
        typer.Option("--json", help="Print the batch report (every document) as JSON on stdout."),
    ] = False,
    quiet: Quiet = False,
) -> None:
    """Process a whole folder of contracts: searchable PDFs, extractions, reviews, a results file.

    Every document runs in its own process with a timeout and a memory cap: a file that
    crashes, hangs or eats memory is recorded as failed and the batch goes on. Each
    finished document is one line of OUTPUT_DIR/results.jsonl. Run the same command again
    after an interruption (even kill -9) and it continues: documents already done with the
    same content and options are skipped; failed ones are tried again.

    Exit status: 0 when every document is ok (or was already done), 11 when some failed
    (results.jsonl says which and why); see `docs/errors.md` for the others.

    Examples:
    - `contractkit batch scans/ -o searchable/`
    - `contractkit batch archive/ -o out/ --extract --pattern '**/*.pdf' --workers 4`
    - `contractkit batch contracts/ -o out/ --no-ocr --extract` (text only, no Tesseract)
    - `contractkit batch inbox/ -o reviewed/ --review --playbook my-playbook.toml`
    - `contractkit batch /shared/in -o /shared/out --dask tcp://scheduler:8786`
    """
    if playbook is not None and not review:
        fail(ExitCode.USAGE, "--playbook needs --review")
    if output_type not in ("pdfa", "pdf"):
        fail(ExitCode.USAGE, f"--output-type must be pdfa or pdf, not {output_type!r}")
    options: OcrOptions | bool = False
    if ocr:
        options = run(
            lambda: OcrOptions(
                output_type=output_type,  # type: ignore[arg-type]
                max_image_mpixels=max_image_mpixels,
            )
        )

    with _progress_bar(not quiet and not json_out) as progress:

        def call() -> contractkit.BatchReport | None:
            try:
                return contractkit.batch(
                    input_dir,
                    output,
                    ocr=options,
                    extract=extract,
                    review=review,
                    playbook=playbook,
                    pattern=pattern or "**/*",
                    workers=workers,
                    timeout=timeout,
                    memory_mb=memory_mb or None,
                    languages=language.split("+"),
                    dask=dask,
                    progress=progress,
                )
            except KeyboardInterrupt:
                return None

        report = run(call)
    if report is None:
        fail(
            ExitCode.INTERRUPTED,
            f"interrupted; finished documents are recorded in {output / RESULTS_NAME}",
            "run the same command again to continue where it stopped",
        )
    for doc in report.failed:
        warn(f"{doc.path}: {doc.status}: {doc.error}")
    if json_out:
        sys.stdout.write(report.to_json() + "\n")
    elif not quiet:
        _print_summary(report)
    if report.failed:
        raise typer.Exit(int(ExitCode.PARTIAL))


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[Callable[[BatchProgress], None] | None]:
    """Documents done of all, documents and pages per minute, and time left, on stderr."""
    with progress_bar(enabled, "batch", unit="docs") as bar:
        if bar is None:
            yield None
            return

        def update(state: BatchProgress) -> None:
            eta = state.eta_seconds
            bar(
                state.processed,
                state.total - state.skipped,
                detail=f"  {state.documents_per_minute:.1f} docs/min "
                f"{state.pages_per_minute:.1f} pages/min  ETA "
                + ("-" if eta is None else _clock(eta)),
                description=f"batch ({state.skipped} done before)" if state.skipped else None,
            )

        yield update


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def _print_summary(report: contractkit.BatchReport) -> None:
    out = Console(highlight=False)
    counts = report.counts
    if out.is_terminal:
        table = Table(title=f"{report.output_folder}", title_justify="left")
        for column in ("status", "documents", "pages"):
            table.add_column(column, justify="left" if column == "status" else "right")
        for status, count in counts.items():
            pages = sum(d.pages or 0 for d in report.documents if d.status == status)
            style = "bold red" if status in ("error", "timeout") and count else None
            table.add_row(status, str(count), str(pages), style=style)
        out.print(table)
    scores = [d.score for d in report.documents if d.score is not None]
    reviewed = f"; mean review score {sum(scores) / len(scores):.1f}" if scores else ""
    out.print(
        f"{_count(len(report.documents), 'document')}: "
        + ", ".join(f"{count} {status}" for status, count in counts.items())
        + f"; {_count(report.pages, 'page')} in {report.seconds:.1f} s "
        f"({report.pages_per_minute:.1f} pages/min, "
        f"{_count(report.workers, 'Dask thread' if report.executor == 'dask' else 'worker')})"
        f"{reviewed}; "
        f"results in {Path(report.output_folder) / RESULTS_NAME}",
        markup=False,
        soft_wrap=True,
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
