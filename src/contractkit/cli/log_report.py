"""``contractkit log report``: what the record teaches, as a chart, a report and lessons."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Annotated

import typer

from contractkit._io import check_target
from contractkit.cli._app import (
    Cache,
    CacheDir,
    Language,
    Ocr,
    Password,
    Quiet,
    guard,
    run,
    stderr,
    warn,
)
from contractkit.cli.exit import _extract
from contractkit.cli.log import DEFAULT_STORE, Store, _open, log_app

__all__ = ["log_report"]


@log_app.command("report")
def log_report(
    store: Store = Path(DEFAULT_STORE),
    contract: Annotated[
        str | None,
        typer.Option(
            "--contract",
            "-c",
            help="The contract the incidents happened under: links each to its clause "
            "and gives the late-interest rate.",
            show_default=False,
        ),
    ] = None,
    chart: Annotated[
        Path | None,
        typer.Option("--chart", help="The timeline chart: .png or .pdf.", show_default=False),
    ] = None,
    lessons: Annotated[
        Path | None,
        typer.Option(
            "--lessons",
            help="The playbook override file (.toml) for review/revise --playbook.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The report: .pdf (with the chart), .docx, .md or .txt.",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="Title (default: from the store's name).")
    ] = None,
    language: Language = "eng",
    password: Password = None,
    ocr: Ocr = True,
    cache: Cache = True,
    cache_dir: CacheDir = None,
    quiet: Quiet = False,
) -> None:
    """Report the incidents by tag: counts, first and last, escalation, clauses, lessons.

    Each tagged entry (scope-creep, late-payment, boundary-violation, disrespect, or your
    own tags) is an incident. With `--contract`, a late payment is linked to the payment
    terms with the late interest owed, scope creep to the change-order clause or its
    absence. The lessons are playbook changes for the next client, written with
    `--lessons` as an override file.

    Examples:
    - `contractkit log report --contract contract.pdf --chart incidents.png --lessons lessons.toml`
    - `contractkit log report -o report.pdf && contractkit review next.pdf --playbook lessons.toml`
    """
    from contractkit.exit.report import incident_report

    guard(store, contract)
    for target in (chart, lessons, output):
        if target is not None:
            run(functools.partial(check_target, target))
    extraction = (
        _extract(contract, password, ocr, language, cache, cache_dir, quiet) if contract else None
    )
    with _open(store, create=False) as log:
        report = run(
            lambda: incident_report(log, extraction, title=title or f"Incidents: {store.stem}")
        )
    if chart is not None:
        run(lambda: report.write_chart(chart))
    if lessons is not None:
        run(lambda: report.write_lessons(lessons))
    if output is not None:
        run(lambda: report.write(output))
    for tag in report.tags:
        trend = f"{tag.escalation} ({tag.halves[0]} then {tag.halves[1]})"
        sys.stdout.write(
            f"{tag.tag}\t{tag.count}\t{tag.first:%Y-%m-%d}\t{tag.last:%Y-%m-%d}\t{trend}\t"
            f"{tag.concerns}\n"
        )
    if report.interest_owed:
        total, currency = report.interest_owed
        sys.stdout.write(f"late interest owed\t{currency or ''} {total:,.2f}\n")
    for warning in report.warnings:
        warn(warning)
    if not quiet:
        written = [str(p) for p in (output, chart, lessons) if p is not None]
        stderr.print(
            f"{len(report.incidents)} incidents, {len(report.lessons)} lessons"
            + (f"; wrote {', '.join(written)}" if written else ""),
            markup=False,
            soft_wrap=True,
        )
