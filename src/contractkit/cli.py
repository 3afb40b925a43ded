"""The ``contractkit`` command: a thin layer over the library.

Each command builds options, calls one API function and prints. Errors become one line on
stderr and the error's exit code (see ``docs/errors.md``); ``--debug`` shows the traceback.
"""

from __future__ import annotations

import json
import logging
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

import contractkit
from contractkit._io import atomic_output, check_target
from contractkit.errors import ContractKitError, ContractKitWarning, ExitCode
from contractkit.ocr import OcrOptions, OcrReport

try:  # typer >= 0.29 vendors click; older releases use click itself
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover
    from click import exceptions as click_errors  # type: ignore[no-redef]

app = typer.Typer(
    name="contractkit",
    help="Digitise, understand and strengthen contracts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode="markdown",
)

stderr = Console(stderr=True, highlight=False)
T = TypeVar("T")

_state = {"debug": False}
#: OcrOptions fields as the CLI spells them, for error messages.
_OPTION_NAMES = {
    "jobs": "--jobs",
    "page_timeout": "--page-timeout",
    "low_confidence": "--min-confidence",
    "image_dpi": "--image-dpi",
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"contractkit {contractkit.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Digitise, understand and strengthen contracts.

    Start with `contractkit ocr scan.pdf -o searchable.pdf` (make a scan searchable) or
    `contractkit text contract.pdf` (read any contract as clean text).
    """
    _state["debug"] = debug
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
    )


def _fail(code: ExitCode, message: str, hint: str = "") -> NoReturn:
    stderr.print(f"contractkit: error: {message}", markup=False, soft_wrap=True)
    if hint:
        stderr.print(f"contractkit: hint: {hint}", markup=False, soft_wrap=True)
    raise typer.Exit(int(code))


def _run(call: Callable[[], T]) -> T:
    """Call the library; turn its errors into one line and an exit code."""
    try:
        return call()
    except ContractKitError as exc:
        if _state["debug"]:
            stderr.print_exception()
        _fail(exc.exit_code, exc.message, exc.hint)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"])
        option = _OPTION_NAMES.get(field, field)
        _fail(ExitCode.USAGE, f"invalid value for {option}: {error['msg']}")
    except KeyboardInterrupt:
        _fail(ExitCode.INTERRUPTED, "interrupted; no output was written")
    except Exception as exc:
        if _state["debug"]:
            stderr.print_exception()
        _fail(
            ExitCode.INTERNAL,
            f"unexpected {type(exc).__name__}: {exc}",
            "this is a bug: please report it with the output of --debug",
        )


@contextmanager
def _progress(enabled: bool, label: str) -> Iterator[Callable[[float, float], None] | None]:
    """A progress bar on stderr when it is a terminal, else nothing."""
    if not enabled or not stderr.is_terminal:
        yield None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("pages"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: float, total: float) -> None:
            bar.update(task, completed=int(done), total=total or None)

        yield update


@app.command("ocr")
def ocr_command(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            metavar="INPUT",
            help="Scanned or mixed PDF, or images (PNG, JPEG, TIFF, WebP); several are joined "
            "into one PDF in the order given.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Searchable PDF to write.", show_default=False)
    ],
    language: Annotated[
        str, typer.Option("--language", "-l", help="Tesseract languages, joined by +: eng+deu.")
    ] = "eng",
    force: Annotated[
        bool, typer.Option("--force", help="Rasterise and OCR every page, even born-digital ones.")
    ] = False,
    redo: Annotated[
        bool, typer.Option("--redo", help="Replace an earlier OCR text layer.")
    ] = False,
    output_type: Annotated[
        str, typer.Option("--output-type", help="pdfa (PDF/A-2b, archival) or pdf (faster).")
    ] = "pdfa",
    deskew: Annotated[
        bool, typer.Option(help="Straighten skewed pages (only those that need it).")
    ] = True,
    rotate: Annotated[
        bool, typer.Option(help="Turn sideways and upside-down pages upright.")
    ] = True,
    clean: Annotated[bool, typer.Option(help="Remove speckle from noisy pages before OCR.")] = True,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Pages in parallel (default: all cores).")
    ] = None,
    password: Annotated[
        str | None, typer.Option(help="Password of an encrypted PDF.", show_default=False)
    ] = None,
    sidecar: Annotated[
        Path | None,
        typer.Option(help="Also write the recognised text to this file.", show_default=False),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(help="Write the per-page report as JSON to this file.", show_default=False),
    ] = None,
    page_timeout: Annotated[
        float, typer.Option(help="Seconds one page may take before the run fails.")
    ] = 300.0,
    min_confidence: Annotated[
        float,
        typer.Option(
            help="Pages whose mean word confidence (0-100) is below this are named in a warning."
        ),
    ] = 75.0,
    image_dpi: Annotated[
        int | None,
        typer.Option(
            help="Resolution of images that record none (default: guessed from size).",
            show_default=False,
        ),
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON on stdout.")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="No progress bar or summary; only warnings and errors."),
    ] = False,
) -> None:
    """Make scanned contracts searchable: a PDF/A with an invisible, aligned text layer.

    Only pages without text are OCR'd. Pages scanned sideways, upside down or at an angle
    are corrected first; speckled pages are cleaned for OCR. A page read with low confidence
    is named on stderr: check its figures against the scan.

    Examples:
    - `contractkit ocr scan.pdf -o searchable.pdf`
    - `contractkit ocr page1.jpg page2.jpg -o contract.pdf --report report.json`
    - `contractkit ocr vertrag.pdf -o out.pdf -l deu+eng --sidecar out.txt`
    """
    if force and redo:
        _fail(ExitCode.USAGE, "--force and --redo cannot be used together")
    mode = "force" if force else "redo" if redo else "auto"
    if output_type not in ("pdfa", "pdf"):
        _fail(ExitCode.USAGE, f"--output-type must be pdfa or pdf, not {output_type!r}")
    options = _run(
        lambda: OcrOptions(
            deskew=deskew,
            rotate=rotate,
            clean=clean,
            jobs=jobs,
            output_type=output_type,  # type: ignore[arg-type]
            page_timeout=page_timeout,
            image_dpi=image_dpi,
            low_confidence=min_confidence,
        )
    )
    if report is not None:
        if report.resolve() in {output.resolve(), *(p.resolve() for p in inputs)}:
            _fail(ExitCode.USAGE, "--report must be another file than the input and the output")
        _run(lambda: check_target(report))
    with warnings.catch_warnings(), _progress(not quiet, "OCR") as progress:
        warnings.simplefilter("ignore", ContractKitWarning)
        result: OcrReport = _run(
            lambda: contractkit.ocr(
                [*inputs] if len(inputs) > 1 else inputs[0],
                output,
                languages=language.split("+"),
                mode=mode,
                options=options,
                password=password,
                sidecar=sidecar,
                progress=progress,
            )
        )
    if report is not None:
        _run(lambda: _write_text(report, result.to_json()))
    if json_out:
        sys.stdout.write(result.to_json() + "\n")
    for message in result.warnings:
        stderr.print(f"contractkit: warning: {message}", markup=False, soft_wrap=True)
    if not quiet and not json_out:
        _print_summary(result, output)


# Options `text` and `extract` share: how to open the contract.
_Language = Annotated[
    str, typer.Option("--language", "-l", help="OCR languages, joined by +: eng+deu.")
]
_Password = Annotated[
    str | None, typer.Option(help="Password of an encrypted PDF.", show_default=False)
]
_Ocr = Annotated[bool, typer.Option(help="OCR pages that have no text layer (scans, images).")]
_Cache = Annotated[
    bool, typer.Option(help="Reuse OCR results of a scan read before (keyed by content).")
]
_CacheDir = Annotated[
    Path | None,
    typer.Option(
        help="OCR cache folder (default: $CONTRACTKIT_CACHE_DIR or ~/.cache/contractkit).",
        show_default=False,
    ),
]
_Quiet = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar; only warnings and errors.")
]


def _read(
    reader: Callable[..., T],
    source: str,
    password: str | None,
    ocr: bool,
    language: str,
    cache: bool,
    cache_dir: Path | None,
    quiet: bool,
) -> T:
    """Call ``contractkit.open`` or ``extract`` with the shared options, a bar while OCR runs."""
    where: bool | Path = (cache_dir or True) if cache else False
    with warnings.catch_warnings(), _progress(not quiet, "OCR") as progress:
        warnings.simplefilter("ignore", ContractKitWarning)  # the result carries them
        return _run(
            lambda: reader(
                sys.stdin.buffer if source == "-" else Path(source),
                password=password,
                ocr=ocr,
                languages=language.split("+"),
                cache=where,
                progress=progress,
            )
        )


@app.command("text")
def text_command(
    source: Annotated[
        str,
        typer.Argument(
            metavar="INPUT",
            help="Contract to read: PDF (born-digital or scanned), image, DOCX, text or "
            "Markdown; - reads standard input.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file instead of stdout.", show_default=False
        ),
    ] = None,
    json_out: Annotated[
        bool,
        typer.Option(
            "--json",
            help="The whole document model (pages, blocks, lines, words with boxes) as JSON; "
            "see `contractkit schema document`.",
        ),
    ] = False,
    language: _Language = "eng",
    password: _Password = None,
    ocr: _Ocr = True,
    cache: _Cache = True,
    cache_dir: _CacheDir = None,
    quiet: _Quiet = False,
) -> None:
    """Print a contract's clean text, whatever the format, scanned or not.

    Reading order is fixed (two columns), running headers, footers and page numbers are
    removed and hyphenated words joined. The format is detected from the content, not the
    file name. Scanned pages are OCR'd once: the result is cached by content hash.

    Examples:
    - `contractkit text contract.pdf`
    - `contractkit text scan.pdf --json > contract.json`
    - `cat contract.docx | contractkit text -`
    """
    if output is not None:
        _run(lambda: check_target(output))
    doc = _read(contractkit.open, source, password, ocr, language, cache, cache_dir, quiet)
    for message in doc.warnings:
        stderr.print(f"contractkit: warning: {message}", markup=False, soft_wrap=True)
    result = doc.to_json(indent=2) if json_out else doc.text
    if output is None:
        sys.stdout.write(result + "\n")
    else:
        _run(lambda: _write_text(output, result))


@app.command("extract")
def extract_command(
    source: Annotated[
        str,
        typer.Argument(
            metavar="INPUT",
            help="Contract to read: PDF (born-digital or scanned), image, DOCX, text or "
            "Markdown; - reads standard input.",
            show_default=False,
        ),
    ],
    json_out: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the full result as JSON (clauses with labels and page boxes, terms "
            "with quotes and locations); see `contractkit schema extraction`.",
        ),
    ] = False,
    markdown: Annotated[
        Path | None,
        typer.Option(
            "--markdown",
            help="Also write a Markdown report to this file (- for stdout).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the JSON to this file instead of stdout.",
            show_default=False,
        ),
    ] = None,
    language: _Language = "eng",
    password: _Password = None,
    ocr: _Ocr = True,
    cache: _Cache = True,
    cache_dir: _CacheDir = None,
    quiet: _Quiet = False,
) -> None:
    """Find every clause, what it is about, and the terms that decide how a contract ends.

    Prints the parties, the key terms (notice and cure periods, term and renewal, liability
    cap, payment, governing law…) with the page each is on, and the clause outline with
    categories. A term whose figure OCR read with low confidence, or whose words and digits
    disagree (`thirty (80) days`), is marked ⚠ for a human check.

    Examples:
    - `contractkit extract contract.pdf`
    - `contractkit extract scan.pdf --json > extraction.json`
    - `contractkit extract contract.docx --markdown report.md`
    """
    for target in (output, markdown):
        if target is not None and str(target) != "-":
            _run(partial(check_target, target))
    result = _read(contractkit.extract, source, password, ocr, language, cache, cache_dir, quiet)
    for message in (*result.document.warnings, *result.warnings):
        stderr.print(f"contractkit: warning: {message}", markup=False, soft_wrap=True)
    if markdown is not None:
        report = result.to_markdown()
        if str(markdown) == "-":
            sys.stdout.write(report)
        else:
            _run(lambda: _write_text(markdown, report.rstrip("\n")))
    if json_out or output is not None:
        if output is None:
            sys.stdout.write(result.to_json(indent=2) + "\n")
        else:
            _run(lambda: _write_text(output, result.to_json(indent=2)))
    elif markdown is None or str(markdown) != "-":
        _print_extraction(result)


@app.command("schema")
def schema_command(
    name: Annotated[
        str, typer.Argument(help="Which schema: document or extraction.", show_default=False)
    ] = "document",
) -> None:
    """Print the JSON Schema of a `--json` output, for pipelines that validate what they read.

    Example: `contractkit schema document > document.schema.json`
    """
    from contractkit.document import document_schema
    from contractkit.extraction import extraction_schema

    schemas = {"document": document_schema, "extraction": extraction_schema}
    if name not in schemas:
        _fail(ExitCode.USAGE, f"unknown schema {name!r}; choose one of {', '.join(schemas)}")
    sys.stdout.write(json.dumps(schemas[name](), indent=2) + "\n")


@app.command("sample")
def sample_command(
    output: Annotated[
        Path, typer.Argument(help="Where to write the sample scan (PDF).", show_default=False)
    ],
) -> None:
    """Write a sample scanned contract (two image-only pages, one skewed) to try OCR on.

    Example: contractkit sample scan.pdf && contractkit ocr scan.pdf -o searchable.pdf
    """
    from contractkit.samples import sample_scan

    _run(lambda: check_target(output))
    _run(lambda: _write_bytes(output, sample_scan()))
    stderr.print(f"wrote {output}", markup=False)


def _write_bytes(path: Path, data: bytes) -> None:
    with atomic_output(path, suffix=path.suffix) as tmp:
        tmp.write_bytes(data)


def _write_text(path: Path, text: str) -> None:
    with atomic_output(path, suffix=".json") as tmp:
        tmp.write_text(text + "\n", encoding="utf-8")


def _print_summary(result: OcrReport, output: Path) -> None:
    out = Console(highlight=False)
    if out.is_terminal:
        table = Table(title=f"{output}", title_justify="left")
        for col in ("page", "action", "words", "confidence", "rotation", "skew", "seconds"):
            table.add_column(col, justify="right" if col != "action" else "left")
        for p in result.pages:
            conf = "-" if p.mean_confidence is None else f"{p.mean_confidence:.0f}"
            style = "bold red" if p.low_confidence else None
            table.add_row(
                str(p.number),
                p.action,
                str(p.words),
                conf,
                f"{p.rotation}°",
                f"{p.skew:+.1f}°",
                f"{p.seconds:.1f}",
                style=style,
            )
        out.print(table)
    ocred = sum(1 for p in result.pages if p.action == "ocr")
    out.print(
        f"wrote {output}: {len(result.pages)} page{'s' if len(result.pages) != 1 else ''} "
        f"({ocred} OCR'd), "
        f"{result.output_bytes / 1024:.0f} KiB ({result.size_ratio:.2f}× input), "
        f"{result.seconds:.1f} s",
        markup=False,
        soft_wrap=True,
    )


def _print_extraction(result: contractkit.Extraction) -> None:
    from contractkit.render.markdown import clause_names, describe, shorten, term_title

    out = Console(highlight=False)
    doc = result.document
    out.print(
        f"[bold]{doc.name}[/]: {doc.pages} page{'s' if doc.pages != 1 else ''}"
        + (f" ({doc.ocr_pages} OCR'd)" if doc.ocr_pages else "")
        + f", {sum(1 for c in result.clauses if c.kind == 'clause')} clauses"
    )
    for party in result.parties:
        role = f" [dim]({party.role})[/]" if party.role else ""
        out.print(f"  {party.name} as {party.defined_as}{role}", soft_wrap=True)
    terms = Table(title="Key terms", title_justify="left", show_lines=False)
    for column in ("term", "value", "page", "clause", "quote"):
        terms.add_column(column, overflow="fold")
    numbers = clause_names(result)
    for term in result.terms:
        quote = shorten(term.quote, 90)
        terms.add_row(
            term_title(term),
            describe(term.value) + (" [bold red]⚠[/]" if term.needs_review else ""),
            str(term.page or "-"),
            numbers.get(term.clause, ""),
            quote,
        )
    out.print(terms)
    clauses = Table(title="Clauses", title_justify="left")
    for column in ("clause", "heading", "page", "categories"):
        clauses.add_column(column, overflow="fold")
    for clause in result.clauses:
        if clause.kind == "preamble":
            continue
        indent = "  " * (clause.level - 1)
        clauses.add_row(
            indent + (clause.number or f"[dim]{clause.kind}[/]"),
            clause.heading or "",
            str(clause.pages[0]) if clause.pages else "",
            ", ".join(label.category.value for label in clause.labels),
        )
    out.print(clauses)


def main() -> None:
    """Entry point of the ``contractkit`` command."""
    try:
        code = app(standalone_mode=False)
    except click_errors.NoArgsIsHelpError:
        code = 0
    except click_errors.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "contractkit"
        stderr.print(
            f"contractkit: error: {exc.format_message()} (see: {where} --help)",
            markup=False,
            soft_wrap=True,
        )
        code = int(ExitCode.USAGE)
    except click_errors.ClickException as exc:
        stderr.print(f"contractkit: error: {exc.format_message()}", markup=False, soft_wrap=True)
        code = exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        stderr.print("contractkit: error: interrupted", markup=False)
        code = int(ExitCode.INTERRUPTED)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
