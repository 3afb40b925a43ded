"""The `log` commands: a tamper-evident record of a client relationship."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from contractkit._io import check_target
from contractkit.cli._app import app, fail, guard, panel, run, stderr
from contractkit.cli.exit import _extract, _time
from contractkit.errors import ExitCode
from contractkit.exit._entries import KINDS, SUGGESTED_TAGS, LogEntry
from contractkit.exit.record import InteractionLog

#: Where `contractkit log` keeps its record when --store is not given.
DEFAULT_STORE = "contractkit-log.sqlite"
STORE_ENV = "CONTRACTKIT_LOG"

log_app = typer.Typer(
    name="log",
    help="Keep a tamper-evident record of a client relationship (one SQLite file per matter).",
    no_args_is_help=True,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(log_app, rich_help_panel=panel("log"))

Store = Annotated[
    Path,
    typer.Option(
        "--store",
        envvar=STORE_ENV,
        help=f"The log file (one per client or matter; also ${STORE_ENV}).",
    ),
]
Tags = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        help=f"A label, repeatable: {', '.join(SUGGESTED_TAGS)}, or your own.",
        show_default=False,
    ),
]


def _open(store: Path, *, create: bool) -> InteractionLog:
    return run(lambda: InteractionLog(store, create=create))


def _print_entries(entries: tuple[LogEntry, ...], as_json: bool) -> None:
    if as_json:
        rows = [e.to_dict() for e in entries]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    out = Console(highlight=False)
    if out.is_terminal:
        table = Table(show_lines=False)
        for column in ("#", "when (UTC)", "kind", "title", "tags", "files"):
            table.add_column(column, overflow="fold")
        for e in entries:
            table.add_row(
                str(e.seq),
                e.occurred.strftime("%Y-%m-%d %H:%M"),
                e.kind,
                e.title,
                ", ".join(e.tags),
                str(len(e.attachments)),
            )
        out.print(table)
        return
    for e in entries:
        tags = f" [{', '.join(e.tags)}]" if e.tags else ""
        sys.stdout.write(
            f"{e.seq}\t{e.occurred.strftime('%Y-%m-%d %H:%M')}\t{e.kind}\t{e.title}{tags}\n"
        )


@log_app.command("add")
def log_add(
    kind: Annotated[str, typer.Argument(help="note, call or meeting.", show_default=False)],
    summary: Annotated[
        str, typer.Argument(help="What happened, in factual words.", show_default=False)
    ],
    store: Store = Path(DEFAULT_STORE),
    time: Annotated[
        str | None,
        typer.Option(
            "--time",
            help="When it happened: YYYY-MM-DDTHH:MM, local time unless an offset is given "
            "(default: now).",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="Short title (default: the summary's start).")
    ] = None,
    participant: Annotated[
        list[str] | None,
        typer.Option("--with", "-w", help="Who took part, repeatable.", show_default=False),
    ] = None,
    tag: Tags = None,
) -> None:
    """Record a note, call or meeting.

    Examples:
    - `contractkit log add call "Asked for two unpaid extra pages." -w "Tom Reed" -t scope-creep`
    - `contractkit log add meeting "Milestone 2 review." --time 2025-03-04T10:00 --store a.sqlite`
    """
    if kind not in ("note", "call", "meeting"):
        fail(
            ExitCode.USAGE,
            f"KIND must be note, call or meeting, not {kind!r}",
            "e-mails and documents are added with: contractkit log import FILE",
        )
    occurred = _time(time, "--time")
    with _open(store, create=True) as log:
        entry = run(
            lambda: log.add(
                kind,  # type: ignore[arg-type]
                summary,
                occurred=occurred,
                title=title,
                participants=participant or (),
                tags=tag or (),
            )
        )
    stderr.print(f"added entry {entry.seq} to {store}", markup=False)


@log_app.command("import")
def log_import(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help="E-mails (.eml) and documents (PDF, PNG, JPEG, TIFF, WebP).",
            show_default=False,
        ),
    ],
    store: Store = Path(DEFAULT_STORE),
    tag: Tags = None,
    time: Annotated[
        str | None,
        typer.Option(
            "--time",
            help="When the documents were received (e-mails carry their own date).",
            show_default=False,
        ),
    ] = None,
    note: Annotated[str, typer.Option(help="A summary for the documents.")] = "",
) -> None:
    """Import e-mails and documents, with their attachments stored and hashed.

    All files are checked first and stored in one transaction: if one e-mail is malformed,
    nothing is stored. A file already in the log is skipped.

    Examples:
    - `contractkit log import mail/*.eml --tag late-payment`
    - `contractkit log import signed-sow.pdf --note "SOW 2 as signed" --time 2025-02-01`
    """
    occurred = _time(time, "--time")
    with _open(store, create=True) as log:
        added = run(lambda: log.import_files(files, tags=tag or (), occurred=occurred, note=note))
    skipped = len(files) - len(added)
    stderr.print(
        f"imported {len(added)} file{'s' if len(added) != 1 else ''} into {store}"
        + (f" ({skipped} already there)" if skipped else ""),
        markup=False,
    )


Since = Annotated[
    str | None, typer.Option("--since", help="From this time (YYYY-MM-DD).", show_default=False)
]
Until = Annotated[
    str | None, typer.Option("--until", help="Before this time (YYYY-MM-DD).", show_default=False)
]
Kinds = Annotated[
    list[str] | None,
    typer.Option("--kind", help=f"Only these kinds: {', '.join(KINDS)}.", show_default=False),
]
JsonOut = Annotated[bool, typer.Option("--json", help="Print the entries as JSON.")]


def _search(
    store: Path,
    text: str | None,
    tag: list[str] | None,
    kind: list[str] | None,
    since: str | None,
    until: str | None,
    json_out: bool,
) -> None:
    for k in kind or ():
        if k not in KINDS:
            fail(ExitCode.USAGE, f"--kind must be one of {', '.join(KINDS)}, not {k!r}")
    start, end = _time(since, "--since"), _time(until, "--until")
    with _open(store, create=False) as log:
        entries = run(
            lambda: log.search(
                text,
                tags=tag or (),
                kinds=kind or (),  # type: ignore[arg-type]
                since=start,
                until=end,
            )
        )
    _print_entries(entries, json_out)


@log_app.command("list")
def log_list(
    store: Store = Path(DEFAULT_STORE),
    tag: Tags = None,
    kind: Kinds = None,
    since: Since = None,
    until: Until = None,
    json_out: JsonOut = False,
) -> None:
    """List entries in the order things happened.

    Examples:
    - `contractkit log list`
    - `contractkit log list --tag late-payment --since 2025-01-01 --json`
    """
    _search(store, None, tag, kind, since, until, json_out)


@log_app.command("search")
def log_search(
    text: Annotated[str, typer.Argument(help="Words to find.", show_default=False)],
    store: Store = Path(DEFAULT_STORE),
    tag: Tags = None,
    kind: Kinds = None,
    since: Since = None,
    until: Until = None,
    json_out: JsonOut = False,
) -> None:
    """Find entries whose title, text, participants, headers or file names contain TEXT.

    Example: `contractkit log search "extra pages" --kind email`
    """
    _search(store, text, tag, kind, since, until, json_out)


@log_app.command("verify")
def log_verify(
    store: Store = Path(DEFAULT_STORE),
    head: Annotated[
        str | None,
        typer.Option(
            help="A head hash noted earlier (from verify or a dossier; 16+ characters): it must "
            "still be in the chain, which catches a log rebuilt from scratch.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check the hash chain; name the first entry altered or removed (exit code 10).

    Examples:
    - `contractkit log verify --store northwind.sqlite`
    - `contractkit log verify --store northwind.sqlite --head d91b0c5b223bb5a8`
    """
    with _open(store, create=False) as log:
        check = run(lambda: log.verify(head=head))
    if not check.ok:
        fail(
            ExitCode.TAMPERED,
            f"{store}: {check.failure}",
            (f"entries 1 to {check.entries} verify; " if check.entries and check.first_bad else "")
            + "keep a copy of this file as it is",
        )
    typer.echo(f"{store}: {check}")


