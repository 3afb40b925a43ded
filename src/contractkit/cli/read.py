"""Commands that read contracts: ocr, text, extract, schema, sample."""

from __future__ import annotations

import json
import sys
import warnings
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

import contractkit
from contractkit._io import check_target
from contractkit.cli._app import (
    Cache,
    CacheDir,
    Language,
    MaxImageMpixels,
    Ocr,
    Password,
    Quiet,
    app,
    fail,
    guard,
    panel,
    progress_bar,
    read_contract,
    run,
    stderr,
    warn,
    write_bytes,
    write_text,
)
from contractkit.errors import ContractKitWarning, ExitCode
from contractkit.ocr import OcrOptions, OcrReport
from contractkit.ocr._models import DEFAULT_MAX_IMAGE_MPIXELS


@app.command("ocr", rich_help_panel=panel("ocr"))
def ocr_command(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            metavar="INPUT",
            help="Scanned or mixed PDF, or images (PNG, JPEG, TIFF, WebP, HEIC); several are "
            "joined into one PDF in the order given.",
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
    photo: Annotated[
        bool,
        typer.Option(
            help="Phone photos: crop to the sheet, undo the perspective, even out the light "
            "(images only, when the sheet's four edges are clear)."
        ),
    ] = True,
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
    max_image_mpixels: MaxImageMpixels = DEFAULT_MAX_IMAGE_MPIXELS,
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
    - `contractkit ocr phone-photo.jpg -o contract.pdf` (the sheet is cropped and flattened)
    - `contractkit ocr vertrag.pdf -o out.pdf -l deu+eng --sidecar out.txt`
    """
    if force and redo:
        fail(ExitCode.USAGE, "--force and --redo cannot be used together")
    mode = "force" if force else "redo" if redo else "auto"
    if output_type not in ("pdfa", "pdf"):
        fail(ExitCode.USAGE, f"--output-type must be pdfa or pdf, not {output_type!r}")
    options = run(
        lambda: OcrOptions(
            deskew=deskew,
            rotate=rotate,
            clean=clean,
            photo=photo,
            jobs=jobs,
            output_type=output_type,  # type: ignore[arg-type]
            page_timeout=page_timeout,
            image_dpi=image_dpi,
            low_confidence=min_confidence,
            max_image_mpixels=max_image_mpixels,
        )
    )
    guard(*inputs)
    if report is not None:
        if report.resolve() in {output.resolve(), *(p.resolve() for p in inputs)}:
            fail(ExitCode.USAGE, "--report must be another file than the input and the output")
        run(lambda: check_target(report))
    with warnings.catch_warnings(), progress_bar(not quiet, "OCR") as progress:
        warnings.simplefilter("ignore", ContractKitWarning)
        result: OcrReport = run(
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
        run(lambda: write_text(report, result.to_json()))
    if json_out:
        sys.stdout.write(result.to_json() + "\n")
    for message in result.warnings:
        warn(message)
    if not quiet and not json_out:
        _print_summary(result, output)


@app.command("text", rich_help_panel=panel("text"))
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
    language: Language = "eng",
    password: Password = None,
    ocr: Ocr = True,
    cache: Cache = True,
    cache_dir: CacheDir = None,
    quiet: Quiet = False,
    max_image_mpixels: MaxImageMpixels = DEFAULT_MAX_IMAGE_MPIXELS,
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
    guard(source)
    if output is not None:
        run(lambda: check_target(output))
    doc = read_contract(
        contractkit.open,
        source,
        password,
        ocr,
        language,
        cache,
        cache_dir,
        quiet,
        max_image_mpixels=max_image_mpixels,
    )
    for message in doc.warnings:
        warn(message)
    result = doc.to_json(indent=2) if json_out else doc.text
    if output is None:
        sys.stdout.write(result + "\n")
    else:
        run(lambda: write_text(output, result))


@app.command("extract", rich_help_panel=panel("extract"))
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
    classifier: Annotated[
        str,
        typer.Option(
            help="What labels the clauses: cuad (the CUAD-trained model with the rules), "
            "rules, or a classifier a plug-in installed."
        ),
    ] = "cuad",
    language: Language = "eng",
    password: Password = None,
    ocr: Ocr = True,
    cache: Cache = True,
    cache_dir: CacheDir = None,
    quiet: Quiet = False,
    max_image_mpixels: MaxImageMpixels = DEFAULT_MAX_IMAGE_MPIXELS,
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
    guard(source)
    for target in (output, markdown):
        if target is not None and str(target) != "-":
            run(partial(check_target, target))
    reader = partial(contractkit.extract, classifier=classifier)
    result = read_contract(
        reader,
        source,
        password,
        ocr,
        language,
        cache,
        cache_dir,
        quiet,
        max_image_mpixels=max_image_mpixels,
    )
    for message in (*result.document.warnings, *result.warnings):
        warn(message)
    if markdown is not None:
        report = contractkit.to_markdown(result)
        if str(markdown) == "-":
            sys.stdout.write(report)
        else:
            run(lambda: write_text(markdown, report.rstrip("\n")))
    if json_out or output is not None:
        if output is None:
            sys.stdout.write(result.to_json(indent=2) + "\n")
        else:
            run(lambda: write_text(output, result.to_json(indent=2)))
    elif markdown is None or str(markdown) != "-":
        _print_extraction(result)


@app.command("schema", rich_help_panel=panel("schema"))
def schema_command(
    name: Annotated[
        str,
        typer.Argument(
            help="Which output: ocr, document, extraction, scorecard, revision, batch or log.",
            show_default=False,
        ),
    ] = "document",
) -> None:
    """Print the JSON Schema of a `--json` output, for pipelines that validate what they read.

    Example: `contractkit schema extraction > extraction.schema.json`
    """
    from contractkit._schemas import SCHEMA_NAMES, json_schema

    if name not in SCHEMA_NAMES:
        fail(ExitCode.USAGE, f"unknown schema {name!r}; choose one of {', '.join(SCHEMA_NAMES)}")
    sys.stdout.write(json.dumps(json_schema(name), indent=2) + "\n")


@app.command("sample", rich_help_panel=panel("sample"))
def sample_command(
    output: Annotated[
        Path, typer.Argument(help="Where to write the sample scan (PDF).", show_default=False)
    ],
) -> None:
    """Write a sample scanned contract (two image-only pages, one skewed) to try OCR on.

    Example: contractkit sample scan.pdf && contractkit ocr scan.pdf -o searchable.pdf
    """
    from contractkit.samples import sample_scan

    run(lambda: check_target(output))
    run(lambda: write_bytes(output, sample_scan()))
    stderr.print(f"wrote {output}", markup=False)


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
    from contractkit.render.markdown import (
        clause_names,
        describe,
        outline_numbers,
        shorten,
        term_title,
    )

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
    outline = outline_numbers(result.clauses)
    for clause in result.clauses:
        if clause.kind == "preamble":
            continue
        indent = "  " * (clause.level - 1)
        label, printed = outline[clause.id]
        # a number the contract did not print is dimmed: the reader's, not the contract's
        shown = escape(label) if printed else f"[dim]{escape(label)}[/]"
        clauses.add_row(
            indent + shown,
            escape(clause.heading or ""),
            str(clause.pages[0]) if clause.pages else "",
            ", ".join(label.category.value for label in clause.labels),
        )
    out.print(clauses)