@log_app.command("export")
def log_export(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The dossier PDF.", show_default=False)
    ],
    store: Store = Path(DEFAULT_STORE),
    title: Annotated[
        str | None, typer.Option(help="Title (default: from the store's name).")
    ] = None,
    contract: Annotated[
        str | None,
        typer.Option(
            "--contract",
            "-c",
            help="Add the incident report (chart, clauses concerned, lessons) for this "
            "contract after the index.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export a chronological dossier PDF: index, each entry's details, attachment hashes.

    The dossier opens with the verification result; it is written even when the chain is
    broken (that is evidence too), and the command then exits with code 10.

    Examples:
    - `contractkit log export -o dossier.pdf --store northwind.sqlite`
    - `contractkit log export -o dossier.pdf --contract contract.pdf` (with the incident report)
    """
    guard(store, contract)
    run(lambda: check_target(output))
    from contractkit.exit.report import incident_report

    extraction = (
        _extract(contract, None, True, "eng", True, None, True) if contract is not None else None
    )
    with _open(store, create=False) as log:
        report = (
            run(lambda: incident_report(log, extraction, title="What the record shows"))
            if extraction is not None
            else None
        )
        check = run(lambda: log.export(output, title=title, report=report))
    stderr.print(f"wrote {output}", markup=False)
    if not check.ok:
        fail(ExitCode.TAMPERED, f"{store}: {check.failure}")
